package dev.g4j.server;

import dev.g4j.ChatRequest;
import dev.g4j.ChatStream;
import dev.g4j.G4jException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code POST /v1/chat/completions}: parses the body, takes a call slot, starts the stream, watches the
 * client, and answers as one {@code chat.completion} ({@link JsonAnswer}) or as SSE ({@link SseRelay}).
 * Provider selection errors (unknown provider or model) are thrown by {@code stream()} and answered
 * with their real status.
 */
final class ChatEndpoint {
    private final ServerState state;

    ChatEndpoint(ServerState state) {
        this.state = state;
    }

    void handle(ServerRequest req, ServerResponse res, Call call) {
        byte[] body = state.body(req);
        ChatParser.Parsed parsed = state.parser.parse(body);
        ChatRequest request = parsed.request();
        if (state.config.requestTimeout().isPresent()) {
            request = request.toBuilder().timeout(state.config.requestTimeout().get()).build();
        }
        call.served(request.provider().isEmpty() ? "-" : request.provider(), request.model());
        state.acquire();
        try {
            ChatStream stream = state.client.chat().stream(request);
            try (stream;
                    DisconnectWatcher.Watch watch = state.watcher.watch(call, state.probe.socket(req).orElse(null),
                            stream::close)) {
                Answer answer = new Answer(state, call, stream, watch, request.model());
                if (parsed.stream()) {
                    new SseRelay(answer, parsed.includeUsage()).run(res);
                } else {
                    new JsonAnswer(answer).run(res);
                }
            } finally {
                state.recordAttempts(stream.attempts());
            }
        } finally {
            state.release();
        }
    }

    /** What both answer forms share: the stream, its watch, the ids, metrics and logging. */
    static final class Answer {
        final ServerState state;
        final Call call;
        final ChatStream stream;
        final DisconnectWatcher.Watch watch;
        final String requestedModel;
        final String id = "chatcmpl-" + Call.random(24);
        final long created;
        boolean firstTokenSeen;

        Answer(ServerState state, Call call, ChatStream stream, DisconnectWatcher.Watch watch, String requestedModel) {
            this.state = state;
            this.call = call;
            this.stream = stream;
            this.watch = watch;
            this.requestedModel = requestedModel;
            this.created = state.clock.millis() / 1000;
        }

        String provider() {
            return stream.provider().orElse("");
        }

        String model() {
            return stream.model().orElse(requestedModel);
        }

        /** Called with the first content event: time to first token, by the provider that produced it. */
        void firstToken() {
            if (!firstTokenSeen) {
                firstTokenSeen = true;
                call.served(provider(), model());
                state.metrics.timeToFirstToken(call.endpoint, provider(), model(), System.nanoTime() - call.startNanos);
            }
        }

        /** An error before any output: a real status, and the attempts so far in a header. */
        void failBeforeOutput(ServerResponse res, G4jException e) {
            call.served(e.provider().orElse(provider()), model());
            ApiError error = Errors.of(e);
            Call.attemptsHeader(res, stream.attempts(), null);
            Call.closeIf(watch.startOutput(), res);
            state.metrics.error(call.endpoint, e.kind().wireName());
            call.log(error.status() >= 500, "failed before output: {} {}", error.status(), e.describe());
            Call.error(res, error);
        }

        /** The client left: the stream is closed already; nothing can be sent. */
        void clientGone() {
            state.metrics.disconnect();
            state.metrics.error(call.endpoint, "client_disconnected");
            call.log(false, "client disconnected after {} ms; upstream call cancelled", call.elapsedMillis());
        }

        void succeeded() {
            state.metrics.latency(call.endpoint, provider(), model(), System.nanoTime() - call.startNanos);
        }
    }
}
