package dev.g4j;

/**
 * A non-2xx answer that is not auth, rate limiting or a bot wall. Its kind is {@code bad_gateway} for
 * 502, {@code gateway_timeout} for 504 and {@code http_status} otherwise; the message is the body's own
 * message, or {@code HTML content} for an HTML page.
 */
public class HttpStatusException extends G4jException {
    private static final long serialVersionUID = 1L;

    public HttpStatusException(String message, String provider, int status, String bodyExcerpt) {
        super(kindOf(status), message, provider, status, bodyExcerpt, null);
    }

    static ErrorKind kindOf(int status) {
        return switch (status) {
            case 502 -> ErrorKind.BAD_GATEWAY;
            case 504 -> ErrorKind.GATEWAY_TIMEOUT;
            default -> ErrorKind.HTTP_STATUS;
        };
    }
}
