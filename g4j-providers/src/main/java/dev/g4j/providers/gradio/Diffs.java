package dev.g4j.providers.gradio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.g4j.MalformedResponseException;

/**
 * Applies Gradio's generator diffs (protocols.md §2.4, Gradio's {@code utils.diff} and the clients'
 * {@code apply_diff}): a list of {@code [op, path, value]} edits, where {@code op} is {@code replace},
 * {@code append} (a string suffix, or items for a list), {@code add} or {@code delete}, and {@code path}
 * is a list of indices and keys into the previous value ({@code []} is the value itself). An empty
 * list means no change. Values are never modified in place: each edit returns the new value.
 */
final class Diffs {
    private Diffs() {}

    /** The value after every edit of {@code edits}, in order. */
    static JsonNode apply(JsonNode value, JsonNode edits) {
        if (!edits.isArray()) {
            throw MalformedResponseException.invalid("a Gradio diff is not a list of edits: " + excerpt(edits));
        }
        JsonNode current = value;
        for (JsonNode edit : edits) {
            if (!edit.isArray() || edit.size() < 2 || !edit.get(0).isTextual() || !edit.get(1).isArray()) {
                throw MalformedResponseException.invalid("not a Gradio edit [op, path, value]: " + excerpt(edit));
            }
            current = applyEdit(current, edit.get(0).asText(), (ArrayNode) edit.get(1), edit.path(2));
        }
        return current;
    }

    private static JsonNode applyEdit(JsonNode target, String op, ArrayNode path, JsonNode value) {
        if (path.isEmpty()) {
            return switch (op) {
                case "replace" -> value.deepCopy();
                case "append" -> appended(target, value);
                default -> throw MalformedResponseException.invalid("Gradio edit '" + op + "' needs a path");
            };
        }
        JsonNode root = target == null || target.isMissingNode() ? null : target.deepCopy();
        JsonNode parent = root;
        for (int i = 0; i < path.size() - 1; i++) {
            parent = child(parent, path.get(i));
        }
        JsonNode last = path.get(path.size() - 1);
        switch (op) {
            case "replace" -> set(parent, last, value.deepCopy());
            case "append" -> set(parent, last, appended(child(parent, last), value));
            case "add" -> add(parent, last, value.deepCopy());
            case "delete" -> delete(parent, last);
            default -> throw MalformedResponseException.invalid("unknown Gradio edit '" + op + "'");
        }
        return root;
    }

    private static JsonNode appended(JsonNode target, JsonNode value) {
        if (target != null && target.isTextual() && value.isTextual()) {
            return TextNode.valueOf(target.asText() + value.asText());
        }
        if (target != null && target.isArray() && value.isArray()) {
            ArrayNode copy = ((ArrayNode) target).deepCopy();
            value.forEach(v -> copy.add(v.deepCopy()));
            return copy;
        }
        throw MalformedResponseException.invalid("cannot append " + excerpt(value) + " to " + excerpt(target));
    }

    private static JsonNode child(JsonNode parent, JsonNode key) {
        JsonNode child = parent == null ? null : parent.isArray() ? parent.get(key.asInt(-1)) : parent.get(key.asText());
        if (child == null) {
            throw MalformedResponseException.invalid("a Gradio diff path does not exist: " + key);
        }
        return child;
    }

    private static void set(JsonNode parent, JsonNode key, JsonNode value) {
        if (parent instanceof ArrayNode a && key.canConvertToInt() && key.asInt() >= 0 && key.asInt() < a.size()) {
            a.set(key.asInt(), value);
        } else if (parent instanceof ObjectNode o) {
            o.set(key.asText(), value);
        } else {
            throw MalformedResponseException.invalid("a Gradio diff path does not exist: " + key);
        }
    }

    private static void add(JsonNode parent, JsonNode key, JsonNode value) {
        if (parent instanceof ArrayNode a && key.canConvertToInt() && key.asInt() >= 0 && key.asInt() <= a.size()) {
            a.insert(key.asInt(), value);
        } else if (parent instanceof ObjectNode o) {
            o.set(key.asText(), value);
        } else {
            throw MalformedResponseException.invalid("a Gradio diff path does not exist: " + key);
        }
    }

    private static void delete(JsonNode parent, JsonNode key) {
        if (parent instanceof ArrayNode a && key.canConvertToInt() && key.asInt() >= 0 && key.asInt() < a.size()) {
            a.remove(key.asInt());
        } else if (parent instanceof ObjectNode o && o.has(key.asText())) {
            o.remove(key.asText());
        } else {
            throw MalformedResponseException.invalid("a Gradio diff path does not exist: " + key);
        }
    }

    private static String excerpt(JsonNode node) {
        String s = String.valueOf(node);
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
