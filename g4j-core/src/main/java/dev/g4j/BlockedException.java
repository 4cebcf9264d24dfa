package dev.g4j;

/** A bot wall answered instead of the API: a Cloudflare or CloudFront challenge or block page. */
public class BlockedException extends G4jException {
    private static final long serialVersionUID = 1L;

    public BlockedException(String message) {
        super(ErrorKind.CLOUDFLARE, message);
    }

    public BlockedException(String message, Throwable cause) {
        super(ErrorKind.CLOUDFLARE, message, cause);
    }

    public BlockedException(String message, String provider, int status, String bodyExcerpt) {
        super(ErrorKind.CLOUDFLARE, message, provider, status, bodyExcerpt, null);
    }
}
