package dev.g4j;

import java.util.Optional;

/**
 * The service answered with an error message of its own inside a successful exchange: an error object
 * in a 2xx body or in a stream ({@code response_error}), a GPU quota ({@code quota_exceeded}), a failed
 * or canceled prediction ({@code prediction_failed}, {@code prediction_canceled}), or a "success" that
 * carried no output ({@code empty_output}).
 */
public class UpstreamException extends G4jException {
    private static final long serialVersionUID = 1L;

    private final String title;
    private final String rawMessage;

    public UpstreamException(ErrorKind kind, String message) {
        this(kind, message, null, null);
    }

    /**
     * @param title the upstream's own title for the error (Gradio's {@code title}), or null
     * @param rawMessage the upstream's message exactly as sent, when {@code message} is a cleaned or
     *     translated form of it, or null
     */
    public UpstreamException(ErrorKind kind, String message, String title, String rawMessage) {
        super(check(kind), message);
        this.title = title;
        this.rawMessage = rawMessage;
    }

    public Optional<String> title() {
        return Optional.ofNullable(title);
    }

    /** The upstream's message as sent, when {@link #getMessage()} is a cleaned or translated form of it. */
    public Optional<String> rawMessage() {
        return Optional.ofNullable(rawMessage);
    }

    private static ErrorKind check(ErrorKind kind) {
        return switch (kind) {
            case RESPONSE_ERROR, QUOTA_EXCEEDED, PREDICTION_FAILED, PREDICTION_CANCELED, EMPTY_OUTPUT -> kind;
            default -> throw new IllegalArgumentException("not an upstream-error kind: " + kind);
        };
    }
}
