package dev.g4j.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.g4j.ContentPart;
import dev.g4j.InvalidRequestException;
import dev.g4j.Media;
import dev.g4j.Message;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PromptsTest {

    @Test
    void formatsRolesSkipsBlankMessagesAndJoinsTextParts() {
        List<Message> messages = List.of(
                Message.system("sys"),
                Message.user("hi"),
                Message.assistant("  "),
                Message.of("user", List.of(ContentPart.text("a"), ContentPart.image(Media.of(new byte[] {1})),
                        ContentPart.text("b"))));
        assertThat(Prompts.formatPrompt(messages)).isEqualTo("System: sys\nUser: hi\nUser: ab\nAssistant:");
    }

    @Test
    void aSingleMessageIsItsBareText() {
        assertThat(Prompts.formatPrompt(List.of(Message.user("Hello")))).isEqualTo("Hello");
        assertThat(Prompts.formatPrompt(List.of(Message.user("Hello")), true, false, true))
                .isEqualTo("User: Hello\nAssistant:");
    }

    @Test
    void capitalisesRolesAndHonoursFlags() {
        List<Message> m = List.of(Message.system("s"), Message.of("TOOL_x", "t"), Message.user("u"));
        assertThat(Prompts.formatPrompt(m, false, true, false)).isEqualTo("Tool_x: t\nUser: u");
    }

    @Test
    void anEmptyMessageListIsAClearError() {
        assertThatThrownBy(() -> Prompts.formatPrompt(List.of())).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("no messages");
        assertThatThrownBy(() -> Prompts.lastMessage(List.of())).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void lastUserMessageJoinsTheTrailingUserRun() {
        List<Message> m = List.of(Message.user("old"), Message.assistant("a"), Message.user("one"),
                Message.user(" "), Message.user("two"));
        assertThat(Prompts.lastUserMessage(m)).isEqualTo("one\ntwo");
        assertThat(Prompts.lastUserMessage(List.of(Message.user("q"), Message.assistant("a")))).isEmpty();
    }

    @Test
    void mediaPromptPrefersTheExplicitPrompt() {
        List<Message> m = List.of(Message.user("a cat"));
        assertThat(Prompts.formatMediaPrompt(m, Optional.of("a dog"))).isEqualTo("a dog");
        assertThat(Prompts.formatMediaPrompt(m, Optional.empty())).isEqualTo("a cat");
    }

    @Test
    void lastMessageIsTheLastNonBlankOne() {
        assertThat(Prompts.lastMessage(List.of(Message.user("first"), Message.assistant("second"), Message.user(""))))
                .isEqualTo("second");
    }

    @Test
    void systemPromptJoinsSystemAndDeveloperMessages() {
        assertThat(Prompts.systemPrompt(List.of(Message.system("a"), Message.user("u"), Message.of("developer", "b"))))
                .isEqualTo("a\nb");
    }
}
