package dev.g4j.cli;

import dev.g4j.ConnectionException;
import dev.g4j.G4j;
import dev.g4j.G4jConfig;
import dev.g4j.http.CallSettings;
import dev.g4j.http.HttpRequest;
import dev.g4j.http.HttpResponse;
import dev.g4j.http.JettyTransport;
import dev.g4j.http.Transport;
import dev.g4j.spi.Provider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Runs the real command line in-process: given providers (or those on the class path), an environment,
 * stdin and terminal facts; captures stdout as bytes and stderr as text.
 */
final class Harness {
    static final Transport NO_NETWORK = new Transport() {
        @Override
        public HttpResponse send(HttpRequest request, CallSettings settings) {
            throw new ConnectionException("no network in this test: " + request.uri(), settings.provider(), 0, null);
        }
    };

    private List<? extends Provider> providers;
    private boolean realTransport;
    private final Map<String, String> env = new HashMap<>();
    private InputStream stdin = new ByteArrayInputStream(new byte[0]);
    private ByteArrayOutputStream stdout;
    private boolean stdinTty;
    private boolean stdoutTty;
    private boolean stderrTty;
    private Path workingDir = Path.of("").toAbsolutePath();
    private ServerRunner server = ServerRunner.NOT_AVAILABLE;
    private Duration giveUpAfter = Cli.GIVE_UP_AFTER;
    private UnaryOperator<G4jConfig.Builder> tuning = UnaryOperator.identity();
    final AtomicReference<G4jConfig> lastConfig = new AtomicReference<>();
    final Interrupts interrupts = new Interrupts(() -> halted = true);
    volatile boolean halted;

    /** Runs with exactly these providers and no network. */
    static Harness with(Provider... providers) {
        Harness h = new Harness();
        h.providers = List.of(providers);
        return h;
    }

    /** Runs with the providers on the class path and the real transport (simulator tests). */
    static Harness classPath() {
        Harness h = new Harness();
        h.realTransport = true;
        return h;
    }

    Harness realTransport() {
        this.realTransport = true;
        return this;
    }

    Harness env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Harness stdin(String text) {
        this.stdin = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    Harness stdin(InputStream in) {
        this.stdin = in;
        return this;
    }

    /** Terminal facts, as the launcher would pass them. */
    Harness tty(boolean in, boolean out, boolean err) {
        this.stdinTty = in;
        this.stdoutTty = out;
        this.stderrTty = err;
        return this;
    }

    /** Captures stdout in this stream (to watch its flushes). */
    Harness stdout(ByteArrayOutputStream out) {
        this.stdout = out;
        return this;
    }

    Harness workingDir(Path dir) {
        this.workingDir = dir;
        return this;
    }

    Harness server(ServerRunner runner) {
        this.server = runner;
        return this;
    }

    Harness giveUpAfter(Duration d) {
        this.giveUpAfter = d;
        return this;
    }

    /**
     * Adjusts the client's configuration beyond what the command line can say (an idle timeout or an
     * answer size limit short enough for a fast test).
     */
    Harness tune(UnaryOperator<G4jConfig.Builder> change) {
        this.tuning = change;
        return this;
    }

    Result run(String... args) {
        ByteArrayOutputStream out = stdout != null ? stdout : new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(stdin, new PrintStream(out, false, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, workingDir, stdinTty, stdoutTty, stderrTty,
                100, false);
        Cli cli = new Cli(io, this::client, server, interrupts, giveUpAfter);
        int code = cli.run(args);
        return new Result(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    private G4j client(G4jConfig config) {
        // the developer's own config file stays out of tests, unless a test sets up its own
        G4jConfig.Builder own = env.containsKey("HOME") || env.containsKey("G4J_CONFIG") ? config.toBuilder()
                : config.toBuilder().configFile(Optional.empty());
        G4jConfig c = tuning.apply(own).build();
        lastConfig.set(c);
        G4j.Builder b = G4j.builder().config(c);
        if (providers != null) {
            b.providers(new ArrayList<>(providers));
        }
        b.transport(realTransport
                ? new ResolvingTransport(JettyTransport.create(new JettyTransport.Settings(
                        c.timeouts().connect(), 16, "g4j-test")))
                : NO_NETWORK);
        return b.build();
    }

    /** What a run printed and returned. */
    record Result(int exit, byte[] stdoutBytes, String stderr) {
        String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout() + "\n--- stderr\n" + stderr;
        }
    }
}
