package dev.g4j.server;

import dev.g4j.G4jException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Set;

/**
 * The routes, each wrapped once: request id, CORS, API key, and the mapping of every failure to an
 * OpenAI error body (an unexpected one becomes a 500 with the request id; its stack trace goes to the
 * log, never to the client).
 */
final class Routes {
    private static final Set<String> KNOWN = Set.of("/v1/chat/completions", "/v1/images/generations", "/v1/models",
            "/v1/providers", "/health", "/metrics");

    /** A handler that knows its {@link Call}. */
    @FunctionalInterface
    interface Endpoint {
        void handle(ServerRequest req, ServerResponse res, Call call);
    }

    private final ServerState state;
    private final Guard guard;

    Routes(ServerState state) {
        this.state = state;
        this.guard = new Guard(state.config);
    }

    HttpRouting.Builder routing() {
        ChatEndpoint chat = new ChatEndpoint(state);
        ImagesEndpoint images = new ImagesEndpoint(state);
        InfoEndpoints info = new InfoEndpoints(state);
        return HttpRouting.builder()
                .post("/v1/chat/completions", wrap("chat", true, chat::handle))
                .post("/v1/images/generations", wrap("images", true, images::handle))
                .get("/v1/models", wrap("models", true, info::models))
                .get("/v1/models/{+id}", wrap("models", true, info::model))
                .get("/v1/providers", wrap("providers", true, info::providers))
                .get("/health", wrap("health", false, info::health))
                .get("/metrics", wrap("metrics", true, info::metrics))
                .options(wrap("preflight", false, (req, res, call) -> guard.preflight(req, res)))
                .any(wrap("unknown", false, Routes::unknown));
    }

    private static void unknown(ServerRequest req, ServerResponse res, Call call) {
        String path = req.path().path();
        String method = req.prologue().method().text();
        if (KNOWN.contains(path) || path.startsWith("/v1/models/")) {
            throw new ApiException(ApiError.of(405, "invalid_request_error", "method_not_allowed",
                    "method " + method + " is not allowed on " + path));
        }
        throw new ApiException(ApiError.of(404, "invalid_request_error", "unknown_url",
                "unknown request URL: " + method + " " + Call.headerValue(path)));
    }

    private Handler wrap(String endpoint, boolean authenticated, Endpoint h) {
        return (req, res) -> {
            Call call = Call.of(req, endpoint);
            res.header(Call.REQUEST_ID, call.id);
            try {
                guard.cors(req, res);
                if (authenticated) {
                    guard.authenticate(req);
                }
                h.handle(req, res, call);
            } catch (ApiException e) {
                state.metrics.error(endpoint, e.error().code());
                fail(res, call, e.error(), e.getMessage());
            } catch (G4jException e) {
                state.metrics.error(endpoint, e.kind().wireName());
                fail(res, call, Errors.of(e), e.describe());
            } catch (RuntimeException e) {
                state.metrics.error(endpoint, "internal_error");
                call.log(true, "unexpected failure", e);
                fail(res, call, Errors.internal(call.id), "internal error");
            } finally {
                state.metrics.request(endpoint, call.status != 0 ? call.status : res.status().code());
            }
            endIfPromised(req, res);
        };
    }

    /**
     * An answer that says {@code Connection: close} (the client asked for it, or the request was probed
     * for a disconnect) must end its connection (RFC 9112 §9.6). Helidon 4.5 sends the header and then
     * waits on the connection for a next request that never comes (helidon#12324): the client, reading
     * to the end as promised, hangs, and the server holds the connection. Helidon closes a connection
     * whose handler throws {@link CloseConnectionException}, so we do once the answer is sent. Not for a
     * 413: its body was never read, and closing with unread input would reset the answer away.
     */
    private static void endIfPromised(ServerRequest req, ServerResponse res) {
        if (res.status().code() == 413 && !says(req.headers().first(HeaderNames.EXPECT), "100-continue")) {
            return; // (a client waiting for 100 Continue has sent no body: its connection can close cleanly)
        }
        if (says(req.headers().first(HeaderNames.CONNECTION), "close")
                || says(res.headers().first(HeaderNames.CONNECTION), "close")) {
            if (res instanceof RoutingResponse r) {
                r.commit(); // a streamed answer ends (its last chunk) only when committed, after the handler
            }
            throw new CloseConnectionException("the answer said Connection: close");
        }
    }

    private static boolean says(java.util.Optional<String> header, String token) {
        return header.map(v -> java.util.Arrays.stream(v.split(","))
                .anyMatch(t -> t.strip().equalsIgnoreCase(token))).orElse(false);
    }

    private static void fail(ServerResponse res, Call call, ApiError error, String why) {
        call.status = error.status();
        call.log(error.status() >= 500, "{} {}", error.status(), why);
        if (res.isSent()) {
            return;
        }
        try {
            Call.error(res, error);
        } catch (RuntimeException e) {
            call.log(false, "could not send the error: {}", e.toString());
        }
    }
}
