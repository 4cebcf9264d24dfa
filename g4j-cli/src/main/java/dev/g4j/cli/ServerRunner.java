package dev.g4j.cli;

import dev.g4j.G4j;
import java.util.List;

/**
 * What {@code g4j serve} starts. The server module is not part of this build yet; when it is, an
 * implementation replaces {@link #NOT_AVAILABLE} in {@link Main}: it starts the server on the given
 * client (whose providers, options, proxy and timeouts come from the command line), prints where it
 * listens on stderr, and blocks until Ctrl-C, which it takes over for a graceful stop:
 *
 * <pre>{@code
 * ServerRunner gateway = (client, settings, io, interrupts) -> {
 *     Server server = Server.start(client, settings.host(), settings.port(), settings.apiKeys());
 *     io.err().println("g4j: serving on http://" + settings.host() + ":" + server.port() + "/v1");
 *     CountDownLatch stopped = new CountDownLatch(1);
 *     try (Interrupts.Scope scope = interrupts.arm(() -> { server.stop(); stopped.countDown(); })) {
 *         stopped.await();
 *     }
 *     return Errors.OK;
 * };
 * }</pre>
 */
@FunctionalInterface
interface ServerRunner {
    /** The parsed {@code serve} options. */
    record Settings(String host, int port, List<String> apiKeys, int verbosity) {
        public Settings {
            apiKeys = List.copyOf(apiKeys);
        }
    }

    /**
     * Runs the server until it is stopped; returns the exit code.
     *
     * @param client the configured client (providers, options, proxy, timeouts of the command line)
     * @param interrupts Ctrl-C: arm it with what stops the server
     */
    int run(G4j client, Settings settings, Io io, Interrupts interrupts) throws InterruptedException;

    ServerRunner NOT_AVAILABLE = (client, settings, io, interrupts) -> {
        io.err().println("g4j: the server is not available in this build (the g4j-server module is missing); "
                + "`serve` would listen on " + settings.host() + ":" + settings.port());
        return Errors.USAGE;
    };
}
