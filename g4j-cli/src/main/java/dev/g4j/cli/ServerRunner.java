package dev.g4j.cli;

import dev.g4j.G4j;
import java.util.List;

/**
 * What {@code g4j serve} starts. The server module is not part of this build yet; when it is, an
 * implementation that starts it on the given client and blocks until Ctrl-C replaces
 * {@link #NOT_AVAILABLE} in {@link Main}.
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
     */
    int run(G4j client, Settings settings, Io io) throws InterruptedException;

    ServerRunner NOT_AVAILABLE = (client, settings, io) -> {
        io.err().println("g4j: the server is not available in this build (the g4j-server module is missing); "
                + "`serve` would listen on " + settings.host() + ":" + settings.port());
        return Errors.USAGE;
    };
}
