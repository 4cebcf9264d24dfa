package dev.g4j.testkit;

import java.io.IOException;

/**
 * Thrown by {@link Exchange} operations when the client has closed or reset the connection. The server
 * catches it, counts a {@linkplain LoopbackServer#clientDisconnects() client disconnect} and does not
 * report a handler failure, so a handler may simply let it propagate.
 */
public final class ClientGoneException extends IOException {

    private static final long serialVersionUID = 1L;

    /** With the message and the I/O error that revealed the disconnect, if any. */
    public ClientGoneException(String message, Throwable cause) {
        super(message, cause);
    }
}
