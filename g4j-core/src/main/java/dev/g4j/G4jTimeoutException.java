package dev.g4j;

/** A deadline passed: connect, first byte, idle gap between events, total, or a poll budget. */
public class G4jTimeoutException extends G4jException {
    private static final long serialVersionUID = 1L;

    public G4jTimeoutException(String message) {
        super(ErrorKind.TIMEOUT, message);
    }

    public G4jTimeoutException(String message, Throwable cause) {
        super(ErrorKind.TIMEOUT, message, cause);
    }

    public G4jTimeoutException(String message, String provider, int status, String bodyExcerpt) {
        super(ErrorKind.TIMEOUT, message, provider, status, bodyExcerpt, null);
    }
}
