package dev.g4j.providers.replay;

import dev.g4j.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The messages behind a prompt in g4f's {@code format_prompt} shape ({@code Role: text} lines ending
 * with {@code Assistant:}), so a replay can build the request that reproduces a recorded prompt. A
 * prompt in another shape is one user message (what a single message formats to).
 */
final class Transcript {
    private static final List<String> ROLES = List.of("system", "developer", "user", "assistant", "tool");

    private Transcript() {}

    static List<Message> messages(String prompt) {
        if (!prompt.endsWith("\nAssistant:")) {
            return List.of(Message.user(prompt));
        }
        List<String> roles = new ArrayList<>();
        List<StringBuilder> texts = new ArrayList<>();
        for (String line : prompt.substring(0, prompt.length() - "\nAssistant:".length()).split("\n", -1)) {
            String role = roleOf(line);
            if (role != null) {
                roles.add(role);
                texts.add(new StringBuilder(line.substring(role.length() + 2)));
            } else if (!texts.isEmpty()) {
                texts.getLast().append('\n').append(line);
            } else {
                return List.of(Message.user(prompt));
            }
        }
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < roles.size(); i++) {
            messages.add(Message.of(roles.get(i), texts.get(i).toString()));
        }
        return messages;
    }

    private static String roleOf(String line) {
        for (String role : ROLES) {
            String prefix = role.substring(0, 1).toUpperCase(Locale.ROOT) + role.substring(1) + ": ";
            if (line.startsWith(prefix)) {
                return role;
            }
        }
        return null;
    }
}
