package dev.g4j;

import dev.g4j.http.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The client's configuration: one immutable object, built once and passed explicitly.
 *
 * <p>{@code options} are the command-line level of option resolution: keys {@code NAME} (every
 * provider) or {@code PROVIDER.NAME}. {@code environment} is where {@code G4J_<PROVIDER>_<NAME>} are
 * read from (the process environment by default; tests pass their own). The config file is a Java
 * properties file with the same keys as {@code options}: {@code $G4J_CONFIG}, else
 * {@code ~/.config/g4j/config.properties} when it exists.
 */
public final class G4jConfig {
    private final Map<String, String> options;
    private final Map<String, String> environment;
    private final Optional<Path> configFile;
    private final Timeouts timeouts;
    private final Duration cooldown;
    private final MediaPolicy media;
    private final int maxConnectionsPerHost;
    private final long maxResponseBytes;

    private G4jConfig(Builder b) {
        this.options = Map.copyOf(b.options);
        this.environment = Map.copyOf(b.environment);
        this.configFile = b.configFile != null ? b.configFile : defaultConfigFile(environment);
        this.timeouts = b.timeouts;
        this.cooldown = b.cooldown;
        this.media = b.media;
        this.maxConnectionsPerHost = b.maxConnectionsPerHost;
        this.maxResponseBytes = b.maxResponseBytes;
    }

    public static G4jConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.options.putAll(options);
        b.environment = new LinkedHashMap<>(environment);
        b.configFile = configFile;
        b.timeouts = timeouts;
        b.cooldown = cooldown;
        b.media = media;
        b.maxConnectionsPerHost = maxConnectionsPerHost;
        b.maxResponseBytes = maxResponseBytes;
        return b;
    }

    public Map<String, String> options() {
        return options;
    }

    public Map<String, String> environment() {
        return environment;
    }

    public Optional<Path> configFile() {
        return configFile;
    }

    public Timeouts timeouts() {
        return timeouts;
    }

    /** How long a provider that failed is tried last by automatic chains. */
    public Duration cooldown() {
        return cooldown;
    }

    public MediaPolicy media() {
        return media;
    }

    public int maxConnectionsPerHost() {
        return maxConnectionsPerHost;
    }

    /**
     * The largest upstream answer held in memory: a body read whole (JSON, an image) and one server-sent
     * event. A larger one fails the call with {@code invalid_response} instead of exhausting memory.
     */
    public long maxResponseBytes() {
        return maxResponseBytes;
    }

    private static Optional<Path> defaultConfigFile(Map<String, String> env) {
        String explicit = env.get("G4J_CONFIG");
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(Path.of(explicit));
        }
        String home = System.getProperty("user.home");
        if (home == null) {
            return Optional.empty();
        }
        Path p = Path.of(home, ".config", "g4j", "config.properties");
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** Builds a {@link G4jConfig}. */
    public static final class Builder {
        private final Map<String, String> options = new LinkedHashMap<>();
        private Map<String, String> environment = System.getenv();
        private Optional<Path> configFile;
        private Timeouts timeouts = Timeouts.DEFAULT;
        private Duration cooldown = Duration.ofSeconds(60);
        private MediaPolicy media = MediaPolicy.TRUSTED;
        private int maxConnectionsPerHost = 2048;
        private long maxResponseBytes = Http.DEFAULT_BODY_LIMIT;

        private Builder() {}

        /** A command-line level option: {@code NAME} for every provider, or {@code PROVIDER.NAME}. */
        public Builder option(String key, String value) {
            options.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        public Builder options(Map<String, String> all) {
            all.forEach(this::option);
            return this;
        }

        public Builder environment(Map<String, String> env) {
            this.environment = Objects.requireNonNull(env);
            return this;
        }

        /** The config file to read (one that does not exist is an invalid-request error); {@code Optional.empty()} reads none. */
        public Builder configFile(Optional<Path> file) {
            this.configFile = Objects.requireNonNull(file);
            return this;
        }

        public Builder timeouts(Timeouts t) {
            this.timeouts = Objects.requireNonNull(t);
            return this;
        }

        public Builder cooldown(Duration d) {
            this.cooldown = Objects.requireNonNull(d);
            return this;
        }

        public Builder media(MediaPolicy policy) {
            this.media = Objects.requireNonNull(policy);
            return this;
        }

        public Builder maxConnectionsPerHost(int n) {
            this.maxConnectionsPerHost = n;
            return this;
        }

        /** See {@link G4jConfig#maxResponseBytes()}; 32 MiB by default. */
        public Builder maxResponseBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxResponseBytes must be positive: " + bytes);
            }
            this.maxResponseBytes = bytes;
            return this;
        }

        public G4jConfig build() {
            return new G4jConfig(this);
        }
    }
}
