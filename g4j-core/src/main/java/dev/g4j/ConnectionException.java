package dev.g4j;

/** The connection could not be made or broke: refused, reset, unknown host, TLS failure, proxy failure. */
public class ConnectionException extends G4jException {
    private static final long serialVersionUID = 1L;

    public ConnectionException(String message) {
        super(ErrorKind.CONNECTION_FAILED, message);
    }

    public ConnectionException(String message, Throwable cause) {
        super(ErrorKind.CONNECTION_FAILED, message, cause);
    }

    public ConnectionException(String message, String provider, int status, String bodyExcerpt) {
        super(ErrorKind.CONNECTION_FAILED, message, provider, status, bodyExcerpt, null);
    }
}
