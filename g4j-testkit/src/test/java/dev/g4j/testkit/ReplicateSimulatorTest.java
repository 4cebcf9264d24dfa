package dev.g4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplicateSimulatorTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private ReplicateSimulator replicate;

    @AfterEach
    void tearDown() {
        if (replicate != null) {
            assertThat(replicate.loopback().failures()).isEmpty();
            replicate.close();
        }
        http.close();
    }

    private HttpResponse<String> create() throws Exception {
        return create(Fixtures.text("replicate/prediction_request_text.json"), "application/json");
    }

    private HttpResponse<String> create(String body, String contentType) throws Exception {
        return http.send(HttpRequest.newBuilder(replicate.uri().resolve("/api/prediction"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> poll(String id) throws Exception {
        return http.send(HttpRequest.newBuilder(replicate.uri().resolve("/api/poll?id=" + id)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void createsAPredictionAndShowsItsGrowingOutputPollByPoll() throws Exception {
        replicate = ReplicateSimulator.builder()
                .defaultScript(PredictionScript.text(List.of("Soft", " rain", " on", " the", " roof"), 2)).start();
        HttpResponse<String> created = create();
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode prediction = mapper.readTree(created.body());
        String id = prediction.get("id").asText();
        assertThat(id).matches("[0-9a-z]{26}");
        assertThat(prediction.get("status").asText()).isEqualTo("starting");
        assertThat(prediction.get("model").asText()).isEqualTo("google-deepmind/gemma-2b-it");

        List<String> statuses = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            JsonNode state = mapper.readTree(poll(id).body());
            statuses.add(state.get("status").asText());
            sizes.add(state.get("output").size());
        }
        assertThat(statuses).containsExactly("processing", "processing", "succeeded", "succeeded");
        assertThat(sizes).containsExactly(1, 3, 5, 5);
        assertThat(replicate.pollCount(id)).isEqualTo(4);
    }

    @Test
    void scriptsFailuresPlainTextBodiesAndHttpFaults() throws Exception {
        replicate = ReplicateSimulator.builder().start();
        replicate.enqueueScripts(PredictionScript.of(PollState.failed("CUDA out of memory")),
                PredictionScript.of(PollState.canceled().servedAsTextPlain()));
        String failing = mapper.readTree(create().body()).get("id").asText();
        JsonNode failed = mapper.readTree(poll(failing).body());
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("error").asText()).isEqualTo("CUDA out of memory");
        assertThat(failed.has("completed_at")).isTrue();

        String canceled = mapper.readTree(create().body()).get("id").asText();
        HttpResponse<String> plain = poll(canceled);
        assertThat(plain.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
        assertThat(mapper.readTree(plain.body()).get("status").asText()).isEqualTo("canceled");

        assertThat(poll("unknown").statusCode()).isEqualTo(404);
        replicate.failNext("/api/prediction", Fault.respond(Response.of(429)
                .header("Content-Type", "application/problem+json").header("Retry-After", "6")
                .body(Fixtures.bytes("replicate/error_429_problem.json"))));
        HttpResponse<String> throttled = create();
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("retry-after")).hasValue("6");
    }

    @Test
    void refusesACreateWithAVersionNotPinnedForItsModelOrWithoutAPrompt() throws Exception {
        replicate = ReplicateSimulator.builder().start();
        String text = Fixtures.text("replicate/prediction_request_text.json");
        HttpResponse<String> wrongVersion = create(text.replace("dff94eaf", "00000000"), "application/json");
        assertThat(wrongVersion.statusCode()).isEqualTo(422);
        assertThat(wrongVersion.body()).isEqualTo(Fixtures.text("replicate/error_422_problem.json"));
        String imageVersionForTextModel = text.replace("dff94eaf770e1fc211e425a50b51baa8e4cac6c39ef074681f9e39d778773626",
                "527d2a6296facb8e47ba1eaf17f142c240c19a30894f437feee9b91cc29d8e4f");
        assertThat(create(imageVersionForTextModel, "application/json").statusCode()).isEqualTo(422);
        HttpResponse<String> noPrompt = create(text.replaceAll("\"prompt\": \"[^\"]*\"", "\"prompt\": \"\""),
                "application/json");
        assertThat(mapper.readTree(noPrompt.body()).get("detail").asText()).isEqualTo("input: prompt is required");
        assertThat(create(text, "text/plain").statusCode()).isEqualTo(422);
        assertThat(replicate.predictionIds()).isEmpty();
        assertThat(create().statusCode()).isEqualTo(201);
    }
}
