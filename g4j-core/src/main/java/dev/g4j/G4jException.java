package dev.g4j;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The one root of every failure g4j reports. Unchecked; each subtype names a failure class and
 * {@link #retryable()} tells whether a fallback may try the next provider.
 *
 * <p>Messages never contain secrets: body excerpts are cut short and redacted before they get here.
 */
public class G4jException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;
    private volatile String provider;
    private final int status;
    private final String bodyExcerpt;

    public G4jException(ErrorKind kind, String message) {
        this(kind, message, null, 0, null, null);
    }

    public G4jException(ErrorKind kind, String message, Throwable cause) {
        this(kind, message, null, 0, null, cause);
    }

    /**
     * @param provider the provider's name, or null when not known yet (the runtime stamps it)
     * @param status the HTTP status, or 0 when there was none
     * @param bodyExcerpt a short, redacted excerpt of the response body, or null
     */
    public G4jException(
            ErrorKind kind, String message, String provider, int status, String bodyExcerpt, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.provider = provider;
        this.status = status;
        this.bodyExcerpt = bodyExcerpt;
    }

    public ErrorKind kind() {
        return kind;
    }

    /** Whether a fallback chain may move on to the next provider. */
    public boolean retryable() {
        return kind.retryable();
    }

    /** The provider that failed, when the failure belongs to one. */
    public Optional<String> provider() {
        return Optional.ofNullable(provider);
    }

    /** The HTTP status of the answer that failed, when there was one. */
    public OptionalInt status() {
        return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /** A short, redacted excerpt of the body that failed, when there was one. */
    public Optional<String> bodyExcerpt() {
        return Optional.ofNullable(bodyExcerpt);
    }

    /**
     * Names the provider this failure belongs to, unless one is named already. The runtime calls it
     * for failures raised by shared helpers that do not know their caller.
     */
    public G4jException attachProvider(String name) {
        if (provider == null && name != null) {
            provider = name;
        }
        return this;
    }

    /** {@code Provider: message}, or just the message when no provider is known. */
    public String describe() {
        return provider == null ? getMessage() : provider + ": " + getMessage();
    }
}
