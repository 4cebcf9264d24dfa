package dev.g4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GradioSimulatorTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private GradioSimulator space;

    @AfterEach
    void tearDown() {
        if (space != null) {
            assertThat(space.loopback().failures()).isEmpty();
            space.close();
        }
        http.close();
    }

    private HttpResponse<String> get(String target, String... headers) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(space.uri().resolve(target));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> join(String sessionHash, int fnIndex) throws Exception {
        return join(sessionHash, fnIndex, fnIndex == 3 ? "[\"a fox\",1,5,1]" : "[null,\"hi\",1,0.95,0.1]", "application/json");
    }

    private HttpResponse<String> join(String sessionHash, int fnIndex, String data, String contentType) throws Exception {
        String body = "{\"data\":" + data + ",\"event_data\":null,\"fn_index\":" + fnIndex + ",\"trigger_id\":"
                + (fnIndex == 3 ? 20 : 10) + ",\"session_hash\":" + (sessionHash == null ? "null" : "\"" + sessionHash + "\"") + "}";
        return http.send(HttpRequest.newBuilder(space.uri().resolve("/gradio_api/queue/join?__theme=light"))
                .header("Content-Type", contentType).header("x-zerogpu-uuid", "uuid-1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<JsonNode> messages(String sse) throws Exception {
        return Arrays.stream(sse.split("\n\n")).map(b -> {
            try {
                return mapper.readTree(b.substring("data: ".length()));
            } catch (Exception e) {
                throw new AssertionError(b, e);
            }
        }).toList();
    }

    @Test
    void runsAVisionConversationFromPageToAnswerAndContinuesTheSession() throws Exception {
        space = GradioSimulator.builder().start();
        space.enqueueScripts(GradioScript.textAnswer("A kitten."), GradioScript.generating(List.of("Once", " upon")));

        String page = get("/spaces/deepseek-ai/Janus-Pro-7B").body();
        assertThat(page).contains("&quot;sessionUuid&quot;:&quot;Vb3kQp9XrT2mZ8sLw4NfA&quot;,&quot;jwt&quot;:null")
                .doesNotContain("&quot;token&quot;");

        byte[] upload = Forms.multipartBody("bnd", List.of(Forms.part("files", Optional.of("kitten.png"),
                Optional.of("application/octet-stream"), Fixtures.bytes("janus/kitten.png"))));
        HttpResponse<String> uploaded = http.send(HttpRequest.newBuilder(
                space.uri().resolve("/gradio_api/upload?upload_id=s1"))
                .header("Content-Type", "multipart/form-data; boundary=bnd")
                .POST(HttpRequest.BodyPublishers.ofByteArray(upload)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.body()).isEqualTo(
                "[\"/tmp/gradio/fb09d42bdcde170f4d5f5dd9b3fc7667de86efdd6839a0a9b5839e93eef1f558/kitten.png\"]");

        String eventId = mapper.readTree(join("s1", 2).body()).get("event_id").asText();
        assertThat(eventId).matches("[0-9a-f]{32}");
        List<JsonNode> first = messages(get("/gradio_api/queue/data?session_hash=s1").body());
        assertThat(first).extracting(m -> m.get("msg").asText())
                .containsExactly("estimation", "process_starts", "process_completed", "close_stream");
        assertThat(first.get(2).get("event_id").asText()).isEqualTo(eventId);
        assertThat(first.get(2).at("/output/data/0").asText()).isEqualTo("A kitten.");
        assertThat(first.get(3).get("event_id").isNull()).isTrue();

        join("s1", 2);
        List<JsonNode> second = messages(get("/gradio_api/queue/data?session_hash=s1").body());
        assertThat(second.get(3).at("/output/data/0/0").toString()).isEqualTo("[\"append\",[],\" upon\"]");
        assertThat(second.get(4).at("/output/data/0").asText()).isEqualTo("Once upon");

        assertThat(space.joins()).hasSize(2).allSatisfy(j -> {
            assertThat(j.sessionHash()).isEqualTo("s1");
            assertThat(j.triggerId()).hasValue(10);
            assertThat(j.zeroGpuUuid()).hasValue("uuid-1");
        });
        assertThat(space.uploads()).singleElement().satisfies(p -> assertThat(p.filename()).hasValue("kitten.png"));
    }

    @Test
    void servesTheLoggedInPageAndTheJwtOnlyWithACookie() throws Exception {
        space = GradioSimulator.builder().pageToken("page.jwt.token").jwtToken("fresh.jwt").start();
        assertThat(get("/spaces/deepseek-ai/Janus-Pro-7B").body()).contains("&quot;token&quot;:&quot;page.jwt.token&quot;");
        String jwt = "/api/spaces/deepseek-ai/Janus-Pro-7B/jwt?expiration=";
        assertThat(get(jwt + "2025-06-12T01%3A10%3A00.000%2B00%3A00&include_pro_status=true", "Cookie", "token=hf").body())
                .isEqualTo("{\"token\":\"fresh.jwt\"}");
        assertThat(get(jwt + "in-ten-minutes", "Cookie", "token=hf").statusCode()).isEqualTo(400);
        assertThat(get("/api/spaces/deepseek-ai/Janus-Pro-7B/jwt").statusCode()).isEqualTo(401);
    }

    @Test
    void refusesJoinsLikeGradio() throws Exception {
        space = GradioSimulator.builder().start();
        assertThat(join(null, 2).body()).isEqualTo("{\"detail\":\"Session hash not found.\"}");
        space.queueFull(true);
        HttpResponse<String> full = join("s", 2);
        assertThat(full.statusCode()).isEqualTo(503);
        assertThat(full.body()).isEqualTo(Fixtures.text("janus/queue_join_error_503_queue_full.json"));
        HttpResponse<String> notMultipart = http.send(HttpRequest.newBuilder(space.uri().resolve("/gradio_api/upload"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(notMultipart.body()).isEqualTo(Fixtures.text("janus/upload_error_400.json"));
    }

    @Test
    void answersAnUnknownSessionWithUnexpectedErrorAndAReset() throws Exception {
        space = GradioSimulator.builder().start();
        try (RawClient client = new RawClient(space.uri().getPort())) {
            client.send("GET /gradio_api/queue/data?session_hash=nobody HTTP/1.1\r\nHost: x\r\n\r\n");
            client.readHead();
            client.readLine();
            assertThat(client.readLine()).isEqualTo(
                    "data: {\"msg\":\"unexpected_error\",\"event_id\":null,\"message\":\"404: Session not found.\",\"success\":false}");
            assertThatThrownBy(() -> {
                while (client.read() >= 0) {
                    // until the reset
                }
            }).isInstanceOf(SocketException.class);
        }
    }

    @Test
    void streamsErrorsInBothGradioFormsAndCutsTheStreamOnRequest() throws Exception {
        space = GradioSimulator.builder().start();
        space.enqueueScripts(GradioScript.of(GradioMessage.heartbeat(),
                GradioMessage.completedErrorLegacy("AttributeError")), GradioScript.error("ZeroGPU worker error", "GPU task aborted"));
        join("s", 2);
        List<JsonNode> legacy = messages(get("/gradio_api/queue/data?session_hash=s").body());
        assertThat(legacy.get(1).toString()).endsWith(
                "\"output\":{\"error\":\"'AttributeError'\",\"duration\":10,\"visible\":true},\"success\":false}");
        join("s", 2);
        List<JsonNode> titled = messages(get("/gradio_api/queue/data?session_hash=s").body());
        assertThat(titled.get(2).get("title").asText()).isEqualTo("ZeroGPU worker error");

        join("s", 3);
        space.failNext("/gradio_api/queue/data", Fault.cutAfterChunks(1));
        assertThatThrownBy(() -> get("/gradio_api/queue/data?session_hash=s")).isInstanceOf(IOException.class);
    }

    @Test
    void checksJoinsAsTheAppDoesAndFailsJobsItCouldNotRun() throws Exception {
        space = GradioSimulator.builder().start();
        HttpResponse<String> form = join("s", 2, "[null,\"hi\",1,0.95,0.1]", "application/x-www-form-urlencoded");
        assertThat(form.statusCode()).isEqualTo(422);
        assertThat(mapper.readTree(form.body()).at("/detail/0/type").asText()).isEqualTo("model_attributes_type");
        assertThat(join("s", 7).statusCode()).isEqualTo(500);

        assertThat(join("s", 2, "[null,\"hi\",1,0.95]", "application/json").statusCode()).isEqualTo(200);
        List<JsonNode> short4 = messages(get("/gradio_api/queue/data?session_hash=s").body());
        assertThat(short4.get(1).get("success").asBoolean()).isFalse();
        assertThat(short4.get(1).at("/output/error").asText()).contains("needed: 5, got: 4");

        String file = "{\"path\":\"/tmp/gradio/never-uploaded/cat.png\",\"meta\":{\"_type\":\"gradio.FileData\"}}";
        join("s", 2, "[" + file + ",\"hi\",1,0.95,0.1]", "application/json");
        List<JsonNode> unknown = messages(get("/gradio_api/queue/data?session_hash=s").body());
        assertThat(unknown.get(1).at("/output/error").asText())
                .isEqualTo("File /tmp/gradio/never-uploaded/cat.png is not in the upload folder and cannot be accessed.");
        assertThat(unknown.get(1).get("title").asText()).isEqualTo("Error");
    }
}
