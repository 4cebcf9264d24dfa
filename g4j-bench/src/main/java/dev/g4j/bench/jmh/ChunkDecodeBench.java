package dev.g4j.bench.jmh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.g4j.ChatEvent;
import dev.g4j.providers.openai.StreamAnswerAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Chunk JSON decoding: what turns one {@code data:} payload of an OpenAI-compatible stream into
 * {@link ChatEvent}s (g4j-providers {@code StreamAnswer}: parse, read the delta, the finish reason and
 * the usage, emit). One operation is one chunk of a DeepInfra stream (the role chunk,
 * {@value Corpus#TOKENS} content chunks, the finish chunk with usage). The baseline is plain Jackson
 * {@code readTree} of the same payloads, with nothing read from the tree.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChunkDecodeBench {
    static final int CHUNKS = Corpus.TOKENS + 2;

    private final ObjectMapper plain = new ObjectMapper();
    private String[] payloads;

    @Setup(Level.Trial)
    public void setUp() throws JsonProcessingException {
        List<String> tokens = Corpus.tokens(Corpus.TOKENS);
        payloads = Corpus.openAiPayloads(tokens).toArray(String[]::new);
        Check.equal(CHUNKS, payloads.length, "chunks in the stream");

        // the decoder must produce exactly the answer that was sent
        List<ChatEvent> events = new ArrayList<>();
        StreamAnswerAccess decoder = new StreamAnswerAccess(events::add);
        for (String p : payloads) {
            decoder.data(p);
        }
        decoder.data("[DONE]");
        Check.equal(tokens.size() + 2, events.size(), "events decoded: the deltas, usage, finish");
        for (int i = 0; i < tokens.size(); i++) {
            Check.equal(new ChatEvent.TextDelta(tokens.get(i)), events.get(i), "event " + i);
        }
        long total = Corpus.PROMPT_TOKENS + tokens.size();
        ChatEvent.Usage usage = (ChatEvent.Usage) events.get(tokens.size());
        Check.equal(List.of(Corpus.PROMPT_TOKENS, (long) tokens.size(), total),
                List.of(usage.promptTokens(), usage.completionTokens(), usage.totalTokens()), "usage counts");
        Check.equal(List.of("prompt_tokens", "total_tokens", "completion_tokens", "estimated_cost"),
                List.copyOf(usage.fields().keySet()), "usage fields, in the order sent");
        Check.equal(0, new java.math.BigDecimal("1.273e-05").compareTo(
                new java.math.BigDecimal(usage.fields().get("estimated_cost").toString())), "the cost field");
        Check.equal(new ChatEvent.Finished("stop"), events.getLast(), "the finish event");

        for (String p : payloads) {
            JsonNode tree = plain.readTree(p);
            Check.equal("chat.completion.chunk", tree.path("object").asText(), "the baseline parses every chunk");
        }
    }

    @Benchmark
    @OperationsPerInvocation(CHUNKS)
    public void streamAnswer(Blackhole bh) {
        StreamAnswerAccess decoder = new StreamAnswerAccess(bh::consume);
        for (String p : payloads) {
            decoder.data(p);
        }
    }

    @Benchmark
    @OperationsPerInvocation(CHUNKS)
    public void baselineJacksonReadTree(Blackhole bh) throws JsonProcessingException {
        for (String p : payloads) {
            bh.consume(plain.readTree(p));
        }
    }
}
