package dev.g4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One item of a chat stream. Every stream yields only these records; consumers {@code switch} over
 * them exhaustively. A successful stream always ends with {@link Finished}.
 *
 * <p>{@link #isContent()} marks output proper (text, reasoning, images, tool calls): once one of those
 * has reached the consumer, a fallback chain never switches provider, so output is never repeated.
 */
public sealed interface ChatEvent {

    /** Whether this event is output proper, as opposed to status, usage or session bookkeeping. */
    default boolean isContent() {
        return false;
    }

    /** A piece of the answer's text. */
    record TextDelta(String text) implements ChatEvent {
        public TextDelta {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public boolean isContent() {
            return true;
        }
    }

    /** A piece of the model's reasoning ("thinking") text. */
    record ReasoningDelta(String text) implements ChatEvent {
        public ReasoningDelta {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public boolean isContent() {
            return true;
        }
    }

    /** A progress word for a human: queue position, "Generating...", a log line. Empty clears it. */
    record Status(String message) implements ChatEvent {
        public Status {
            Objects.requireNonNull(message, "message");
        }
    }

    /** Measured progress: {@code done} of {@code total} units (total 0 when unknown). */
    record Progress(String label, long done, long total) implements ChatEvent {
        public Progress {
            Objects.requireNonNull(label, "label");
        }
    }

    /** Generated images as http(s) URLs or {@code data:} URIs, with the prompt that made them. */
    record ImageOutput(List<String> urls, String prompt) implements ChatEvent {
        public ImageOutput {
            urls = List.copyOf(urls);
            Objects.requireNonNull(prompt, "prompt");
        }

        @Override
        public boolean isContent() {
            return true;
        }
    }

    /**
     * Token accounting as the service reported it. {@code fields} keeps every field as sent, extras
     * such as DeepInfra's {@code estimated_cost} included.
     */
    record Usage(long promptTokens, long completionTokens, long totalTokens, Map<String, Object> fields)
            implements ChatEvent {
        public Usage {
            fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        public static Usage of(long prompt, long completion) {
            return new Usage(prompt, completion, prompt + completion, Map.of(
                    "prompt_tokens", prompt, "completion_tokens", completion, "total_tokens", prompt + completion));
        }

        /** A numeric extra field such as {@code estimated_cost}'s integer part, when present. */
        public OptionalLong longField(String name) {
            return fields.get(name) instanceof Number n ? OptionalLong.of(n.longValue()) : OptionalLong.empty();
        }
    }

    /** Function calls the model asks the caller to make, in OpenAI's shape. */
    record ToolCalls(List<ToolCall> calls) implements ChatEvent {
        public ToolCalls {
            calls = List.copyOf(calls);
        }

        @Override
        public boolean isContent() {
            return true;
        }
    }

    /**
     * Opaque state of a remote session (Janus's session hash and ZeroGPU token, say). Pass it back in
     * {@link ChatRequest.Builder#conversation} to continue the same session with the same provider.
     *
     * @param provider the provider the state belongs to
     * @param json the state as a JSON object
     */
    record ConversationState(String provider, String json) implements ChatEvent {
        public ConversationState {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(json, "json");
        }
    }

    /** The end of a successful answer, with the service's reason ({@code stop}, {@code length}, ...). */
    record Finished(String reason) implements ChatEvent {
        public Finished {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
