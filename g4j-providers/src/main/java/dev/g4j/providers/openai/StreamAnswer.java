package dev.g4j.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.ChatEvent;
import dev.g4j.ErrorKind;
import dev.g4j.MalformedResponseException;
import dev.g4j.http.Json;
import dev.g4j.http.SseEvent;
import dev.g4j.http.SseReader;
import dev.g4j.spi.Emitter;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads a streamed chat completion: server-sent events (WHATWG rules, through {@link SseReader}) whose
 * data are {@code chat.completion.chunk} objects, ending with {@code data: [DONE]} (OpenAI API
 * reference; protocols.md §1.3). Each event is emitted as soon as it is read.
 *
 * <ul>
 *   <li>{@code delta.reasoning_content} / {@code delta.reasoning} become reasoning deltas;
 *       {@code delta.content} becomes text, with the leading whitespace of the answer dropped as g4f does
 *       (until the first delta with visible text);
 *   <li>{@code delta.tool_calls} fragments are accumulated and emitted as one tool-call event when the
 *       finish reason arrives (or at the end, when none does);
 *   <li>{@code usage} is read wherever it comes: in the finish chunk (DeepInfra) or in a later chunk with
 *       {@code choices: []} (OpenAI's {@code stream_options.include_usage}), so reading goes on after the
 *       finish reason until {@code [DONE]} or the end of the body;
 *   <li>an error object in an event is a {@code response_error}; a data payload that is not JSON is
 *       skipped (protocols.md §0.1);
 *   <li>a body that ends before any finish reason and without {@code [DONE]} is a
 *       {@code truncated_stream}; a cut after the finish reason loses nothing and is not an error.
 * </ul>
 *
 * Only the first choice is read: g4j asks for one ({@code n} is not sent unless the caller passes it).
 */
final class StreamAnswer {
    private final Emitter out;
    private final ToolCalls toolCalls = new ToolCalls();
    private boolean textStarted;
    private boolean finished;
    private boolean done;

    StreamAnswer(Emitter out) {
        this.out = out;
    }

    /** Reads the whole stream, emitting as it goes. */
    void read(InputStream body) throws IOException {
        read(body, SseReader.DEFAULT_EVENT_LIMIT);
    }

    /** {@link #read(InputStream)}, refusing an event larger than {@code maxEventBytes}. */
    void read(InputStream body, long maxEventBytes) throws IOException {
        SseReader reader = new SseReader(body, maxEventBytes);
        try {
            for (SseEvent event = reader.next(); event != null; event = reader.next()) {
                data(event.data());
            }
        } catch (MalformedResponseException e) {
            if (e.kind() != ErrorKind.TRUNCATED_STREAM || !(finished || done)) {
                throw e;
            }
        }
        if (!finished && !done) {
            throw MalformedResponseException.truncated("the event stream ended before a finish_reason or [DONE]");
        }
        if (!finished) {
            emitToolCalls();
        }
    }

    /** Handles one event's data: {@code [DONE]}, a chunk, or a payload that is not JSON (skipped). */
    void data(String data) {
        if (done) {
            return; // read on to the end of the body so the connection can be reused
        }
        if (data.strip().equals("[DONE]")) {
            done = true;
            return;
        }
        JsonNode chunk = Json.tryParse(data);
        if (chunk != null && chunk.isObject()) {
            accept(chunk);
        }
    }

    /** Handles one chunk. */
    void accept(JsonNode chunk) {
        ErrorBodies.check(chunk);
        JsonNode choices = chunk.path("choices");
        Optional<String> finish = Optional.empty();
        if (choices.isArray() && !choices.isEmpty()) {
            JsonNode choice = choices.get(0);
            delta(choice.path("delta"));
            finish = Answers.finishReason(choice);
        }
        if (finish.isPresent() && !finished) {
            emitToolCalls();
        }
        Answers.usage(chunk.get("usage")).ifPresent(out::emit);
        if (finish.isPresent() && !finished) {
            finished = true;
            out.emit(new ChatEvent.Finished(finish.get()));
        }
    }

    private void delta(JsonNode delta) {
        out.reasoning(Answers.reasoning(delta));
        String text = Answers.content(delta.get("content"));
        if (!textStarted) {
            text = text.stripLeading();
            textStarted = !text.isEmpty();
        }
        out.text(text);
        toolCalls.add(delta.get("tool_calls"));
    }

    private void emitToolCalls() {
        if (!toolCalls.isEmpty()) {
            out.emit(new ChatEvent.ToolCalls(toolCalls.drain()));
        }
    }
}
