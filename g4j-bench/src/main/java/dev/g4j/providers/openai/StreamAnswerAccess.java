package dev.g4j.providers.openai;

import dev.g4j.spi.Emitter;

/**
 * For g4j-bench only: the OpenAI-compatible stream decoder ({@link StreamAnswer}, package-private) as a
 * benchmark sees it. It lives in the provider's package, in the benchmark jar, which runs on the class
 * path: the split package is what lets a benchmark call the production path itself, not a copy of it.
 */
public final class StreamAnswerAccess {
    private final StreamAnswer answer;

    /** A decoder for one stream, emitting to {@code out}. */
    public StreamAnswerAccess(Emitter out) {
        this.answer = new StreamAnswer(out);
    }

    /** One SSE event's data, exactly as {@code StreamAnswer.read} hands it over: a chunk, or {@code [DONE]}. */
    public void data(String payload) {
        answer.data(payload);
    }
}
