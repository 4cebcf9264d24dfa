package dev.g4j.cli;

import dev.g4j.ChatEvent;
import dev.g4j.ChatRequest;
import dev.g4j.ChatStream;
import dev.g4j.G4j;
import dev.g4j.G4jException;
import dev.g4j.Message;
import dev.g4j.ProviderInfo;
import dev.g4j.ProviderOption;
import dev.g4j.spi.Options;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code g4j providers check}: asks every provider (or those named) a short question at the same time,
 * each within a deadline, and prints which answered, how fast, and why the others failed. Providers
 * that lack a key or a required option are listed as skipped, with no request sent.
 */
@Command(
        name = "check",
        separator = " ",
        description = "Probe providers live, concurrently, with a short prompt and a deadline; print a table of "
                + "ok / failed / skipped with latency. Exit 0 when at least one answered, 5 when none did.")
final class CheckCommand implements Callable<Integer> {
    static final String PROMPT = "Reply with the single word OK.";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    @Mixin
    GlobalOptions globals;

    @Option(names = {"-p", "--provider"}, paramLabel = "PROVIDER", description = "Probe this provider. Repeatable.")
    List<String> providers = new ArrayList<>();

    @Option(names = "--api-key", paramLabel = "KEY", description = "API key for the providers that need one.")
    String apiKey;

    @Spec
    CommandSpec spec;

    private final Cli cli;

    CheckCommand(Cli cli) {
        this.cli = cli;
    }

    /** One provider's result. */
    record Probe(String provider, String result, Duration latency, String detail) {}

    @Override
    public Integer call() throws InterruptedException {
        GlobalOptions.Settings settings = GlobalOptions.merged(spec);
        Duration timeout = settings.timeout().orElse(DEFAULT_TIMEOUT);
        try (G4j g4j = cli.client(settings, RootCommand.apiKey(spec, apiKey))) {
            List<ProviderInfo> targets = providers.isEmpty() ? g4j.providers()
                    : providers.stream().map(g4j::provider).toList();
            int n = targets.size();
            AtomicReferenceArray<Probe> results = new AtomicReferenceArray<>(n);
            List<ChatStream> open = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(n);
            StatusLine status = StatusLine.of(cli.io);
            ReentrantLock lock = new ReentrantLock(); // the status line is drawn from every probe's thread
            status.status("checking " + n + (n == 1 ? " provider" : " providers") + " (deadline "
                    + Errors.seconds(timeout) + ")...");
            for (int i = 0; i < n; i++) {
                int index = i;
                ProviderInfo p = targets.get(i);
                Thread.ofVirtual().name("g4j-check-" + p.name()).start(() -> {
                    try {
                        results.set(index, probe(g4j, p, timeout, open));
                    } finally {
                        lock.lock();
                        try {
                            done.countDown();
                            if (status.tty()) {
                                status.status("checking providers: " + (n - done.getCount()) + "/" + n + " done");
                            }
                        } finally {
                            lock.unlock();
                        }
                    }
                });
            }
            boolean interrupted;
            try (Interrupts.Scope scope = cli.interrupts.arm(() -> open.forEach(ChatStream::close))) {
                // the probes end by their own deadline; the extra second covers their unwinding
                boolean finished = done.await(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
                interrupted = cli.interrupts.requested();
                if (!finished) {
                    open.forEach(ChatStream::close);
                }
            }
            lock.lock();
            try {
                status.clear();
            } finally {
                lock.unlock();
            }
            if (interrupted) {
                cli.io.err().println("g4j: interrupted");
                return Errors.INTERRUPTED;
            }
            Table t = new Table("PROVIDER", "RESULT", "LATENCY", "DETAIL");
            int ok = 0;
            for (int i = 0; i < n; i++) {
                Probe r = results.get(i);
                if (r == null) {
                    r = new Probe(targets.get(i).name(), "failed", timeout, "timeout: no answer within the deadline");
                }
                ok += r.result().equals("ok") ? 1 : 0;
                t.row(r.provider(), r.result(), r.result().equals("skipped") ? "-" : Errors.seconds(r.latency()),
                        r.detail());
            }
            t.print(cli.io.out());
            return ok > 0 ? Errors.OK : Errors.UPSTREAM;
        }
    }

    private Probe probe(G4j g4j, ProviderInfo p, Duration timeout, List<ChatStream> open) {
        Optional<String> missing = missing(g4j, p);
        if (missing.isPresent()) {
            return new Probe(p.name(), "skipped", Duration.ZERO, missing.get());
        }
        long start = System.nanoTime();
        ChatRequest request = ChatRequest.builder().provider(p.name()).addMessage(Message.user(PROMPT))
                .timeout(timeout).build();
        StringBuilder text = new StringBuilder();
        try (ChatStream stream = g4j.chat().stream(request)) {
            open.add(stream);
            boolean finished = false;
            for (ChatEvent e : stream) {
                switch (e) {
                    case ChatEvent.TextDelta t -> text.append(t.text());
                    case ChatEvent.ImageOutput i -> text.append("[image]");
                    case ChatEvent.Finished f -> finished = true;
                    default -> { }
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (!finished) {
                return new Probe(p.name(), "failed", took, "cancelled: stopped before the end");
            }
            String model = stream.model().orElse("");
            return new Probe(p.name(), "ok", took, (model.isEmpty() ? "" : model + ": ") + "\""
                    + excerpt(text.toString().strip(), 40) + "\"");
        } catch (G4jException e) {
            return new Probe(p.name(), "failed", Duration.ofNanos(System.nanoTime() - start),
                    e.kind().wireName() + ": " + excerpt(e.getMessage(), 120));
        } catch (RuntimeException e) {
            return new Probe(p.name(), "failed", Duration.ofNanos(System.nanoTime() - start),
                    "internal: " + excerpt(String.valueOf(e), 120));
        }
    }

    /** Why a provider cannot be tried without sending anything: a missing key or required option. */
    private static Optional<String> missing(G4j g4j, ProviderInfo p) {
        Options options = g4j.options(p.name());
        if (p.needsAuth() && options.find(ProviderOption.API_KEY).isEmpty()) {
            return Optional.of("needs an API key (--api-key or " + Options.envName(p.name(), "api_key") + ")");
        }
        for (ProviderOption o : p.options()) {
            if (o.required() && options.find(o.name()).isEmpty()) {
                return Optional.of("needs the option " + o.name() + " (" + Options.envName(p.name(), o.name()) + ")");
            }
        }
        return Optional.empty();
    }

    static String excerpt(String s, int max) {
        String one = s.replace('\n', ' ').replace('\r', ' ');
        return one.length() <= max ? one : one.substring(0, max - 1) + "...";
    }
}
