package dev.g4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One chat message: a role ({@code system}, {@code developer}, {@code user}, {@code assistant},
 * {@code tool}, or any other the caller uses) and content parts. Assistant messages may carry the tool
 * calls they made; tool messages name the call they answer.
 */
public record Message(
        String role, List<ContentPart> content, List<ToolCall> toolCalls, Optional<String> toolCallId,
        Optional<String> name) {

    public Message {
        Objects.requireNonNull(role, "role");
        content = List.copyOf(content);
        toolCalls = List.copyOf(toolCalls);
        Objects.requireNonNull(toolCallId, "toolCallId");
        Objects.requireNonNull(name, "name");
    }

    public static Message of(String role, String text) {
        return new Message(role, List.of(new ContentPart.Text(text)), List.of(), Optional.empty(), Optional.empty());
    }

    public static Message of(String role, List<ContentPart> parts) {
        return new Message(role, parts, List.of(), Optional.empty(), Optional.empty());
    }

    public static Message system(String text) {
        return of("system", text);
    }

    public static Message user(String text) {
        return of("user", text);
    }

    /** A user message with images before its text, as vision models expect them. */
    public static Message user(String text, Media... images) {
        List<ContentPart> parts = new ArrayList<>();
        for (Media m : images) {
            parts.add(new ContentPart.Image(m));
        }
        parts.add(new ContentPart.Text(text));
        return of("user", parts);
    }

    public static Message assistant(String text) {
        return of("assistant", text);
    }

    public static Message assistant(String text, List<ToolCall> toolCalls) {
        return new Message(
                "assistant", text.isEmpty() ? List.of() : List.of(new ContentPart.Text(text)), toolCalls,
                Optional.empty(), Optional.empty());
    }

    /** The answer to one tool call. */
    public static Message tool(String toolCallId, String text) {
        return new Message("tool", List.of(new ContentPart.Text(text)), List.of(), Optional.of(toolCallId),
                Optional.empty());
    }

    /** The text parts, concatenated. */
    public String text() {
        if (content.size() == 1 && content.getFirst() instanceof ContentPart.Text t) {
            return t.text();
        }
        StringBuilder sb = new StringBuilder();
        for (ContentPart p : content) {
            if (p instanceof ContentPart.Text t) {
                sb.append(t.text());
            }
        }
        return sb.toString();
    }

    /** The images among the parts, in order. */
    public List<Media> images() {
        List<Media> out = new ArrayList<>();
        for (ContentPart p : content) {
            if (p instanceof ContentPart.Image i) {
                out.add(i.media());
            }
        }
        return out;
    }

    /** Whether the content is a single text part (so it renders as a plain string on the wire). */
    public boolean isPlainText() {
        return content.size() == 1 && content.getFirst() instanceof ContentPart.Text;
    }
}
