package dev.g4j.providers.gradio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.g4j.ChatEvent;
import dev.g4j.ErrorKind;
import dev.g4j.G4jException;
import dev.g4j.http.Json;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The queue/data reader on literal event streams. */
class QueueStreamTest {
    private static final GradioSpace SPACE = GradioSpace.of("o/s", "https://o-s.hf.space/", "https://hub");
    private final List<ChatEvent> events = new ArrayList<>();

    private void read(Optional<String> eventId, String... messages) throws Exception {
        StringBuilder body = new StringBuilder();
        for (String m : messages) {
            body.append("data: ").append(m).append("\n\n");
        }
        GradioCall call = new GradioCall(2, 10, Json.MAPPER.createArrayNode(), 0, "a prompt");
        new QueueStream(SPACE, eventId, call, events::add)
                .read(new ByteArrayInputStream(body.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String completed(String eventId, String data) {
        return "{\"msg\":\"process_completed\",\"event_id\":\"" + eventId + "\",\"output\":{\"data\":" + data
                + "},\"success\":true}";
    }

    @Test
    void ignoresTheMessagesOfOtherEventsOfTheSameSession() throws Exception {
        read(Optional.of("mine"), "{\"msg\":\"log\",\"event_id\":\"other\",\"log\":\"not for us\"}",
                completed("other", "[\"their answer\"]"), "{\"msg\":\"heartbeat\",\"event_id\":null}",
                completed("mine", "[\"our answer\"]"));

        assertThat(events).containsExactly(new ChatEvent.Status("Generating..."), new ChatEvent.Status(""),
                new ChatEvent.TextDelta("our answer"));
    }

    @Test
    void skipsPayloadsThatAreNotJsonObjects() throws Exception {
        read(Optional.empty(), "{\"msg\":\"progress\",\"progress_data\":[{\"index\":1,\"len", "null", "[1]",
                completed("x", "[\"ok\"]"));

        assertThat(events).containsExactly(new ChatEvent.Status(""), new ChatEvent.TextDelta("ok"));
    }

    @Test
    void makesRelativeGalleryItemsAbsoluteOnTheSpace() throws Exception {
        read(Optional.empty(), completed("x", "[[{\"image\":{\"path\":\"/tmp/gradio/1/image.webp\",\"url\":null},"
                + "\"caption\":null}]]"));

        assertThat(events).contains(new ChatEvent.ImageOutput(
                List.of("https://o-s.hf.space/gradio_api/file=/tmp/gradio/1/image.webp"), "a prompt"));
    }

    @Test
    void reportsAnEmptyGalleryAsEmptyOutputAfterClearingTheStatus() {
        assertThatThrownBy(() -> read(Optional.empty(), completed("x", "[[]]")))
                .isInstanceOfSatisfying(G4jException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.EMPTY_OUTPUT));
        assertThat(events).containsExactly(new ChatEvent.Status(""));
    }

    @Test
    void treatsCloseStreamBeforeTheResultAsTruncated() {
        assertThatThrownBy(() -> read(Optional.of("mine"), "{\"msg\":\"close_stream\",\"event_id\":null}"))
                .isInstanceOfSatisfying(G4jException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.TRUNCATED_STREAM));
    }

    @Test
    void reportsAnUnexpectedErrorWithItsMessage() {
        assertThatThrownBy(() -> read(Optional.of("mine"),
                "{\"msg\":\"unexpected_error\",\"event_id\":null,\"message\":\"Server stopped unexpectedly.\",\"success\":false}"))
                .isInstanceOfSatisfying(G4jException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.RESPONSE_ERROR);
                    assertThat(e.getMessage()).isEqualTo("Server stopped unexpectedly.");
                });
    }

    @Test
    void reportsNegativeProgressCountsAsZero() throws Exception {
        // found by QueueStreamFuzzTest (crash-0c62f277...): an index of -88 became a Progress of -88 done
        read(Optional.empty(), "{\"msg\":\"progress\",\"progress_data\":[{\"index\":-88,\"length\":-1,\"desc\":\"tokens\"}]}",
                "{\"msg\":\"progress\",\"progress_data\":[{\"index\":null,\"progress\":-0.5,\"desc\":\"steps\"}]}",
                completed("x", "[\"ok\"]"));

        assertThat(events).startsWith(new ChatEvent.Progress("tokens", 0, 0), new ChatEvent.Status("tokens 0/0"),
                new ChatEvent.Progress("steps", 0, 100), new ChatEvent.Status("steps 0%"));
    }
}
