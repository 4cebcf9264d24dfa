package dev.g4j.server;

import dev.g4j.AllProvidersFailedException;
import dev.g4j.Attempt;
import dev.g4j.ErrorKind;
import dev.g4j.G4jException;
import dev.g4j.ProviderOption;
import dev.g4j.RateLimitedException;
import dev.g4j.spi.Options;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one mapping from g4j failures to HTTP statuses and OpenAI error bodies (the table is in the
 * README). Messages come from the core, which has already cut and redacted upstream bodies.
 */
final class Errors {
    /** Retry-After when the upstream did not say: long enough not to hammer it, short enough to be useful. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    private Errors() {}

    static ApiError of(G4jException e) {
        String provider = e.provider().orElse(null);
        String message = e.describe();
        ErrorKind kind = e.kind();
        List<Attempt> attempts = e instanceof AllProvidersFailedException all ? all.attempts() : List.of();
        return switch (kind) {
            case INVALID_REQUEST -> error(400, "invalid_request_error", "invalid_request", message, provider);
            case UNSUPPORTED_MEDIA -> error(400, "invalid_request_error", "unsupported_media", message, provider);
            case MODEL_NOT_FOUND -> error(404, "invalid_request_error", "model_not_found", message, provider);
            case PROVIDER_NOT_FOUND -> error(404, "invalid_request_error", "provider_not_found", message, provider);
            case MISSING_AUTH -> error(401, "provider_auth_error", "missing_provider_auth",
                    providerAuthMessage(e, message), provider);
            case RATE_LIMITED, QUOTA_EXCEEDED -> rateLimited(message, provider, kind, retryAfter(e));
            case TIMEOUT, GATEWAY_TIMEOUT -> error(504, "timeout_error", kind.wireName(), message, provider);
            case CANCELLED -> error(503, "server_error", "cancelled", message, provider);
            case ALL_FAILED -> allFailed(message, attempts);
            case HTTP_STATUS -> upstreamStatus(e, message, provider);
            default -> error(502, "upstream_error", kind.wireName(), message, provider);
        };
    }

    /**
     * The core's hint for a missing key names the command line's ways ({@code --api-key} there is the
     * provider's key; on {@code g4j serve} it is the server's own). A client of the server has these.
     * A key the service refused keeps the service's words.
     */
    static String providerAuthMessage(G4jException e, String message) {
        if (e.status().isPresent()) {
            return message;
        }
        return e.provider().map(p -> p + " needs an API key: send it in the request's \"api_key\" field, or "
                        + "start the server with " + Options.envName(p, ProviderOption.API_KEY) + " set")
                .orElse(message + " (to this server: send the key in the request's \"api_key\" field, with "
                        + "\"provider\")");
    }

    /** Every attempt rate limited → 429; every attempt timed out → 504; else 502. The body lists them all. */
    private static ApiError allFailed(String message, List<Attempt> attempts) {
        List<G4jException> errors = attempts.stream().flatMap(a -> a.error().stream()).toList();
        ApiError base;
        if (!errors.isEmpty() && errors.stream().allMatch(x -> x.kind() == ErrorKind.RATE_LIMITED
                || x.kind() == ErrorKind.QUOTA_EXCEEDED)) {
            Duration wait = errors.stream().map(Errors::retryAfter).flatMap(Optional::stream)
                    .max(Duration::compareTo).orElse(DEFAULT_RETRY_AFTER);
            base = rateLimited(message, null, ErrorKind.ALL_FAILED, Optional.of(wait));
        } else if (!errors.isEmpty() && errors.stream().allMatch(x -> x.kind() == ErrorKind.TIMEOUT
                || x.kind() == ErrorKind.GATEWAY_TIMEOUT)) {
            base = error(504, "timeout_error", "all_failed", message, null);
        } else {
            base = error(502, "upstream_error", "all_failed", message, null);
        }
        return new ApiError(base.status(), base.type(), base.code(), null, message, null, attempts, base.headers());
    }

    /** An upstream 400/422 is about the request the client sent (a bad tool schema, say): 400, else 502. */
    private static ApiError upstreamStatus(G4jException e, String message, String provider) {
        int s = e.status().orElse(0);
        if (s == 400 || s == 422) {
            return error(400, "invalid_request_error", "upstream_rejected_request", message, provider);
        }
        return error(502, "upstream_error", "http_status", message, provider);
    }

    private static ApiError rateLimited(String message, String provider, ErrorKind kind, Optional<Duration> wait) {
        long seconds = Math.max(1, (wait.orElse(DEFAULT_RETRY_AFTER).toMillis() + 999) / 1000);
        return new ApiError(429, "rate_limit_error", kind.wireName(), null, message, provider, List.of(),
                Map.of("Retry-After", Long.toString(seconds)));
    }

    private static Optional<Duration> retryAfter(G4jException e) {
        return e instanceof RateLimitedException r ? r.retryAfter() : Optional.empty();
    }

    private static ApiError error(int status, String type, String code, String message, String provider) {
        return new ApiError(status, type, code, null, message, provider, List.of(), Map.of());
    }

    static ApiError unauthorized(String message) {
        return ApiError.of(401, "invalid_request_error", "invalid_api_key", message);
    }

    static ApiError tooLarge(long max) {
        return ApiError.of(413, "invalid_request_error", "request_too_large",
                "the request body is larger than this server accepts (" + max + " bytes)");
    }

    static ApiError overloaded(int max) {
        return ApiError.of(503, "server_error", "server_overloaded",
                "this server is already running " + max + " calls; retry shortly")
                .withHeader("Retry-After", "1");
    }

    static ApiError internal(String requestId) {
        return ApiError.of(500, "server_error", "internal_error",
                "the server failed unexpectedly; request id " + requestId);
    }
}
