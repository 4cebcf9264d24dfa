package dev.g4j.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.g4j.ChatEvent;
import dev.g4j.http.SseEvent;
import dev.g4j.http.SseReader;
import dev.g4j.server.ServerAccess;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The server's per-chunk relay path: {@code SseRelay} (g4j-server) taking a chat stream's events and
 * writing OpenAI SSE into a discarding sink, with everything the chat endpoint sets up per request
 * (call, disconnect watch, answer, headers, metrics). One operation is one chunk of a
 * {@value #CHUNKS}-chunk answer, the per-request work spread over its chunks. {@code batched=false}:
 * every chunk is written and flushed on its own; {@code true}: the events are all ready, so the relay
 * batches them. The baseline writes the same pre-encoded bytes, in the same writes and flushes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RelayBench {
    static final int CHUNKS = 50;

    @Param({"false", "true"})
    public boolean batched;

    private final Sinks.Discarding sink = new Sinks.Discarding();
    private ServerAccess.Relay relay;
    private List<ChatEvent> events;
    private byte[][] writes;
    private long streamBytes;
    private long invocations;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        relay = new ServerAccess.Relay();
        List<String> tokens = Corpus.tokens(CHUNKS);
        events = new ArrayList<>();
        tokens.forEach(t -> events.add(new ChatEvent.TextDelta(t)));
        events.add(ChatEvent.Usage.of(Corpus.PROMPT_TOKENS, CHUNKS));
        events.add(new ChatEvent.Finished("stop"));

        Sinks.Recording recorded = new Sinks.Recording();
        SinkResponse res = new SinkResponse(recorded);
        Check.equal(200, relay.relay(new FixedStream(events, batched), res, false), "status served");
        Check.equal("text/event-stream; charset=utf-8",
                res.headers().first(io.helidon.http.HeaderNames.CONTENT_TYPE).orElse(""), "content type");
        byte[] body = recorded.bytes();
        checkBody(body, tokens);
        writes = recorded.writes();
        Check.that(batched ? writes.length <= 3 : writes.length >= CHUNKS,
                (batched ? "a few writes for ready chunks" : "a write per chunk") + ", " + writes.length + " here");
        streamBytes = body.length;
    }

    /** The role chunk, one chunk per delta with its text, the finish chunk, {@code [DONE]}. */
    private static void checkBody(byte[] body, List<String> tokens) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> chunks = new ArrayList<>();
        String last = "";
        try (SseReader r = new SseReader(new ByteArrayInputStream(body))) {
            for (SseEvent e = r.next(); e != null; e = r.next()) {
                last = e.data();
                if (!e.isDone()) {
                    chunks.add(json.readTree(e.data()));
                }
            }
        }
        Check.equal("[DONE]", last, "the stream ends with [DONE]");
        Check.equal(tokens.size() + 2, chunks.size(), "chunks relayed");
        Check.equal("assistant", chunks.getFirst().path("choices").path(0).path("delta").path("role").asText(),
                "the role chunk comes first");
        for (int i = 0; i < tokens.size(); i++) {
            JsonNode chunk = chunks.get(i + 1);
            Check.equal("chat.completion.chunk", chunk.path("object").asText(), "object of chunk " + i);
            Check.equal("Bench", chunk.path("provider").asText(), "provider of chunk " + i);
            Check.equal(tokens.get(i), chunk.path("choices").path(0).path("delta").path("content").asText(),
                    "content of chunk " + i);
        }
        Check.equal("stop", chunks.getLast().path("choices").path(0).path("finish_reason").asText(), "finish");
    }

    @Benchmark
    @OperationsPerInvocation(CHUNKS)
    public int sseRelay() {
        invocations++;
        return relay.relay(new FixedStream(events, batched), new SinkResponse(sink), false);
    }

    @Benchmark
    @OperationsPerInvocation(CHUNKS)
    public long baselinePreEncodedWrite() {
        invocations++;
        for (byte[] w : writes) {
            sink.write(w, 0, w.length);
            sink.flush();
        }
        return sink.bytes;
    }

    /** Every invocation must have written one whole stream: a relay that failed quietly would write less. */
    @TearDown(Level.Iteration)
    public void checkWritten() {
        Check.equal(invocations * streamBytes, sink.bytes, "bytes written in " + invocations + " streams");
        sink.bytes = 0;
        invocations = 0;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        relay.close();
    }
}
