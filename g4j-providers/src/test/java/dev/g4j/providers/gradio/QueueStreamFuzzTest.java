package dev.g4j.providers.gradio;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.g4j.ChatEvent;
import dev.g4j.G4jException;
import dev.g4j.MalformedResponseException;
import dev.g4j.http.Json;
import dev.g4j.testkit.RandomReads;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fuzzes the decoding of the Gradio queue's {@code queue/data} messages (protocols.md §2.4): the
 * {@link QueueStream} over any event-stream bytes (its statuses and progress from {@link QueueStatus},
 * its generator values through {@link Diffs}), and {@link Diffs} alone on generated values and edits.
 * One fuzz test, so one JVM, for both; the input's last byte chooses. Properties:
 *
 * <ul>
 *   <li>a stream either completes or fails with a {@link G4jException}, never another exception;
 *   <li>read in reads of any sizes, it gives the same events and the same failure;
 *   <li>events are well formed: no empty text, progress counts not negative, image URLs not blank, and a
 *       completed job ends with the cleared status and at most one answer after it;
 *   <li>a diff fails only with {@link MalformedResponseException}, never modifies its inputs, and
 *       gives the same result every time.
 * </ul>
 */
class QueueStreamFuzzTest {
    private static final GradioSpace SPACE = GradioSpace.of("o/s", "https://o-s.hf.space/", "https://hub");

    /** What a stream gave: its events, and its failure as {@code Class: kind: message}, or empty. */
    record Outcome(List<ChatEvent> events, Optional<String> failure) {}

    @FuzzTest
    @DictionaryEntries({"\"msg\":", "\"event_id\":", "\"estimation\"", "\"rank\":", "\"queue_size\":",
        "\"rank_eta\":", "\"process_starts\"", "\"eta\":", "\"log\"", "\"progress\"", "\"progress_data\":",
        "\"index\":", "\"length\":", "\"unit\":", "\"desc\":", "\"heartbeat\"", "\"process_generating\"",
        "\"process_streaming\"", "\"process_completed\"", "\"unexpected_error\"", "\"close_stream\"",
        "\"output\":", "\"data\":", "\"success\":", "\"error\":", "\"title\":", "\"image\":", "\"path\":",
        "\"url\":", "\"append\"", "\"replace\"", "\"add\"", "\"delete\"", "-1", "-9999999999", "1e308", "null",
        "data: "})
    void decodesAnyQueueStreamAndAnyDiffWithTypedFailuresOnly(FuzzedDataProvider data) throws Exception {
        if (data.consumeBoolean()) {
            diffs(data);
        } else {
            queueStream(data);
        }
    }

    private static void queueStream(FuzzedDataProvider data) throws Exception {
        Optional<String> eventId = data.consumeBoolean()
                ? Optional.of("f1e2d3c4b5a697887766554433221100") : Optional.empty();
        int outputIndex = data.consumeInt(0, 2);
        long splits = data.consumeLong();
        byte[] body = data.consumeRemainingAsBytes();

        Outcome whole = read(eventId, outputIndex, new ByteArrayInputStream(body));
        Outcome split = read(eventId, outputIndex, new RandomReads(body, splits));
        assertThat(split).as("split into random reads").isEqualTo(whole);

        for (ChatEvent e : whole.events()) {
            switch (e) {
                case ChatEvent.TextDelta t -> assertThat(t.text()).isNotEmpty();
                case ChatEvent.Progress p -> {
                    assertThat(p.done()).as("progress done").isNotNegative();
                    assertThat(p.total()).as("progress total").isNotNegative();
                }
                case ChatEvent.ImageOutput i -> assertThat(i.urls()).isNotEmpty().noneMatch(String::isBlank);
                default -> { }
            }
        }
        if (whole.failure().isEmpty()) {
            List<ChatEvent> events = whole.events();
            int cleared = events.lastIndexOf(new ChatEvent.Status(""));
            assertThat(cleared).as("a completed job clears its status").isGreaterThanOrEqualTo(0);
            List<ChatEvent> answer = events.subList(cleared + 1, events.size());
            assertThat(answer).hasSizeLessThanOrEqualTo(1)
                    .allMatch(e -> e instanceof ChatEvent.TextDelta || e instanceof ChatEvent.ImageOutput);
        }
    }

    static Outcome read(Optional<String> eventId, int outputIndex, InputStream body) throws Exception {
        List<ChatEvent> events = new ArrayList<>();
        GradioCall call = new GradioCall(2, 10, Json.MAPPER.createArrayNode(), outputIndex, "a prompt");
        try {
            new QueueStream(SPACE, eventId, call, events::add).read(body);
        } catch (G4jException e) {
            return new Outcome(events, Optional.of(e.getClass().getSimpleName() + ": " + e.kind() + ": "
                    + e.getMessage()));
        }
        return new Outcome(events, Optional.empty());
    }

    private static void diffs(FuzzedDataProvider data) {
        JsonNode value = Generated.value(data, 3);
        ArrayNode edits = Generated.edits(data);
        JsonNode valueBefore = value.deepCopy();
        JsonNode editsBefore = edits.deepCopy();
        JsonNode first;
        try {
            first = Diffs.apply(value, edits);
        } catch (MalformedResponseException e) {
            assertThat(value).isEqualTo(valueBefore);
            assertThat(edits).isEqualTo(editsBefore);
            return;
        }
        assertThat(value).as("the previous value is never modified").isEqualTo(valueBefore);
        assertThat(edits).as("the edits are never modified").isEqualTo(editsBefore);
        assertThat(Diffs.apply(value, edits)).as("the same edits give the same value").isEqualTo(first);
        assertThat(Diffs.apply(value, JsonNodeFactory.instance.arrayNode())).as("no edits, no change")
                .isEqualTo(value);
    }

    /** JSON values and Gradio edit lists built from fuzz data, mostly valid, with the keys Gradio uses. */
    static final class Generated {
        private static final String[] OPS = {"replace", "append", "add", "delete", "insert"};
        private static final JsonNodeFactory F = JsonNodeFactory.instance;

        static JsonNode value(FuzzedDataProvider d, int depth) {
            return switch (d.consumeInt(0, depth > 0 ? 6 : 3)) {
                case 0 -> F.nullNode();
                case 1 -> F.numberNode(d.consumeInt(-3, 5));
                case 2, 3 -> F.textNode(d.consumeString(6));
                case 4 -> {
                    ArrayNode a = F.arrayNode();
                    for (int i = d.consumeInt(0, 3); i > 0; i--) {
                        a.add(value(d, depth - 1));
                    }
                    yield a;
                }
                default -> {
                    ObjectNode o = F.objectNode();
                    for (int i = d.consumeInt(0, 3); i > 0; i--) {
                        o.set(d.pickValue(new String[] {"a", "b", "value", d.consumeString(3)}), value(d, depth - 1));
                    }
                    yield o;
                }
            };
        }

        static ArrayNode edits(FuzzedDataProvider d) {
            ArrayNode edits = F.arrayNode();
            for (int i = d.consumeInt(0, 4); i > 0; i--) {
                ArrayNode edit = edits.addArray();
                edit.add(d.consumeBoolean() ? d.pickValue(OPS) : d.consumeString(4));
                ArrayNode path = edit.addArray();
                for (int j = d.consumeInt(0, 3); j > 0; j--) {
                    if (d.consumeBoolean()) {
                        path.add(d.consumeInt(-1, 3));
                    } else {
                        path.add(d.pickValue(new String[] {"a", "b", "value", d.consumeString(3)}));
                    }
                }
                if (d.consumeInt(0, 9) > 0) {
                    edit.add(value(d, 2));
                }
            }
            return edits;
        }
    }
}
