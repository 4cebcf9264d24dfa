package dev.g4j.spi;

import dev.g4j.ChatEvent;

/**
 * Where a provider puts its events. {@link #emit} blocks while the consumer is behind (a small bounded
 * buffer) and throws once the consumer has closed the stream, which unwinds the provider.
 */
@FunctionalInterface
public interface Emitter {

    void emit(ChatEvent event);

    /** Emits a text delta unless it is empty. */
    default void text(String text) {
        if (!text.isEmpty()) {
            emit(new ChatEvent.TextDelta(text));
        }
    }

    /** Emits a reasoning delta unless it is empty. */
    default void reasoning(String text) {
        if (!text.isEmpty()) {
            emit(new ChatEvent.ReasoningDelta(text));
        }
    }

    default void status(String message) {
        emit(new ChatEvent.Status(message));
    }

    default void finish(String reason) {
        emit(new ChatEvent.Finished(reason));
    }
}
