package dev.g4j.server;

import dev.g4j.ChatStream;
import dev.g4j.G4j;
import dev.g4j.G4jConfig;
import dev.g4j.http.HttpRequest;
import dev.g4j.http.HttpResponse;
import dev.g4j.http.Transport;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * For g4j-bench only: the server's package-private streaming classes ({@link ChunkEncoder},
 * {@link JsonBytes}, {@link SseRelay}) as a benchmark sees them. It lives in the server's package, in the
 * benchmark jar, which runs on the class path (g4j-server's module-info exports only its API): the split
 * package lets the benchmarks run the production code itself, not a copy of it.
 */
public final class ServerAccess {
    private ServerAccess() {}

    /** One stream's chunk encoder and its reused buffer, as {@link SseRelay} holds them. */
    public static final class Encoder {
        private final JsonBytes buffer = new JsonBytes(512);
        private final ChunkEncoder enc;

        public Encoder(String id, long created, String model, String provider) {
            this.enc = new ChunkEncoder(id, created, model, provider, buffer);
        }

        public void content(String text) {
            enc.content(text);
        }

        /** The bytes buffered so far. */
        public int length() {
            return buffer.length();
        }

        /** Empties the buffer, as the relay does once it has written it. */
        public void clear() {
            buffer.reset();
        }

        /** A copy of what is buffered, and empties the buffer. */
        public byte[] take() {
            byte[] b = buffer.toByteArray();
            buffer.reset();
            return b;
        }
    }

    /**
     * What {@link ChatEndpoint} sets up around an {@link SseRelay}, made once (state, metrics, watcher)
     * so that each {@link #relay} is one request's worth: its call, watch, answer and relay.
     */
    public static final class Relay implements AutoCloseable {
        private final G4j client;
        private final ServerState state;

        public Relay() {
            Transport none = new Transport() {
                @Override
                public HttpResponse send(HttpRequest request, dev.g4j.http.CallSettings settings) {
                    throw new UnsupportedOperationException("the relay benchmark calls no upstream");
                }
            };
            client = G4j.builder()
                    .config(G4jConfig.builder().environment(Map.of()).configFile(Optional.empty()).build())
                    .transport(none).providers(List.of()).build();
            state = new ServerState(client, ServerConfig.builder().environment(Map.of()).build(), Clock.systemUTC());
        }

        /** Relays the stream as SSE into the response, as the chat endpoint does; returns the status served. */
        public int relay(ChatStream stream, ServerResponse res, boolean includeUsage) {
            Call call = new Call("req_bench", "/v1/chat/completions");
            try (DisconnectWatcher.Watch watch = state.watcher.watch(call, null, stream::close)) {
                ChatEndpoint.Answer answer = new ChatEndpoint.Answer(state, call, stream, watch, "bench-model");
                new SseRelay(answer, includeUsage).run(res);
            }
            return call.status;
        }

        @Override
        public void close() {
            state.watcher.close();
            client.close();
        }
    }
}
