package dev.g4j.providers.gradio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.g4j.ChatEvent;
import dev.g4j.ErrorKind;
import dev.g4j.MalformedResponseException;
import dev.g4j.UpstreamException;
import dev.g4j.http.Json;
import dev.g4j.http.SseEvent;
import dev.g4j.http.SseReader;
import dev.g4j.spi.Emitter;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one job's messages from {@code GET /gradio_api/queue/data} (protocols.md §2.4) and emits each as
 * it arrives: queue status, logs, progress and heartbeats as statuses, generator values as text deltas,
 * and the final {@code process_completed} as text or images, or as a typed failure. Messages of other
 * events of the same session are ignored. The stream must reach our {@code process_completed}: anything
 * else is a {@code truncated_stream}. One instance per job; not thread-safe.
 */
final class QueueStream {
    private static final Logger LOG = LoggerFactory.getLogger(QueueStream.class);

    private final GradioSpace space;
    private final Optional<String> eventId;
    private final GradioCall call;
    private final Emitter out;
    private int heartbeats;
    private ArrayNode values;
    private String emitted = "";

    QueueStream(GradioSpace space, Optional<String> eventId, GradioCall call, Emitter out) {
        this.space = space;
        this.eventId = eventId;
        this.call = call;
        this.out = out;
    }

    /** Reads until the job completes; returns normally on success, throws the job's failure otherwise. */
    void read(InputStream body) throws IOException {
        read(body, SseReader.DEFAULT_EVENT_LIMIT);
    }

    /** {@link #read(InputStream)}, refusing a message larger than {@code maxEventBytes}. */
    void read(InputStream body, long maxEventBytes) throws IOException {
        try (SseReader reader = new SseReader(body, maxEventBytes)) {
            for (SseEvent event = reader.next(); event != null; event = reader.next()) {
                JsonNode message = Json.tryParse(event.data());
                // a payload that is not a JSON object (broken JSON, "null") is skipped, as g4f does
                if (message != null && message.isObject() && isOurs(message) && handle(message)) {
                    return;
                }
            }
        }
        throw MalformedResponseException.truncated("the queue's event stream ended before process_completed");
    }

    private boolean isOurs(JsonNode message) {
        JsonNode id = message.get("event_id");
        return eventId.isEmpty() || id == null || !id.isTextual() || id.asText().equals(eventId.get());
    }

    /** Handles one message; true when the job is over. */
    private boolean handle(JsonNode message) {
        switch (Json.text(message.get("msg"))) {
            case "estimation" -> out.status(QueueStatus.estimation(message));
            case "process_starts" -> out.status(QueueStatus.processStarts(message));
            case "log" -> {
                String log = Json.text(message.get("log"));
                if (!log.isEmpty()) {
                    out.status(log);
                }
            }
            case "progress" -> {
                QueueStatus.progressEvent(message).ifPresent(out::emit);
                out.status(QueueStatus.progress(message));
            }
            case "heartbeat" -> out.status(QueueStatus.heartbeat(heartbeats++));
            case "process_generating", "process_streaming" -> generating(message);
            case "process_completed" -> {
                completed(message);
                return true;
            }
            case "unexpected_error" -> throw GradioErrors.unexpected(message);
            case "close_stream" -> throw MalformedResponseException.truncated(
                    "the queue closed the stream without completing the job");
            default -> LOG.debug("ignoring Gradio message {}", Json.text(message.get("msg")));
        }
        return false;
    }

    /** A generator's value: full values first, then one list of edits per output (Gradio's diff format). */
    private void generating(JsonNode message) {
        JsonNode data = message.path("output").path("data");
        if (!message.path("success").asBoolean(true) || !data.isArray()) {
            return;
        }
        if (values == null) {
            values = (ArrayNode) data.deepCopy();
        } else {
            for (int i = 0; i < data.size() && i < values.size(); i++) {
                values.set(i, Diffs.apply(values.get(i), data.get(i)));
            }
        }
        JsonNode value = values.get(call.outputIndex());
        if (value != null && value.isTextual()) {
            text(value.asText());
        }
    }

    private void completed(JsonNode message) {
        JsonNode output = message.path("output");
        boolean failed = message.has("success") ? !message.get("success").asBoolean() : output.has("error");
        if (failed) {
            throw GradioErrors.completedFailure(message);
        }
        JsonNode data = output.path("data");
        if (!data.isArray() || call.outputIndex() >= data.size()) {
            throw MalformedResponseException.invalid("process_completed without output " + call.outputIndex());
        }
        out.status("");
        JsonNode value = data.get(call.outputIndex());
        if (value.isArray() || value.isObject()) {
            images(value);
        } else if (value.isNull()) {
            throw new UpstreamException(ErrorKind.EMPTY_OUTPUT, "the Space finished without an output");
        } else {
            text(value.asText());
        }
    }

    /** Emits what a text output gained since the last emission; the final value repeats it and adds nothing. */
    private void text(String value) {
        if (value.startsWith(emitted)) {
            out.text(value.substring(emitted.length()));
            emitted = value;
        } else {
            LOG.debug("a Gradio text output was rewritten, not extended; keeping what was emitted");
        }
    }

    /** A Gallery (list of {@code {"image": FileData, "caption"}}) or a single image's FileData. */
    private void images(JsonNode value) {
        List<String> urls = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(item -> url(item).ifPresent(urls::add));
        } else {
            url(value).ifPresent(urls::add);
        }
        if (urls.isEmpty()) {
            throw new UpstreamException(ErrorKind.EMPTY_OUTPUT, "the Space returned no images");
        }
        out.emit(new ChatEvent.ImageOutput(urls, call.prompt()));
    }

    private Optional<String> url(JsonNode item) {
        if (item.isTextual()) {
            return Optional.of(item.asText());
        }
        if (item.isArray() && !item.isEmpty()) {
            return url(item.get(0)); // Gradio 3 galleries: [url or FileData, caption]
        }
        for (String media : List.of("image", "video")) {
            if (item.path(media).isObject()) {
                return url(item.get(media));
            }
        }
        String url = Json.text(item.get("url"));
        if (!url.isEmpty()) {
            return Optional.of(url);
        }
        String path = Json.text(item.get("path"));
        return path.isEmpty() ? Optional.empty() : Optional.of(space.fileUrl(path));
    }
}
