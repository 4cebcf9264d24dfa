package dev.g4j.testkit;

import java.util.Objects;

/**
 * A handler that threw while answering a request. Tests usually assert that
 * {@link LoopbackServer#failures()} is empty, so that a broken simulator cannot pass as a client error.
 *
 * @param request the request being answered
 * @param error what the handler threw
 */
public record HandlerFailure(RecordedRequest request, Throwable error) {

    /** Validates. */
    public HandlerFailure {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(error, "error");
    }

    @Override
    public String toString() {
        return "HandlerFailure[" + request.requestLine() + ": " + error + "]";
    }
}
