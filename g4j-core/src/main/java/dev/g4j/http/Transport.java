package dev.g4j.http;

/**
 * Sends HTTP requests. The default is {@link JettyTransport}; tests and embedders may supply their
 * own. Implementations honour the call's proxy, timeouts and cancellation, map network failures to
 * {@link dev.g4j.G4jException}s ({@code connection_failed}, {@code timeout}), and return the answer
 * whatever its status (the status check is {@link HttpErrors}'s job).
 */
public interface Transport extends AutoCloseable {

    HttpResponse send(HttpRequest request, CallSettings settings);

    /** Connections currently open (pooled or busy), for leak checks; -1 when unknown. */
    default int openConnections() {
        return -1;
    }

    /** Exchanges sent whose answer is not closed yet, for leak checks; -1 when unknown. */
    default int openExchanges() {
        return -1;
    }

    @Override
    default void close() {}
}
