package dev.g4j.cli;

import dev.g4j.G4j;
import java.util.List;

/**
 * What {@code g4j serve} starts: {@link GatewayRunner} in {@link Main}, the OpenAI-compatible server of
 * {@code g4j-server} over the client the command line configured (providers, options, proxy,
 * timeouts). It prints where it listens on stderr and blocks until Ctrl-C, which it takes over for a
 * graceful stop. Tests run the command line with {@link #NOT_AVAILABLE} or their own runner.
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
