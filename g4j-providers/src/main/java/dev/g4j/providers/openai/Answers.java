package dev.g4j.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.ChatEvent;
import dev.g4j.http.Json;
import java.util.Optional;

/** Small readers of the fields a chat completion (or one of its chunks) carries, shared by both answer forms. */
final class Answers {
    private Answers() {}

    /**
     * The text of a {@code content} value: a string, or the concatenated {@code text} of a list of
     * content parts (some servers answer in that form); empty for null and anything else.
     */
    static String content(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                if (part.isTextual()) {
                    sb.append(part.asText());
                } else if (part.path("type").asText("text").equals("text")) {
                    sb.append(Json.text(part.get("text")));
                }
            }
            return sb.toString();
        }
        return "";
    }

    /**
     * The reasoning text of a message or delta: {@code reasoning_content} (DeepSeek, vLLM, DeepInfra), else
     * {@code reasoning} (OpenRouter, Ollama, newer vLLM).
     */
    static String reasoning(JsonNode messageOrDelta) {
        String r = content(messageOrDelta.get("reasoning_content"));
        return r.isEmpty() ? content(messageOrDelta.get("reasoning")) : r;
    }

    /**
     * The usage object as an event, every field kept as sent (DeepInfra's {@code estimated_cost} too);
     * empty when absent, null (OpenAI's {@code "usage": null} on ordinary chunks) or empty.
     */
    static Optional<ChatEvent.Usage> usage(JsonNode usage) {
        if (usage == null || !usage.isObject() || usage.isEmpty()) {
            return Optional.empty();
        }
        long prompt = usage.path("prompt_tokens").asLong(0);
        long completion = usage.path("completion_tokens").asLong(0);
        long total = usage.hasNonNull("total_tokens") ? usage.get("total_tokens").asLong(0) : prompt + completion;
        return Optional.of(new ChatEvent.Usage(prompt, completion, total, Json.toMap(usage)));
    }

    /** The non-empty finish reason of a choice, if any. */
    static Optional<String> finishReason(JsonNode choice) {
        String reason = Json.text(choice.get("finish_reason"));
        return reason.isEmpty() ? Optional.empty() : Optional.of(reason);
    }
}
