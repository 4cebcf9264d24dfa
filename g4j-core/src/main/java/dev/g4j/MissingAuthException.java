package dev.g4j;

/** No or invalid credentials: a missing API key, HTTP 401/403, a bot check that wants a login. */
public class MissingAuthException extends G4jException {
    private static final long serialVersionUID = 1L;

    public MissingAuthException(String message) {
        super(ErrorKind.MISSING_AUTH, message);
    }

    public MissingAuthException(String message, Throwable cause) {
        super(ErrorKind.MISSING_AUTH, message, cause);
    }

    public MissingAuthException(String message, String provider, int status, String bodyExcerpt) {
        super(ErrorKind.MISSING_AUTH, message, provider, status, bodyExcerpt, null);
    }
}
