package dev.g4j.spi;

import dev.g4j.ContentPart;
import dev.g4j.InvalidRequestException;
import dev.g4j.Message;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Prompt building with g4f's semantics ({@code g4f/providers/helper.py}): one place for every provider.
 * An empty message list is an {@link InvalidRequestException}, not a crash.
 */
public final class Prompts {
    private Prompts() {}

    /** {@link #formatPrompt(List, boolean, boolean, boolean)} with g4f's defaults. */
    public static String formatPrompt(List<Message> messages) {
        return formatPrompt(messages, false, false, true);
    }

    /**
     * g4f's {@code format_prompt}: a single message (without special tokens) is its bare text;
     * otherwise one {@code Role: text} line per message with non-blank text (role capitalised, system and
     * developer messages dropped unless {@code includeSystem}), then {@code Assistant:} unless
     * {@code doContinue}.
     */
    public static String formatPrompt(
            List<Message> messages, boolean addSpecialTokens, boolean doContinue, boolean includeSystem) {
        requireMessages(messages);
        if (!addSpecialTokens && messages.size() <= 1) {
            return messages.getFirst().text();
        }
        StringBuilder sb = new StringBuilder();
        for (Message m : messages) {
            if (!includeSystem && isSystem(m.role())) {
                continue;
            }
            String text = m.text();
            if (text.isBlank()) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(capitalize(m.role())).append(": ").append(text);
        }
        if (!doContinue) {
            sb.append("\nAssistant:");
        }
        return sb.toString();
    }

    /** g4f's {@code format_media_prompt}: the explicit prompt when given, else {@link #lastUserMessage}. */
    public static String formatMediaPrompt(List<Message> messages, Optional<String> prompt) {
        if (prompt.isPresent()) {
            return prompt.get();
        }
        requireMessages(messages);
        return lastUserMessage(messages);
    }

    /**
     * The non-blank texts of the trailing run of user messages, in order, joined by newlines; empty
     * when the last message is not from the user.
     */
    public static String lastUserMessage(List<Message> messages) {
        Deque<String> texts = new ArrayDeque<>();
        for (int i = messages.size() - 1; i >= 0; i--) {
            Message m = messages.get(i);
            if (!m.role().equals("user")) {
                break;
            }
            String t = m.text();
            if (!t.isBlank()) {
                texts.addFirst(t);
            }
        }
        return String.join("\n", texts);
    }

    /** The last message with non-blank text (g4f's {@code get_last_message} returns the first: a known defect). */
    public static String lastMessage(List<Message> messages) {
        requireMessages(messages);
        for (int i = messages.size() - 1; i >= 0; i--) {
            String t = messages.get(i).text();
            if (!t.isBlank()) {
                return t;
            }
        }
        return "";
    }

    /** The contents of every system and developer message, joined by newlines. */
    public static String systemPrompt(List<Message> messages) {
        StringBuilder sb = new StringBuilder();
        for (Message m : messages) {
            if (isSystem(m.role())) {
                if (!sb.isEmpty()) {
                    sb.append('\n');
                }
                sb.append(m.text());
            }
        }
        return sb.toString();
    }

    /** Whether any message carries an image part. */
    public static boolean hasImages(List<Message> messages) {
        for (Message m : messages) {
            for (ContentPart p : m.content()) {
                if (p instanceof ContentPart.Image) {
                    return true;
                }
            }
        }
        return false;
    }

    public static void requireMessages(List<Message> messages) {
        if (messages.isEmpty()) {
            throw new InvalidRequestException("the request has no messages: give a prompt");
        }
    }

    private static boolean isSystem(String role) {
        return role.equals("system") || role.equals("developer");
    }

    private static String capitalize(String role) {
        if (role.isEmpty()) {
            return role;
        }
        return role.substring(0, 1).toUpperCase(Locale.ROOT) + role.substring(1).toLowerCase(Locale.ROOT);
    }
}
