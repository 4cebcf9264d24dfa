package dev.g4j.spi;

import dev.g4j.ErrorKind;
import dev.g4j.G4jException;
import dev.g4j.LoadedMedia;
import dev.g4j.Media;
import dev.g4j.ProviderOption;
import dev.g4j.http.Cancellation;
import dev.g4j.http.Http;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Everything a provider gets for one call: its resolved options, HTTP bound to the call's proxy,
 * timeouts and cancellation, a clock and a sleeper (injected, so polling tests never wait), a random
 * source (injected, so random ids are reproducible in tests), media loading and the deadline.
 */
public final class CallContext {
    private final String provider;
    private final Options options;
    private final Http http;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final MediaLoader media;
    private final Cancellation cancellation;

    private CallContext(Builder b) {
        this.provider = b.provider;
        this.options = b.options;
        this.http = b.http;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
        this.random = b.random;
        this.media = b.media;
        this.cancellation = b.cancellation;
    }

    public static Builder builder(String provider, Options options, Http http) {
        return new Builder(provider, options, http);
    }

    /** The provider's name. */
    public String provider() {
        return provider;
    }

    public Options options() {
        return options;
    }

    public Http http() {
        return http;
    }

    public Clock clock() {
        return clock;
    }

    public RandomGenerator random() {
        return random;
    }

    /** The API key for this call, when one is configured. */
    public Optional<String> apiKey() {
        return options.find(ProviderOption.API_KEY);
    }

    public Cancellation cancellation() {
        return cancellation;
    }

    /** Time left before the call's deadline. */
    public Duration remaining() {
        return http.settings().remaining();
    }

    /** Reads media into memory and checks it is an accepted image. */
    public LoadedMedia load(Media m) {
        return media.load(m);
    }

    /** Sleeps with the injected sleeper, ending early (with an exception) when the call is cancelled. */
    public void sleep(Duration d) throws InterruptedException {
        checkCancelled();
        sleeper.sleep(d);
        checkCancelled();
    }

    /** Throws when the consumer has closed the stream. */
    public void checkCancelled() {
        if (cancellation.isCancelled()) {
            throw new G4jException(ErrorKind.CANCELLED, "call cancelled");
        }
    }

    /** Builds a {@link CallContext}; the runtime does this, tests of single providers may too. */
    public static final class Builder {
        private final String provider;
        private final Options options;
        private final Http http;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.REAL;
        private RandomGenerator random = new java.security.SecureRandom();
        private MediaLoader media = m -> {
            throw new dev.g4j.UnsupportedMediaException("media loading is not configured");
        };
        private Cancellation cancellation;

        private Builder(String provider, Options options, Http http) {
            this.provider = Objects.requireNonNull(provider);
            this.options = Objects.requireNonNull(options);
            this.http = Objects.requireNonNull(http);
            this.cancellation = http.settings().cancellation();
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper);
            return this;
        }

        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random);
            return this;
        }

        public Builder media(MediaLoader media) {
            this.media = Objects.requireNonNull(media);
            return this;
        }

        public CallContext build() {
            return new CallContext(this);
        }
    }
}
