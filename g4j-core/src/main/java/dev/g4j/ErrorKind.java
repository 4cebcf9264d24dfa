package dev.g4j;

import java.util.Locale;

/**
 * What went wrong, in the vocabulary shared by the library, the CLI and the server.
 *
 * <p>Each kind says whether a fallback chain may try the next provider after it. The rule is simple: a
 * failure of one service (its status, its bot wall, its quota, its broken stream) is worth trying
 * elsewhere; a failure caused by the request itself (bad media, no messages) or by the caller
 * (cancellation) is not.
 */
public enum ErrorKind {
    MODEL_NOT_FOUND(true),
    PROVIDER_NOT_FOUND(false),
    MISSING_AUTH(true),
    RATE_LIMITED(true),
    QUOTA_EXCEEDED(true),
    CLOUDFLARE(true),
    BAD_GATEWAY(true),
    GATEWAY_TIMEOUT(true),
    HTTP_STATUS(true),
    RESPONSE_ERROR(true),
    PREDICTION_FAILED(true),
    PREDICTION_CANCELED(true),
    EMPTY_OUTPUT(true),
    INVALID_RESPONSE(true),
    TRUNCATED_STREAM(true),
    UNSUPPORTED_CONTENT_TYPE(true),
    TIMEOUT(true),
    CONNECTION_FAILED(true),
    UNSUPPORTED_MEDIA(false),
    INVALID_REQUEST(false),
    ALL_FAILED(false),
    CANCELLED(false);

    private final boolean retryable;

    ErrorKind(boolean retryable) {
        this.retryable = retryable;
    }

    /** Whether a fallback chain may move on to the next provider after this failure. */
    public boolean retryable() {
        return retryable;
    }

    /** The wire name: {@code missing_auth}, {@code truncated_stream}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
