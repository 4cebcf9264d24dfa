package dev.g4j.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.ChatEvent;
import dev.g4j.MalformedResponseException;
import dev.g4j.ToolCall;
import dev.g4j.http.Redaction;
import dev.g4j.spi.Emitter;
import java.util.List;

/**
 * Reads a whole {@code chat.completion} object (OpenAI API reference; protocols.md §1.3): the first
 * choice's reasoning, its content (trimmed, as g4f does), its tool calls (none for
 * {@code "tool_calls": null}, where g4f would emit an empty item), the usage and the finish reason, in
 * that order.
 */
final class JsonAnswer {
    private JsonAnswer() {}

    static void emit(JsonNode body, Emitter out) {
        ErrorBodies.check(body);
        JsonNode choices = body.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            throw MalformedResponseException.invalid(
                    "a chat completion without choices: " + Redaction.excerpt(body.toString(), 160));
        }
        JsonNode choice = choices.get(0);
        JsonNode message = choice.path("message");
        out.reasoning(Answers.reasoning(message).strip());
        out.text(Answers.content(message.get("content")).strip());
        List<ToolCall> calls = ToolCalls.parse(message.get("tool_calls"));
        if (!calls.isEmpty()) {
            out.emit(new ChatEvent.ToolCalls(calls));
        }
        Answers.usage(body.get("usage")).ifPresent(out::emit);
        Answers.finishReason(choice).ifPresent(out::finish);
    }
}
