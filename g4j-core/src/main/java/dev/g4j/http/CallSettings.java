package dev.g4j.http;

import dev.g4j.Timeouts;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a transport needs to know about the call an exchange belongs to: its proxy, timeouts, deadline
 * and cancel signal. Built by the runtime; providers never see it.
 *
 * @param deadlineNanos the call's deadline on the {@link System#nanoTime()} clock
 */
public record CallSettings(
        String provider, Optional<ProxySpec> proxy, Timeouts timeouts, long deadlineNanos, Cancellation cancellation) {
    public CallSettings {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(cancellation, "cancellation");
    }

    /** Settings for a standalone exchange (a download, a health probe) with its own deadline. */
    public static CallSettings standalone(String provider, Optional<ProxySpec> proxy, Timeouts timeouts) {
        return new CallSettings(
                provider, proxy, timeouts, System.nanoTime() + timeouts.total().toNanos(), new Cancellation());
    }

    /** Time left before the deadline, never negative. */
    public Duration remaining() {
        long left = deadlineNanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }
}
