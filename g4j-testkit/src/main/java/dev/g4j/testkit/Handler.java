package dev.g4j.testkit;

/**
 * Answers one request of a {@link LoopbackServer}. Runs on the connection's own virtual thread, so it
 * may block, sleep and stream at will.
 *
 * <p>Whatever the handler leaves unfinished is finished for it: nothing sent yet → an empty answer
 * with the status set so far; a chunked stream → its terminating chunk. A handler that throws gets a
 * {@code 500 text/plain} answer (when nothing was sent yet) and is recorded in
 * {@link LoopbackServer#failures()}; a {@link ClientGoneException} is not a failure but a counted
 * {@linkplain LoopbackServer#clientDisconnects() client disconnect}.
 */
@FunctionalInterface
public interface Handler {

    /**
     * Answers the request through the exchange.
     *
     * @param request the request as received, body included
     * @param exchange the response side of the connection
     * @throws Exception anything; see the class comment for what the server does with it
     */
    void handle(RecordedRequest request, Exchange exchange) throws Exception;
}
