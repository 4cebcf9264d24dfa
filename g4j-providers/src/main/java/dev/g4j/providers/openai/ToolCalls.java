package dev.g4j.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.ToolCall;
import dev.g4j.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tool calls in OpenAI's chat format. A whole answer carries them in {@code message.tool_calls}; a
 * stream sends fragments in {@code delta.tool_calls}, each with the {@code index} of the call it belongs
 * to: the first fragment of a call brings its {@code id}, {@code type} and {@code function.name}, the
 * following ones pieces of {@code function.arguments} (OpenAI API reference, "chat completion chunk").
 * An instance accumulates the fragments of one stream; it is not thread-safe.
 */
final class ToolCalls {
    private static final class Pending {
        private String id = "";
        private String type = "";
        private final StringBuilder name = new StringBuilder();
        private final StringBuilder arguments = new StringBuilder();
    }

    private final Map<Integer, Pending> pending = new TreeMap<>();

    /** Adds the fragments of one {@code delta.tool_calls} value. */
    void add(JsonNode fragments) {
        if (fragments == null || !fragments.isArray()) {
            return;
        }
        int position = 0;
        for (JsonNode f : fragments) {
            int index = f.path("index").isIntegralNumber() ? f.get("index").asInt() : position;
            position++;
            Pending p = pending.computeIfAbsent(index, i -> new Pending());
            String id = Json.text(f.get("id"));
            if (!id.isEmpty()) {
                p.id = id;
            }
            String type = Json.text(f.get("type"));
            if (!type.isEmpty()) {
                p.type = type;
            }
            JsonNode function = f.path("function");
            p.name.append(Json.text(function.get("name")));
            p.arguments.append(arguments(function.get("arguments")));
        }
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** The calls accumulated so far, in index order; the accumulator is empty afterwards. */
    List<ToolCall> drain() {
        List<ToolCall> calls = new ArrayList<>(pending.size());
        pending.forEach((index, p) -> calls.add(new ToolCall(
                p.id.isEmpty() ? "call_" + index : p.id, p.type.isEmpty() ? "function" : p.type,
                p.name.toString(), p.arguments.toString())));
        pending.clear();
        return calls;
    }

    /** The calls of a whole message's {@code tool_calls}; empty for null (never a call list of nothing). */
    static List<ToolCall> parse(JsonNode toolCalls) {
        ToolCalls acc = new ToolCalls();
        acc.add(toolCalls);
        return acc.drain();
    }

    /** Arguments as JSON text: some servers send an object instead of the string OpenAI specifies. */
    private static String arguments(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        return value.isTextual() ? value.asText() : value.toString();
    }
}
