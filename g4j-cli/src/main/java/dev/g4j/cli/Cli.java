package dev.g4j.cli;

import dev.g4j.G4j;
import dev.g4j.G4jConfig;
import dev.g4j.G4jException;
import dev.g4j.ProviderOption;
import dev.g4j.Timeouts;
import dev.g4j.http.JettyTransport;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * One run of the {@code g4j} command over given streams: parses the arguments with picocli, runs the
 * command, and turns every failure into its exit code. {@link Main} runs it on the real process; tests
 * run it in-process with their own {@link Io}, client factory and server runner.
 */
final class Cli {
    /** Makes the client for a run from the configuration the command line built. */
    @FunctionalInterface
    interface ClientFactory {
        G4j create(G4jConfig config);
    }

    /** TCP connect timeout of the command: short, so that a dead network fails a chain fast. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** See {@link ChatTurn}: a chain that has not produced one event by then, over a dead network, stops. */
    static final Duration GIVE_UP_AFTER = Duration.ofSeconds(10);

    final Io io;
    final ClientFactory clients;
    final ServerRunner server;
    final Interrupts interrupts;
    final Duration giveUpAfter;

    Cli(Io io, ClientFactory clients, ServerRunner server, Interrupts interrupts, Duration giveUpAfter) {
        this.io = io;
        this.clients = clients;
        this.server = server;
        this.interrupts = interrupts;
        this.giveUpAfter = giveUpAfter;
    }

    /** The real client: every provider on the class path, the JDK resolver bounded by the connect timeout. */
    static G4j defaultClient(G4jConfig config) {
        JettyTransport jetty = JettyTransport.create(
                new JettyTransport.Settings(config.timeouts().connect(), config.maxConnectionsPerHost(), "g4j"));
        return G4j.builder().config(config).transport(new ResolvingTransport(jetty)).build();
    }

    /** Runs the command line and returns the exit code. */
    int run(String... args) {
        Factory factory = new Factory();
        CommandLine cl = new CommandLine(RootCommand.class, factory);
        for (String name : RootCommand.needed(args)) {
            try {
                cl.addSubcommand(name, factory.create(RootCommand.COMMANDS.get(name)));
            } catch (Exception e) {
                throw new IllegalStateException("cannot create the command " + name, e);
            }
        }
        cl.setOut(new PrintWriter(io.out(), true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(io.err(), true, StandardCharsets.UTF_8));
        cl.setParameterExceptionHandler(this::usageError);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> failure(e, cmd));
        try {
            return cl.execute(args);
        } finally {
            io.out().flush();
            io.err().flush();
        }
    }

    /**
     * The client for a command, configured from the command line: {@code --option}s (every key checked:
     * an unknown provider or option name is a usage error), {@code --api-key}, {@code --proxy} and
     * {@code --timeout} as the command-line level of option resolution, the run's environment.
     */
    G4j client(GlobalOptions.Settings settings, Optional<String> apiKey) {
        Logging.configure(io, settings.verbosity());
        Map<String, String> options = new LinkedHashMap<>(settings.options());
        apiKey.ifPresent(k -> options.put(ProviderOption.API_KEY, k));
        settings.proxy().ifPresent(p -> options.put(ProviderOption.PROXY, p));
        settings.timeout().ifPresent(t -> options.put(ProviderOption.TIMEOUT, t.toMillis() + "ms"));
        G4jConfig config = G4jConfig.builder()
                .environment(io.env())
                .configFile(configFile(io))
                .options(options)
                .timeouts(Timeouts.DEFAULT.withConnect(CONNECT_TIMEOUT))
                .build();
        G4j g4j = clients.create(config);
        List<String> problems;
        try {
            problems = g4j.checkOptionKeys(settings.options().keySet());
        } catch (RuntimeException e) {
            g4j.close();
            throw e;
        }
        if (!problems.isEmpty()) {
            g4j.close();
            throw new Errors.UsageException("--option: " + String.join("; ", problems));
        }
        return g4j;
    }

    /**
     * {@code $G4J_CONFIG}, else {@code ~/.config/g4j/config.properties} when it exists, {@code ~} being
     * {@code $HOME} as in a shell (Java's {@code user.home} comes from the password database and ignores
     * a changed {@code HOME}).
     */
    static Optional<Path> configFile(Io io) {
        String explicit = io.env().get("G4J_CONFIG");
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(io.resolve(explicit));
        }
        String home = io.env().get("HOME");
        if (home == null || home.isBlank()) {
            home = System.getProperty("user.home");
        }
        if (home == null || home.isBlank()) {
            return Optional.empty();
        }
        Path p = Path.of(home, ".config", "g4j", "config.properties");
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    private int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        io.err().println("g4j: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, cmd.getErr());
        io.err().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        io.err().flush();
        return Errors.USAGE;
    }

    private int failure(Exception e, CommandLine cmd) {
        int verbosity = 0;
        try {
            verbosity = GlobalOptions.merged(cmd.getCommandSpec()).verbosity();
        } catch (RuntimeException ignored) {
            // the options themselves were wrong
        }
        Errors.print(e, List.of(), io.err(), verbosity);
        if (e instanceof Errors.UsageException) {
            io.err().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        }
        return e instanceof G4jException || e instanceof Errors.UsageException ? Errors.exitCode(e) : Errors.FAILURE;
    }

    /** Gives every command and mixin this run's context through a constructor taking {@link Cli}. */
    private final class Factory implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                Constructor<K> c = cls.getDeclaredConstructor(Cli.class);
                c.setAccessible(true);
                return c.newInstance(Cli.this);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
