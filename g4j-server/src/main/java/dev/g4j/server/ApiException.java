package dev.g4j.server;

/** A request the server answers with an error of its own (bad input, auth, limits). No stack trace: it is control flow. */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ApiError error;

    ApiException(ApiError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    static ApiException badRequest(String message, String param) {
        return new ApiException(ApiError.badRequest(message, param));
    }

    ApiError error() {
        return error;
    }
}
