package dev.g4j;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole chat answer, assembled from its events.
 *
 * @param text all text deltas, concatenated
 * @param reasoning all reasoning deltas, concatenated
 * @param images the generated images
 * @param toolCalls the tool calls the model asked for
 * @param usage token accounting, when the service reported it
 * @param finishReason why it ended ({@code stop}, {@code length}, {@code tool_calls}...)
 * @param conversation the last session state, to pass back for a next turn
 * @param provider the provider that answered
 * @param model the model as that provider resolved it
 * @param attempts every provider tried, in order
 */
public record ChatCompletion(
        String text,
        String reasoning,
        List<ChatEvent.ImageOutput> images,
        List<ToolCall> toolCalls,
        Optional<ChatEvent.Usage> usage,
        String finishReason,
        Optional<ChatEvent.ConversationState> conversation,
        String provider,
        String model,
        List<Attempt> attempts) {

    public ChatCompletion {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(reasoning, "reasoning");
        images = List.copyOf(images);
        toolCalls = List.copyOf(toolCalls);
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        attempts = List.copyOf(attempts);
    }
}
