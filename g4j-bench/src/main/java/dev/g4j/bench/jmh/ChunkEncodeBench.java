package dev.g4j.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.g4j.server.ServerAccess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 * Chunk JSON encoding: the server's {@code ChunkEncoder} writing one text delta as a whole
 * {@code chat.completion.chunk} SSE event into its reused {@code JsonBytes} buffer. One operation is one
 * chunk ({@value Corpus#TOKENS} deltas of mixed text per invocation). The baseline is plain Jackson
 * {@code writeValueAsBytes} of the same chunk as a ready-made tree: no tree building and no SSE framing
 * counted, so it flatters Jackson.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChunkEncodeBench {
    private static final String PROVIDER = "DeepInfra";

    private final ObjectMapper plain = new ObjectMapper();
    private String[] texts;
    private JsonNode[] trees;
    private ServerAccess.Encoder encoder;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        List<String> tokens = Corpus.tokens(Corpus.TOKENS);
        texts = tokens.toArray(String[]::new);
        encoder = new ServerAccess.Encoder(Corpus.ID, Corpus.CREATED, Corpus.MODEL, PROVIDER);

        // every chunk must be one SSE event of valid JSON carrying the delta, UTF-8 and escapes intact
        trees = new JsonNode[texts.length];
        for (int i = 0; i < texts.length; i++) {
            encoder.content(texts[i]);
            byte[] event = encoder.take();
            String s = new String(event, StandardCharsets.UTF_8);
            Check.that(s.startsWith("data: {") && s.endsWith("}\n\n") && s.indexOf('\n') == s.length() - 2,
                    "chunk " + i + " is one data line and a blank line: " + s);
            JsonNode tree = plain.readTree(Arrays.copyOfRange(event, 6, event.length - 2));
            Check.equal(Corpus.ID, tree.path("id").asText(), "id of chunk " + i);
            Check.equal("chat.completion.chunk", tree.path("object").asText(), "object of chunk " + i);
            Check.equal(Corpus.CREATED, tree.path("created").asLong(), "created of chunk " + i);
            Check.equal(Corpus.MODEL, tree.path("model").asText(), "model of chunk " + i);
            Check.equal(PROVIDER, tree.path("provider").asText(), "provider of chunk " + i);
            JsonNode choice = tree.path("choices").path(0);
            Check.equal(texts[i], choice.path("delta").path("content").asText(), "content of chunk " + i);
            Check.that(choice.path("finish_reason").isNull(), "no finish reason in chunk " + i);
            trees[i] = tree;
            Check.equal(tree, plain.readTree(plain.writeValueAsBytes(tree)), "the baseline writes chunk " + i);
        }
    }

    @Benchmark
    @OperationsPerInvocation(Corpus.TOKENS)
    public int chunkEncoder() {
        int bytes = 0;
        for (String t : texts) {
            encoder.content(t);
            bytes += encoder.length();
            encoder.clear();
        }
        return bytes;
    }

    @Benchmark
    @OperationsPerInvocation(Corpus.TOKENS)
    public void baselineJacksonWriteValueAsBytes(Blackhole bh) throws IOException {
        for (JsonNode tree : trees) {
            bh.consume(plain.writeValueAsBytes(tree));
        }
    }
}
