package dev.g4j.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The server's configuration: one immutable value, built once. Every field has a safe default: loopback
 * only, no CORS, no media URL fetching, no API key (anyone who can reach the port may use it).
 *
 * <p>API keys are kept only as SHA-256 hashes and never appear in {@link #toString()}.
 *
 * <p>Environment ({@link Builder#environment}): {@code G4J_SERVER_API_KEYS} (comma-separated keys,
 * added to those given), {@code G4J_SERVER_CORS_ORIGINS} (comma-separated origins),
 * {@code G4J_SERVER_ALLOW_MEDIA_URLS} ({@code true} to fetch http(s) image URLs).
 */
public final class ServerConfig {
    /** The environment variable with server API keys, comma-separated. */
    public static final String ENV_API_KEYS = "G4J_SERVER_API_KEYS";
    public static final String ENV_CORS_ORIGINS = "G4J_SERVER_CORS_ORIGINS";
    public static final String ENV_ALLOW_MEDIA_URLS = "G4J_SERVER_ALLOW_MEDIA_URLS";

    private final String host;
    private final int port;
    private final List<byte[]> apiKeyHashes;
    private final long maxBodyBytes;
    private final int maxConcurrentStreams;
    private final Duration requestTimeout;
    private final List<String> corsOrigins;
    private final boolean allowMediaUrls;
    private final Duration disconnectCheckAfter;
    private final Duration sseKeepAlive;
    private final dev.g4j.Timeouts upstreamTimeouts;

    private ServerConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.apiKeyHashes = List.copyOf(b.apiKeyHashes);
        this.maxBodyBytes = b.maxBodyBytes;
        this.maxConcurrentStreams = b.maxConcurrentStreams;
        this.requestTimeout = b.requestTimeout;
        this.corsOrigins = List.copyOf(b.corsOrigins);
        this.allowMediaUrls = b.allowMediaUrls;
        this.disconnectCheckAfter = b.disconnectCheckAfter;
        this.sseKeepAlive = b.sseKeepAlive;
        this.upstreamTimeouts = b.upstreamTimeouts;
    }

    public static ServerConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The interface to bind; {@code 127.0.0.1} by default. */
    public String host() {
        return host;
    }

    /** The port to bind; 1337 by default, 0 for any free port. */
    public int port() {
        return port;
    }

    /** Whether requests must present one of the configured API keys as {@code Authorization: Bearer}. */
    public boolean authRequired() {
        return !apiKeyHashes.isEmpty();
    }

    /** How many server API keys are configured. */
    public int apiKeyCount() {
        return apiKeyHashes.size();
    }

    List<byte[]> apiKeyHashes() {
        return apiKeyHashes;
    }

    /** The largest request body accepted; larger ones get 413. 32 MiB by default. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** How many chat and image calls may run at once; more get 503. 10,000 by default. */
    public int maxConcurrentStreams() {
        return maxConcurrentStreams;
    }

    /**
     * The total deadline of each call made through the server, set on every request at call level (so it
     * overrides the providers' own {@code timeout} options). Empty by default: the client's timeouts and
     * the providers' options apply.
     */
    public Optional<Duration> requestTimeout() {
        return Optional.ofNullable(requestTimeout);
    }

    /** Origins allowed by CORS (exact {@code scheme://host[:port]}, or {@code *}); none by default. */
    public List<String> corsOrigins() {
        return corsOrigins;
    }

    /** Whether http(s) image URLs in messages are fetched (never from loopback or private ranges). Off by default. */
    public boolean allowMediaUrls() {
        return allowMediaUrls;
    }

    /**
     * How long a request may wait without sending anything before the server watches its connection for
     * a client that went away (a streaming write notices that by itself; a silent wait needs the watch,
     * and a watched request's answer closes its connection). One second by default.
     */
    public Duration disconnectCheckAfter() {
        return disconnectCheckAfter;
    }

    /**
     * The layered upstream timeouts (connect, first byte, idle gap, total) of the client the server
     * builds; empty: those of its {@code G4jConfig}. Not allowed with a client given ready-made.
     */
    public Optional<dev.g4j.Timeouts> upstreamTimeouts() {
        return Optional.ofNullable(upstreamTimeouts);
    }

    /**
     * How long a started stream may stay silent before an SSE comment ({@code : keep-alive}) is sent; 2 s by
     * default. Besides keeping proxies from timing out, the comments are how a stream stalled mid-answer
     * notices a client that left: the write after the first one fails, and the upstream call is cancelled.
     */
    public Duration sseKeepAlive() {
        return sseKeepAlive;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.apiKeyHashes.addAll(apiKeyHashes);
        b.maxBodyBytes = maxBodyBytes;
        b.maxConcurrentStreams = maxConcurrentStreams;
        b.requestTimeout = requestTimeout;
        b.corsOrigins.addAll(corsOrigins);
        b.allowMediaUrls = allowMediaUrls;
        b.disconnectCheckAfter = disconnectCheckAfter;
        b.sseKeepAlive = sseKeepAlive;
        b.upstreamTimeouts = upstreamTimeouts;
        return b;
    }

    @Override
    public String toString() {
        return "ServerConfig[host=" + host + ", port=" + port + ", apiKeys=" + apiKeyHashes.size()
                + ", maxBodyBytes=" + maxBodyBytes + ", maxConcurrentStreams=" + maxConcurrentStreams
                + ", requestTimeout=" + requestTimeout + ", corsOrigins=" + corsOrigins
                + ", allowMediaUrls=" + allowMediaUrls + ", upstreamTimeouts=" + upstreamTimeouts
                + ", disconnectCheckAfter=" + disconnectCheckAfter + ", sseKeepAlive=" + sseKeepAlive + "]";
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Builds a {@link ServerConfig}. Setters reject null and out-of-range values. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 1337;
        private final List<byte[]> apiKeyHashes = new ArrayList<>();
        private long maxBodyBytes = 32L * 1024 * 1024;
        private int maxConcurrentStreams = 10_000;
        private Duration requestTimeout;
        private final Set<String> corsOrigins = new LinkedHashSet<>();
        private boolean allowMediaUrls;
        private Duration disconnectCheckAfter = Duration.ofSeconds(1);
        private Duration sseKeepAlive = Duration.ofSeconds(2);
        private dev.g4j.Timeouts upstreamTimeouts;

        private Builder() {}

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host").strip();
            if (this.host.isEmpty()) {
                throw new IllegalArgumentException("host is empty");
            }
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** Adds a server API key (repeatable). */
        public Builder apiKey(String key) {
            Objects.requireNonNull(key, "key");
            if (key.isBlank()) {
                throw new IllegalArgumentException("an API key is blank");
            }
            apiKeyHashes.add(sha256(key.strip()));
            return this;
        }

        public Builder apiKeys(Iterable<String> keys) {
            keys.forEach(this::apiKey);
            return this;
        }

        public Builder maxBodyBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("max body bytes must be at least 1024: " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        public Builder maxConcurrentStreams(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("max concurrent streams must be positive: " + n);
            }
            this.maxConcurrentStreams = n;
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("request timeout must be positive: " + timeout);
            }
            this.requestTimeout = timeout;
            return this;
        }

        /** Allows an origin for CORS: {@code https://app.example.com}, or {@code *} for any (never with credentials). */
        public Builder corsOrigin(String origin) {
            String o = Objects.requireNonNull(origin, "origin").strip();
            if (o.isEmpty()) {
                throw new IllegalArgumentException("a CORS origin is blank");
            }
            if (!o.equals("*") && !(o.startsWith("http://") || o.startsWith("https://"))) {
                throw new IllegalArgumentException("a CORS origin is * or scheme://host[:port]: " + o);
            }
            corsOrigins.add(o.endsWith("/") ? o.substring(0, o.length() - 1) : o);
            return this;
        }

        public Builder corsOrigins(Iterable<String> origins) {
            origins.forEach(this::corsOrigin);
            return this;
        }

        public Builder allowMediaUrls(boolean allow) {
            this.allowMediaUrls = allow;
            return this;
        }

        public Builder disconnectCheckAfter(Duration d) {
            Objects.requireNonNull(d, "d");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("disconnect check delay must be positive: " + d);
            }
            this.disconnectCheckAfter = d;
            return this;
        }

        public Builder upstreamTimeouts(dev.g4j.Timeouts timeouts) {
            this.upstreamTimeouts = Objects.requireNonNull(timeouts, "timeouts");
            return this;
        }

        public Builder sseKeepAlive(Duration d) {
            Objects.requireNonNull(d, "d");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("keep-alive interval must be positive: " + d);
            }
            this.sseKeepAlive = d;
            return this;
        }

        /** Reads {@code G4J_SERVER_API_KEYS}, {@code G4J_SERVER_CORS_ORIGINS} and {@code G4J_SERVER_ALLOW_MEDIA_URLS}. */
        public Builder environment(Map<String, String> env) {
            split(env.get(ENV_API_KEYS)).forEach(this::apiKey);
            split(env.get(ENV_CORS_ORIGINS)).forEach(this::corsOrigin);
            String media = env.get(ENV_ALLOW_MEDIA_URLS);
            if (media != null && !media.isBlank()) {
                allowMediaUrls = switch (media.strip().toLowerCase(Locale.ROOT)) {
                    case "true", "1", "yes" -> true;
                    case "false", "0", "no" -> false;
                    default -> throw new IllegalArgumentException(ENV_ALLOW_MEDIA_URLS + " must be true or false");
                };
            }
            return this;
        }

        private static List<String> split(String v) {
            if (v == null) {
                return List.of();
            }
            return java.util.Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }

        public ServerConfig build() {
            return new ServerConfig(this);
        }
    }
}
