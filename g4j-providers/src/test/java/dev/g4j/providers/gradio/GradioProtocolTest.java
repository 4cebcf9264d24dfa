package dev.g4j.providers.gradio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.ChatEvent;
import dev.g4j.ErrorKind;
import dev.g4j.MalformedResponseException;
import dev.g4j.UpstreamException;
import dev.g4j.http.Json;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Gradio queue protocol's pure parts, on strings: diffs, status wording, error payloads, session state. */
class GradioProtocolTest {

    private static JsonNode json(String text) {
        return Json.parse(text);
    }

    @Test
    void appliesAppendReplaceAddAndDeleteEditsWithPaths() {
        assertThat(Diffs.apply(json("\"Once\""), json("[[\"append\",[],\" upon\"]]")).asText()).isEqualTo("Once upon");
        assertThat(Diffs.apply(json("\"Once\""), json("[]")).asText()).isEqualTo("Once");
        JsonNode chat = json("[[\"hi\",{\"content\":\"Hel\"}]]");
        JsonNode edits = json("[[\"append\",[0,1,\"content\"],\"lo\"],[\"add\",[1],[\"q\",null]],"
                + "[\"replace\",[0,0],\"hey\"],[\"delete\",[1,1]]]");
        assertThat(Diffs.apply(chat, edits)).isEqualTo(json("[[\"hey\",{\"content\":\"Hello\"}],[\"q\"]]"));
        assertThat(chat).isEqualTo(json("[[\"hi\",{\"content\":\"Hel\"}]]"));
    }

    @Test
    void rejectsAnEditWhosePathDoesNotExist() {
        assertThatThrownBy(() -> Diffs.apply(json("[1]"), json("[[\"replace\",[5,0],2]]")))
                .isInstanceOf(MalformedResponseException.class);
        assertThatThrownBy(() -> Diffs.apply(json("\"a\""), json("[[\"explode\",[],1]]")))
                .isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void wordsProgressLikeG4fWithoutItsNoneForMissingParts() {
        assertThat(QueueStatus.progress(json("{\"progress_data\":[{\"index\":3,\"length\":5,\"unit\":\"it\","
                + "\"progress\":null,\"desc\":\"Steps\"}]}"))).isEqualTo("Steps 3/5");
        assertThat(QueueStatus.progress(json("{\"progress_data\":[{\"index\":3,\"length\":5,\"desc\":null}]}")))
                .isEqualTo("3/5");
        assertThat(QueueStatus.progress(json("{\"progress_data\":[{\"index\":null,\"length\":null,\"progress\":0.8,"
                + "\"desc\":\"Upscaling\"}]}"))).isEqualTo("Upscaling 80%");
        assertThat(QueueStatus.progress(json("{\"progress_data\":[{\"index\":7,\"unit\":\"steps\"}]}")))
                .isEqualTo("7 steps");
        assertThat(QueueStatus.progress(json("{\"progress_data\":[]}"))).isEqualTo("Generating");
        assertThat(QueueStatus.progressEvent(json("{\"progress_data\":[{\"index\":null,\"progress\":0.8,"
                + "\"desc\":\"Upscaling\"}]}"))).hasValue(new ChatEvent.Progress("Upscaling", 80, 100));
        assertThat(QueueStatus.progressEvent(json("{\"progress_data\":[]}"))).isEmpty();
    }

    @Test
    void countsHeartbeatDotsFromThree() {
        assertThat(QueueStatus.heartbeat(0)).isEqualTo("Generating...");
        assertThat(QueueStatus.heartbeat(2)).isEqualTo("Generating.....");
    }

    @Test
    void wordsTheQueuePosition() {
        assertThat(QueueStatus.estimation(json("{\"rank\":2,\"queue_size\":3,\"rank_eta\":61.2}")))
                .isEqualTo("In queue: position 3 of 3 (about 61s)");
        assertThat(QueueStatus.estimation(json("{\"rank\":0,\"queue_size\":1,\"rank_eta\":null}"))).isEqualTo("Next in queue");
        assertThat(QueueStatus.estimation(json("{\"rank\":null}"))).isEqualTo("Waiting in queue");
    }

    @Test
    void readsBothErrorFormsAndKeepsTheRawText() {
        UpstreamException titled = GradioErrors.completedFailure(json("{\"output\":{\"error\":\"GPU task aborted\","
                + "\"title\":\"ZeroGPU worker error\"},\"success\":false,\"title\":\"ZeroGPU worker error\"}"));
        assertThat(titled.kind()).isEqualTo(ErrorKind.RESPONSE_ERROR);
        assertThat(titled.getMessage()).isEqualTo("GPU task aborted");
        assertThat(titled.title()).hasValue("ZeroGPU worker error");
        assertThat(titled.rawMessage()).isEmpty();

        UpstreamException legacy = GradioErrors.completedFailure(json("{\"output\":{\"error\":\"\\\"It's gone\\\"\"},"
                + "\"success\":false}"));
        assertThat(legacy.getMessage()).isEqualTo("It's gone");
        assertThat(legacy.rawMessage()).hasValue("\"It's gone\"");
        assertThat(legacy.title()).isEmpty();

        UpstreamException hidden = GradioErrors.completedFailure(json("{\"output\":{\"error\":null},\"success\":false}"));
        assertThat(hidden.getMessage()).isEqualTo("Error");
    }

    @Test
    void recognisesZeroGpuQuotaWordings() {
        assertThat(GradioErrors.isQuota("", "You have exceeded your free ZeroGPU quota (10s left). Try again in 0:10:00."))
                .isTrue();
        assertThat(GradioErrors.isQuota("", "Space app has reached its GPU limit.")).isTrue();
        assertThat(GradioErrors.isQuota("ZeroGPU quota exceeded", "anything")).isTrue();
        assertThat(GradioErrors.isQuota("ZeroGPU worker error", "GPU task aborted")).isFalse();
    }

    @Test
    void roundTripsTheSessionStateAndAcceptsAPartialOne() {
        GradioSession session = new GradioSession("abc", Optional.of("s3cr3t"), Optional.of("uuid"));
        assertThat(session.toJson()).isEqualTo(
                "{\"session_hash\":\"abc\",\"zerogpu_token\":\"s3cr3t\",\"zerogpu_uuid\":\"uuid\"}");
        assertThat(GradioSession.fromJson(session.toJson(), new Random(1))).isEqualTo(session);
        assertThat(GradioSession.fromJson("{\"session_hash\":\"abc\"}", new Random(1)))
                .isEqualTo(new GradioSession("abc", Optional.empty(), Optional.empty()));
        assertThat(GradioSession.create(new Random(1)).sessionHash()).matches("[0-9a-f]{32}");
        assertThat(session.toString()).doesNotContain("s3cr3t");
    }
}
