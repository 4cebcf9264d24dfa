package dev.g4j.server;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

/**
 * Errors Helidon answers itself, before any route (a malformed request line or header, a header too
 * large, a failure outside a handler): in OpenAI's error body too, never a stack trace.
 */
final class TransportErrors implements DirectHandler {
    private TransportErrors() {}

    static DirectHandlers handlers() {
        DirectHandlers.Builder b = DirectHandlers.builder();
        TransportErrors h = new TransportErrors();
        for (EventType t : EventType.values()) {
            b.addHandler(t, h);
        }
        return b.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
            ServerResponseHeaders responseHeaders, String message) {
        int code = defaultStatus.code();
        boolean server = code >= 500;
        ApiError error = ApiError.of(code, server ? "server_error" : "invalid_request_error",
                server ? "internal_error" : "invalid_request",
                server || message == null || message.isBlank() ? defaultStatus.reasonPhrase() : message);
        return TransportResponse.builder()
                .status(defaultStatus)
                .headers(responseHeaders)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .entity(error.body())
                .build();
    }
}
