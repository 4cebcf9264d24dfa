package dev.g4j;

import java.time.Duration;
import java.util.Optional;

/** The service asked us to slow down (HTTP 429, a full queue). Carries Retry-After when given. */
public class RateLimitedException extends G4jException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public RateLimitedException(String message, String provider, int status, String bodyExcerpt, Duration retryAfter) {
        super(ErrorKind.RATE_LIMITED, message, provider, status, bodyExcerpt, null);
        this.retryAfter = retryAfter;
    }

    /** How long the service asked us to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
