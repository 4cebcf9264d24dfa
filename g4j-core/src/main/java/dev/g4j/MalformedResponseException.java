package dev.g4j;

/**
 * An answer we cannot read: not parseable or missing required fields ({@code invalid_response}), cut
 * before its terminal event ({@code truncated_stream}), or of a content type we cannot handle
 * ({@code unsupported_content_type}).
 */
public class MalformedResponseException extends G4jException {
    private static final long serialVersionUID = 1L;

    public MalformedResponseException(ErrorKind kind, String message) {
        this(kind, message, null);
    }

    public MalformedResponseException(ErrorKind kind, String message, Throwable cause) {
        super(check(kind), message, cause);
    }

    public static MalformedResponseException invalid(String message) {
        return new MalformedResponseException(ErrorKind.INVALID_RESPONSE, message);
    }

    public static MalformedResponseException truncated(String message) {
        return new MalformedResponseException(ErrorKind.TRUNCATED_STREAM, message);
    }

    private static ErrorKind check(ErrorKind kind) {
        return switch (kind) {
            case INVALID_RESPONSE, TRUNCATED_STREAM, UNSUPPORTED_CONTENT_TYPE -> kind;
            default -> throw new IllegalArgumentException("not a malformed-response kind: " + kind);
        };
    }
}
