package dev.g4j.http;

import java.util.Objects;

/**
 * One dispatched server-sent event.
 *
 * @param event the {@code event:} field, {@code message} when none was given
 * @param data the {@code data:} lines joined with {@code \n}
 * @param id the last event id seen so far, empty when none
 */
public record SseEvent(String event, String data, String id) {
    public SseEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(id, "id");
    }

    /** Whether the data is the OpenAI end marker {@code [DONE]}. */
    public boolean isDone() {
        return data.equals("[DONE]");
    }
}
