package dev.g4j;

import java.util.Objects;

/**
 * One function call requested by a model, in OpenAI's shape: {@code {"id", "type": "function",
 * "function": {"name", "arguments"}}}. {@code arguments} is the JSON text as the model wrote it.
 */
public record ToolCall(String id, String type, String name, String arguments) {
    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arguments, "arguments");
    }

    public static ToolCall function(String id, String name, String arguments) {
        return new ToolCall(id, "function", name, arguments);
    }
}
