package dev.g4j.server;

import io.helidon.common.socket.HelidonSocket;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.util.Optional;

/**
 * Finds the socket under a request, so that a request can notice its client going away while it waits
 * for the upstream (nothing reads the socket then, and nothing is written).
 *
 * <p>Helidon hands the connection context to connection listeners, not to handlers; but an HTTP/1.1
 * request is routed on its connection's own thread right after its prologue is read, so the listener
 * leaves the context in a thread local and the handler picks it up, checking by socket id that it is
 * its own.
 */
final class ConnectionProbe implements Http1ConnectionListener {
    private final ThreadLocal<ConnectionContext> current = new ThreadLocal<>();

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        current.set(ctx);
    }

    /** The plain socket of this request's connection, when it can be found. */
    Optional<HelidonSocket> socket(ServerRequest request) {
        ConnectionContext ctx = current.get();
        if (ctx == null || !ctx.childSocketId().equals(request.socketId())) {
            return Optional.empty();
        }
        try {
            return Optional.of(ctx.serverSocket());
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        }
    }
}
