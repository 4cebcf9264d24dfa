package dev.g4j.testkit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link OpenAiSimulator} answers to one chat completion: reasoning deltas, content deltas,
 * tool calls, the finish reason and the usage. The non-streamed answer joins the deltas into one
 * message; the streamed answer sends one chunk per delta.
 *
 * @param reasoning deltas sent as {@code delta.reasoning_content} before the content
 * @param deltas content deltas, in order
 * @param toolCalls function calls the assistant makes
 * @param finishReason {@code stop}, {@code length}, {@code tool_calls}, ...
 * @param usage token counts, or empty to send no usage at all
 */
public record ChatReply(
        List<String> reasoning, List<String> deltas, List<ChatReply.ToolCall> toolCalls, String finishReason,
        Optional<ChatReply.Usage> usage) {

    /**
     * One function call.
     *
     * @param id the call id, e.g. {@code call_1}
     * @param name the function name
     * @param arguments the arguments as a JSON text
     */
    public record ToolCall(String id, String name, String arguments) {
        /** Validates. */
        public ToolCall {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(arguments, "arguments");
        }
    }

    /**
     * Token counts; the total is their sum.
     *
     * @param promptTokens prompt tokens
     * @param completionTokens completion tokens
     * @param estimatedCost DeepInfra's extra {@code estimated_cost} field, when wanted
     */
    public record Usage(int promptTokens, int completionTokens, Optional<Double> estimatedCost) {
        /** Validates. */
        public Usage {
            Objects.requireNonNull(estimatedCost, "estimatedCost");
        }

        /** The sum of prompt and completion tokens. */
        public int totalTokens() {
            return promptTokens + completionTokens;
        }
    }

    /** Validates and copies. */
    public ChatReply {
        reasoning = List.copyOf(reasoning);
        deltas = List.copyOf(deltas);
        toolCalls = List.copyOf(toolCalls);
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(usage, "usage");
    }

    /** Content deltas, finish {@code stop}, usage of 10 prompt tokens and one completion token per delta. */
    public static ChatReply text(String... deltas) {
        return new ChatReply(List.of(), List.of(deltas), List.of(), "stop",
                Optional.of(new Usage(10, deltas.length, Optional.empty())));
    }

    /** This reply with reasoning deltas before the content. */
    public ChatReply withReasoning(String... thinking) {
        return new ChatReply(List.of(thinking), deltas, toolCalls, finishReason, usage);
    }

    /** This reply with tool calls and finish reason {@code tool_calls}. */
    public ChatReply withToolCalls(ToolCall... calls) {
        return new ChatReply(reasoning, deltas, List.of(calls), "tool_calls", usage);
    }

    /** This reply with another finish reason. */
    public ChatReply withFinishReason(String reason) {
        return new ChatReply(reasoning, deltas, toolCalls, reason, usage);
    }

    /** This reply with these token counts. */
    public ChatReply withUsage(int promptTokens, int completionTokens) {
        return new ChatReply(reasoning, deltas, toolCalls, finishReason,
                Optional.of(new Usage(promptTokens, completionTokens, Optional.empty())));
    }

    /** This reply with these token counts and DeepInfra's {@code estimated_cost}. */
    public ChatReply withUsage(int promptTokens, int completionTokens, double estimatedCost) {
        return new ChatReply(reasoning, deltas, toolCalls, finishReason,
                Optional.of(new Usage(promptTokens, completionTokens, Optional.of(estimatedCost))));
    }

    /** This reply without any usage. */
    public ChatReply withoutUsage() {
        return new ChatReply(reasoning, deltas, toolCalls, finishReason, Optional.empty());
    }

    /** The content deltas joined. */
    public String content() {
        return String.join("", deltas);
    }
}
