package dev.g4j.server;

import dev.g4j.G4j;
import dev.g4j.G4jConfig;
import dev.g4j.MediaPolicy;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The OpenAI-compatible HTTP server: any OpenAI SDK works against {@link #baseUri()}
 * ({@code http://host:port/v1}). Helidon SE runs each request on its own virtual thread.
 *
 * <pre>{@code
 * try (G4jServer server = G4jServer.builder()
 *         .g4jConfig(G4jConfig.defaults())      // the server builds (and closes) its client
 *         .port(1337)
 *         .apiKey("sk-local-secret")
 *         .build()
 *         .start()) {
 *     System.out.println("listening on " + server.baseUri());
 *     server.awaitShutdown();
 * }
 * }</pre>
 *
 * <p>The server's client must treat media from requests as untrusted: a client the server builds gets
 * {@link MediaPolicy#untrusted(boolean)}; a client given with {@link Builder#client} must already have
 * such a policy.
 */
public final class G4jServer implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(G4jServer.class);
    private final ServerState state;
    private final boolean ownsClient;
    private volatile WebServer web;

    private G4jServer(ServerState state, boolean ownsClient) {
        this.state = state;
        this.ownsClient = ownsClient;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds and starts serving; returns at once. */
    public G4jServer start() {
        if (web != null) {
            throw new IllegalStateException("the server is already started");
        }
        ServerConfig c = state.config;
        web = WebServer.builder()
                .host(c.host())
                .port(c.port())
                .shutdownHook(false)
                .protocolsDiscoverServices(false)
                // memory per open stream (the 10,000-stream target): socket streams keep one 8 KiB buffer
                // per connection where NIO sockets keep two; chunks are written whole, so no write buffer
                .useNio(false)
                .writeBufferSize(0)
                // bursts of thousands of new streams: a full accept queue costs a client a 1 s SYN retry
                .backlog(8192)
                // Helidon's listener stops for good when accept() fails, and it fails when the process is out
                // of file descriptors: never accept more clients than there are descriptors to answer them
                .maxTcpConnections(maxTcpConnections())
                .addProtocol(Http1Config.builder().addReceiveListener(state.probe).build())
                .connectionOptions(o -> o.tcpNoDelay(true)) // SSE chunks are small: never wait for Nagle
                .directHandlers(TransportErrors.handlers())
                .routing(new Routes(state).routing())
                .build()
                .start();
        if (!web.isRunning()) {
            // Helidon logs a bind failure and returns a stopped server; make it the caller's failure
            WebServer failed = web;
            web = null;
            failed.stop();
            throw new java.io.UncheckedIOException(new java.net.BindException(
                    "cannot listen on " + c.host() + ":" + c.port() + " (address in use or not allowed)"));
        }
        return this;
    }

    /**
     * Client connections accepted at once: each may hold one upstream connection too, so at most half
     * of the process's file descriptors, less a reserve for everything else (jars, logs, media files).
     * Beyond it, new clients wait in the accept queue until a connection closes.
     */
    static int maxTcpConnections() {
        long max = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
        return max <= 0 ? -1 : (int) Math.max(64, Math.min(Integer.MAX_VALUE, (max - FD_RESERVE) / 2));
    }

    private static final long FD_RESERVE = 256;

    /** The bound port (the real one when configured as 0). */
    public int port() {
        WebServer w = web;
        if (w == null) {
            throw new IllegalStateException("the server is not started");
        }
        return w.port();
    }

    /** {@code http://host:port/v1}: the base URL to give an OpenAI SDK. */
    public URI baseUri() {
        String host = state.config.host();
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port() + "/v1");
    }

    public boolean isRunning() {
        WebServer w = web;
        return w != null && w.isRunning();
    }

    public ServerConfig config() {
        return state.config;
    }

    public G4j client() {
        return state.client;
    }

    /** Requests whose client is being watched for a disconnect (for leak checks). */
    int watchedRequests() {
        return state.watcher.watched();
    }

    /** Blocks until the server is closed (from another thread or a shutdown hook). */
    public void awaitShutdown() throws InterruptedException {
        while (isRunning()) {
            Thread.sleep(200);
        }
    }

    /** Stops accepting, ends the server, and closes the client when the server built it. Idempotent. */
    @Override
    public void close() {
        WebServer w = web;
        if (w != null && w.isRunning()) {
            w.stop();
        }
        state.watcher.close();
        if (ownsClient) {
            state.client.close();
        }
    }

    /** Builds a {@link G4jServer}: a client (or a client configuration) and the server configuration. */
    public static final class Builder {
        private G4j client;
        private G4jConfig g4jConfig;
        private ServerConfig.Builder config = ServerConfig.builder();
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** A client to serve with; the server does not close it. Its media policy must be untrusted. */
        public Builder client(G4j client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * The configuration of a client the server builds (with every provider found by ServiceLoader),
         * with {@link MediaPolicy#untrusted} set from {@link ServerConfig#allowMediaUrls()}; the server
         * closes it.
         */
        public Builder g4jConfig(G4jConfig config) {
            this.g4jConfig = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The whole server configuration, replacing what the setters below set so far. */
        public Builder config(ServerConfig config) {
            this.config = Objects.requireNonNull(config, "config").toBuilder();
            return this;
        }

        public Builder host(String host) {
            config.host(host);
            return this;
        }

        public Builder port(int port) {
            config.port(port);
            return this;
        }

        public Builder apiKey(String key) {
            config.apiKey(key);
            return this;
        }

        public Builder apiKeys(Iterable<String> keys) {
            config.apiKeys(keys);
            return this;
        }

        public Builder corsOrigin(String origin) {
            config.corsOrigin(origin);
            return this;
        }

        public Builder allowMediaUrls(boolean allow) {
            config.allowMediaUrls(allow);
            return this;
        }

        public Builder maxBodyBytes(long bytes) {
            config.maxBodyBytes(bytes);
            return this;
        }

        public Builder maxConcurrentStreams(int n) {
            config.maxConcurrentStreams(n);
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            config.requestTimeout(timeout);
            return this;
        }

        /** The connect, first-byte, idle and total timeouts of the client the server builds. */
        public Builder upstreamTimeouts(dev.g4j.Timeouts timeouts) {
            config.upstreamTimeouts(timeouts);
            return this;
        }

        public Builder disconnectCheckAfter(Duration d) {
            config.disconnectCheckAfter(d);
            return this;
        }

        public Builder sseKeepAlive(Duration d) {
            config.sseKeepAlive(d);
            return this;
        }

        /** The clock of {@code created} fields and health times (tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public G4jServer build() {
            ServerConfig c = config.build();
            if (client != null && g4jConfig != null) {
                throw new IllegalStateException("give either a client or a client configuration, not both");
            }
            boolean owns = client == null;
            if (!owns && c.upstreamTimeouts().isPresent()) {
                throw new IllegalStateException("upstream timeouts apply to a client the server builds; "
                        + "set them in the given client's G4jConfig instead");
            }
            G4j g4j = Optional.ofNullable(client).orElseGet(() -> {
                G4jConfig base = g4jConfig != null ? g4jConfig : G4jConfig.defaults();
                return G4j.builder().config(base.toBuilder()
                                .timeouts(c.upstreamTimeouts().orElse(base.timeouts()))
                                .media(MediaPolicy.untrusted(c.allowMediaUrls()))
                                // every allowed stream may go to the same upstream host: never queue them
                                .maxConnectionsPerHost(Math.max(base.maxConnectionsPerHost(), c.maxConcurrentStreams()))
                                .build())
                        .build();
            });
            if (g4j.config().maxConnectionsPerHost() < c.maxConcurrentStreams()) {
                LOG.warn("the client allows {} connections per upstream host but the server {} streams: streams "
                        + "beyond that to one host wait for a connection", g4j.config().maxConnectionsPerHost(),
                        c.maxConcurrentStreams());
            }
            MediaPolicy media = g4j.config().media();
            if (media.allowPrivateNetworks()) {
                throw new IllegalArgumentException("the server's client must not load media from private networks: "
                        + "build it with G4jConfig.builder().media(MediaPolicy.untrusted(...))");
            }
            if (c.allowMediaUrls() && !media.fetchUrls()) {
                throw new IllegalArgumentException("allowMediaUrls needs a client whose media policy fetches URLs");
            }
            return new G4jServer(new ServerState(g4j, c, clock), owns);
        }
    }
}
