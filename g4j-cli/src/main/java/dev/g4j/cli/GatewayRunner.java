package dev.g4j.cli;

import dev.g4j.G4j;
import dev.g4j.server.G4jServer;
import dev.g4j.server.ServerConfig;
import java.util.concurrent.CountDownLatch;

/**
 * {@code g4j serve}: the OpenAI-compatible server over the command line's configuration (providers,
 * options, proxy, timeouts), until Ctrl-C. The server builds its own client from that configuration so
 * that media from the network is handled with the untrusted policy.
 */
final class GatewayRunner implements ServerRunner {

    @Override
    public int run(G4j client, Settings settings, Io io, Interrupts interrupts) throws InterruptedException {
        ServerConfig.Builder config = ServerConfig.builder()
                .environment(client.config().environment())
                .host(settings.host())
                .port(settings.port());
        if (!settings.apiKeys().isEmpty()) {
            config.apiKeys(settings.apiKeys());
        }
        G4jServer server;
        try {
            server = G4jServer.builder().g4jConfig(client.config()).config(config.build()).build().start();
        } catch (RuntimeException e) {
            String where = settings.host() + ":" + settings.port();
            String why = why(e);
            io.err().println("g4j: cannot serve" + (why.contains(where) ? "" : " on " + where) + ": " + why);
            if (settings.verbosity() > 0) {
                e.printStackTrace(io.err());
            }
            return Errors.FAILURE;
        }
        try (server) {
            io.err().println("g4j: serving the OpenAI API on " + server.baseUri()
                    + (server.config().authRequired() ? " (API key required)" : "") + "; Ctrl-C stops");
            CountDownLatch stopped = new CountDownLatch(1);
            try (Interrupts.Scope scope = interrupts.arm(() -> {
                server.close();
                stopped.countDown();
            })) {
                stopped.await();
            }
        }
        io.err().println("g4j: server stopped");
        return Errors.OK;
    }

    /** The innermost message: a wrapped {@code BindException} says it all, without the wrappers' class names. */
    static String why(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null
                || t.getMessage().equals(t.getCause().toString()))) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
