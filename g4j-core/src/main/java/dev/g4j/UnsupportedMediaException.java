package dev.g4j;

/** Media that is not an accepted image, or that could not be loaded. Never retried: no provider will accept it. */
public class UnsupportedMediaException extends G4jException {
    private static final long serialVersionUID = 1L;

    public UnsupportedMediaException(String message) {
        super(ErrorKind.UNSUPPORTED_MEDIA, message);
    }

    public UnsupportedMediaException(String message, Throwable cause) {
        super(ErrorKind.UNSUPPORTED_MEDIA, message, cause);
    }

    public UnsupportedMediaException(String message, String provider, int status, String bodyExcerpt) {
        super(ErrorKind.UNSUPPORTED_MEDIA, message, provider, status, bodyExcerpt, null);
    }
}
