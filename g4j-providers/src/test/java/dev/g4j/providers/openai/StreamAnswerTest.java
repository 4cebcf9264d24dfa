package dev.g4j.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.g4j.ChatEvent;
import dev.g4j.ErrorKind;
import dev.g4j.G4jException;
import dev.g4j.MalformedResponseException;
import dev.g4j.ToolCall;
import dev.g4j.UpstreamException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamAnswerTest {
    private final List<ChatEvent> events = new ArrayList<>();

    private void read(String sse) throws IOException {
        new StreamAnswer(events::add).read(new ByteArrayInputStream(sse.getBytes(StandardCharsets.UTF_8)));
    }

    private static String chunk(String delta, String finish) {
        return "data: {\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }

    @Test
    void accumulatesToolCallFragmentsByIndexIntoOneItemBeforeTheFinish() throws IOException {
        read(chunk("{\"role\":\"assistant\",\"content\":null}", null)
                + chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", null)
                + chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}", null)
                + chunk("{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"function\":{\"name\":\"get_time\","
                        + "\"arguments\":\"{}\"}}]}", null)
                + chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\" \\\"Lisbon\\\"}\"}}]}", null)
                + chunk("{}", "tool_calls") + "data: [DONE]\n\n");

        assertThat(events).containsExactly(
                new ChatEvent.ToolCalls(List.of(
                        ToolCall.function("call_a", "get_weather", "{\"city\": \"Lisbon\"}"),
                        ToolCall.function("call_b", "get_time", "{}"))),
                new ChatEvent.Finished("tool_calls"));
    }

    @Test
    void readsReasoningFromEitherFieldAndDropsTheAnswersLeadingWhitespace() throws IOException {
        read(chunk("{\"reasoning\":\"think\"}", null) + chunk("{\"reasoning_content\":\" more\"}", null)
                + chunk("{\"content\":\"\\n\\n\"}", null) + chunk("{\"content\":\"  Hi\"}", null)
                + chunk("{\"content\":\" there\"}", "stop") + "data: [DONE]\n\n");

        assertThat(events).containsExactly(new ChatEvent.ReasoningDelta("think"),
                new ChatEvent.ReasoningDelta(" more"), new ChatEvent.TextDelta("Hi"),
                new ChatEvent.TextDelta(" there"), new ChatEvent.Finished("stop"));
    }

    @Test
    void readsOnAfterTheFinishForTheUsageChunkOfTheIncludeUsageLayout() throws IOException {
        read(chunk("{\"content\":\"Hi\"}", null).replace("}]}", "}],\"usage\":null}")
                + chunk("{}", "stop") + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,"
                + "\"completion_tokens\":1,\"total_tokens\":4}}\n\ndata: [DONE]\n\n");

        assertThat(events).hasSize(3);
        assertThat(events.get(2)).isInstanceOf(ChatEvent.Usage.class);
        assertThat(((ChatEvent.Usage) events.get(2)).totalTokens()).isEqualTo(4);
    }

    @Test
    void aStreamEndingWithDoneButNoFinishReasonIsWholeAndFlushesItsToolCalls() throws IOException {
        read(chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}",
                null) + "data: [DONE]\n\n");

        assertThat(events).containsExactly(new ChatEvent.ToolCalls(List.of(ToolCall.function("c", "f", "{}"))));
    }

    @Test
    void aStreamCutBeforeAnyFinishIsTruncatedButACutAfterTheFinishLosesNothing() throws IOException {
        assertThatThrownBy(() -> read(chunk("{\"content\":\"Hi\"}", null)))
                .isInstanceOfSatisfying(MalformedResponseException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.TRUNCATED_STREAM));
        events.clear();

        read(chunk("{\"content\":\"Hi\"}", "stop") + "data: {\"choices\":[],\"usa");

        assertThat(events).containsExactly(new ChatEvent.TextDelta("Hi"), new ChatEvent.Finished("stop"));
    }

    @Test
    void anErrorObjectInTheStreamIsAResponseErrorWithItsMessage() {
        assertThatThrownBy(() -> read(chunk("{\"content\":\"Hi\"}", null)
                + "data: {\"error\":{\"message\":\"Model busy, retry later\",\"code\":null}}\n\n"))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.RESPONSE_ERROR);
                    assertThat(e.getMessage()).isEqualTo("Model busy, retry later");
                });
        assertThat(events).containsExactly(new ChatEvent.TextDelta("Hi"));
    }

    @Test
    void skipsDataThatIsNotJsonAndJoinsMultiLineData() throws IOException {
        read("data: not json\n\n: comment\n\ndata: {\"choices\":[{\"delta\":\ndata: {\"content\":\"ok\"},"
                + "\"finish_reason\":\"length\"}]}\n\ndata: [DONE]\n\n");

        assertThat(events).containsExactly(new ChatEvent.TextDelta("ok"), new ChatEvent.Finished("length"));
    }

    @Test
    void errorsAreG4jExceptionsThatAFallbackMayRetry() {
        assertThatThrownBy(() -> read("data: {\"error\":\"Unauthorised\"}\n\n"))
                .isInstanceOfSatisfying(G4jException.class, e -> assertThat(e.retryable()).isTrue());
    }
}
