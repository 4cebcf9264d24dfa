package dev.g4j.bench.jmh;

import dev.g4j.http.SseEvent;
import dev.g4j.http.SseReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SSE parsing ({@link SseReader}, g4j-core): one operation reads a whole stream body of
 * {@value Corpus#TOKENS} chunks, delivered in network-sized reads ({@link NetworkInput}); the secondary
 * figures {@code bytes} and {@code events} are per second (MB/s and events/s). The baseline is the least
 * any reader must do: pull the same bytes through the same input stream and count the {@code \n}s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SseParseBench {
    /** {@code openai}: DeepInfra {@code chat.completion.chunk}s, ~250 B each; {@code gradio}: queue data lines. */
    @Param({"openai", "gradio"})
    public String stream;

    /** Piece sizes of the reads (see {@link NetworkInput}). */
    @Param({"1-16k"})
    public String reads;

    private NetworkInput input;
    private int events;
    private int newlines;

    /** Per-second counters reported beside the streams per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Volume {
        public long bytes;
        public long events;

        @Setup(Level.Iteration)
        public void clear() {
            bytes = 0;
            events = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        List<String> tokens = Corpus.tokens(Corpus.TOKENS);
        List<String> payloads = new ArrayList<>(stream.equals("openai") ? Corpus.openAiPayloads(tokens)
                : stream.equals("gradio") ? Corpus.gradioPayloads(tokens) : List.of());
        Check.that(!payloads.isEmpty(), "stream is openai or gradio, not " + stream);
        if (stream.equals("openai")) {
            payloads.add("[DONE]");
        }
        input = new NetworkInput(Corpus.sse(payloads), reads);
        events = payloads.size();
        newlines = 2 * events;

        // the reader must give back every payload, multi-byte text whole, across every read boundary
        input.rewind();
        List<String> read = new ArrayList<>();
        try (SseReader r = new SseReader(input)) {
            for (SseEvent e = r.next(); e != null; e = r.next()) {
                Check.equal("message", e.event(), "event type");
                read.add(e.data());
            }
        }
        Check.equal(payloads, read, "the events read are the payloads sent");
        Check.that(input.pieces() > 1, "the body arrives in several reads, " + input.pieces() + " here");
        Check.equal(newlines, scan(), "the byte scan counts two line ends per event");
    }

    @Benchmark
    public int sseReader(Volume v) throws IOException {
        input.rewind();
        SseReader r = new SseReader(input);
        int n = 0;
        int chars = 0;
        for (SseEvent e = r.next(); e != null; e = r.next()) {
            n++;
            chars += e.data().length();
        }
        v.bytes += input.length();
        v.events += n;
        return chars;
    }

    @Benchmark
    public int baselineByteScan(Volume v) {
        int lines = scan();
        v.bytes += input.length();
        v.events += lines == newlines ? events : 0;
        return lines;
    }

    /** Every byte through the same input shape, into a reader-sized buffer, counting line feeds. */
    private int scan() {
        input.rewind();
        byte[] buf = new byte[8192];
        int lines = 0;
        for (int n = input.read(buf, 0, buf.length); n >= 0; n = input.read(buf, 0, buf.length)) {
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    lines++;
                }
            }
        }
        return lines;
    }
}
