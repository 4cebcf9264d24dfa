package dev.g4j;

/** A request no provider can serve as given: no messages, a bad option value. */
public class InvalidRequestException extends G4jException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(ErrorKind.INVALID_REQUEST, message);
    }

    public InvalidRequestException(String message, Throwable cause) {
        super(ErrorKind.INVALID_REQUEST, message, cause);
    }

    public InvalidRequestException(String message, String provider, int status, String bodyExcerpt) {
        super(ErrorKind.INVALID_REQUEST, message, provider, status, bodyExcerpt, null);
    }
}
