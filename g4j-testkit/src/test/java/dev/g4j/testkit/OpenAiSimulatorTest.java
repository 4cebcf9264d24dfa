package dev.g4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiSimulatorTest {

    private static final String MESSAGES = "[{\"role\":\"user\",\"content\":\"hi\"}]";
    private static final String STREAM_BODY =
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"say \\\"stream\\\": true\"}],\"stream\": true}";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private OpenAiSimulator api;

    @AfterEach
    void tearDown() {
        if (api != null) {
            assertThat(api.loopback().failures()).isEmpty();
            api.close();
        }
        http.close();
    }

    private HttpResponse<String> post(URI uri, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer sk-test")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<JsonNode> events(String sse) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String block : sse.split("\n\n")) {
            String payload = block.substring("data: ".length());
            events.add(payload.equals("[DONE]") ? mapper.getNodeFactory().textNode("[DONE]") : mapper.readTree(payload));
        }
        return events;
    }

    @Test
    void streamsDeepInfraChunksWithUsageInTheFinishChunkAndDone() throws Exception {
        api = OpenAiSimulator.deepInfra().reply(ChatReply.text("Hel", "lo").withUsage(31, 2, 1.273e-05)).start();
        HttpResponse<String> response = post(api.baseUri().resolve("/v1/openai/chat/completions"), STREAM_BODY);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
        List<JsonNode> events = events(response.body());
        assertThat(events).hasSize(5);
        assertThat(events.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(events.get(1).at("/choices/0/delta/content").asText()).isEqualTo("Hel");
        assertThat(events.get(2).at("/choices/0/delta/content").asText()).isEqualTo("lo");
        assertThat(events.get(3).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(events.get(3).at("/usage/estimated_cost").asDouble()).isEqualTo(1.273e-05);
        assertThat(events.get(3).at("/usage/total_tokens").asInt()).isEqualTo(33);
        assertThat(events.get(4).asText()).isEqualTo("[DONE]");
        assertThat(api.takeRequest(Duration.ofSeconds(1)).orElseThrow().header("Authorization")).hasValue("Bearer sk-test");
    }

    @Test
    void answersJsonWhenTheRequestDoesNotStream() throws Exception {
        api = OpenAiSimulator.start();
        HttpResponse<String> response = post(api.baseUri().resolve("/v1/chat/completions"),
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":false}");
        JsonNode body = mapper.readTree(response.body());
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Hello from the simulator.");
        assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void sendsTheUsageChunkOnlyWhenAnOpenAiClientAsksForIt() throws Exception {
        api = OpenAiSimulator.builder().reply(ChatReply.text("x")).start();
        List<JsonNode> plain = events(post(api.baseUri().resolve("/v1/chat/completions"), STREAM_BODY).body());
        assertThat(plain).noneMatch(e -> e.has("usage") && !e.get("usage").isNull());
        List<JsonNode> withUsage = events(post(api.baseUri().resolve("/v1/chat/completions"),
                "{\"model\":\"m\",\"messages\":" + MESSAGES + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}")
                .body());
        JsonNode usageChunk = withUsage.get(withUsage.size() - 2);
        assertThat(usageChunk.get("choices")).isEmpty();
        assertThat(usageChunk.at("/usage/prompt_tokens").asInt()).isEqualTo(10);
        assertThat(withUsage.get(1).get("usage").isNull()).isTrue();
    }

    @Test
    void streamsReasoningBeforeContentAndToolCalls() throws Exception {
        api = OpenAiSimulator.start();
        api.enqueueReplies(ChatReply.text("4").withReasoning("2+2", " is 4"),
                ChatReply.text().withToolCalls(new ChatReply.ToolCall("call_1", "get_weather", "{\"city\":\"Lisbon\"}")));
        List<JsonNode> thinking = events(post(api.baseUri().resolve("/v1/chat/completions"), STREAM_BODY).body());
        assertThat(thinking.get(1).at("/choices/0/delta/reasoning_content").asText()).isEqualTo("2+2");
        assertThat(thinking.get(1).at("/choices/0/delta/content").isNull()).isTrue();
        assertThat(thinking.get(3).at("/choices/0/delta/content").asText()).isEqualTo("4");
        JsonNode tools = mapper.readTree(post(api.baseUri().resolve("/v1/chat/completions"),
                "{\"model\":\"m\",\"messages\":" + MESSAGES + "}").body());
        assertThat(tools.at("/choices/0/message/content").isNull()).isTrue();
        assertThat(tools.at("/choices/0/message/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(tools.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void refusesAWrongApiKeyWithDeepInfrasUnauthorizedBody() throws Exception {
        api = OpenAiSimulator.deepInfra().apiKey("right").start();
        HttpResponse<String> response = post(api.baseUri().resolve("/v1/openai/chat/completions"), STREAM_BODY);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(Fixtures.text("deepinfra/error_401_not_authenticated.json"));
    }

    @Test
    void servesModelsImagesAndTheDeepInfraExtras() throws Exception {
        api = OpenAiSimulator.builder().models(List.of("a", "b")).start();
        HttpResponse<String> models = http.send(HttpRequest.newBuilder(api.uri().resolve("/v1/models")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(mapper.readTree(models.body()).at("/data/1/id").asText()).isEqualTo("b");
        JsonNode image = mapper.readTree(post(api.uri().resolve("/v1/images/generations"),
                "{\"prompt\":\"cat\",\"response_format\":\"b64_json\"}").body());
        assertThat(image.at("/data/0/b64_json").asText()).startsWith("iVBOR");
        HttpResponse<String> featured = http.send(HttpRequest.newBuilder(api.uri().resolve("/models/featured")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(featured.body()).isEqualTo(Fixtures.text("deepinfra/models_featured.json"));
        HttpResponse<String> inference = post(api.uri().resolve("/v1/inference/stabilityai/sd3.5"), "{\"prompt\":\"cat\"}");
        assertThat(inference.body()).isEqualTo(Fixtures.text("deepinfra/image_response_images_datauri.json"));
    }

    @Test
    void cutsAStreamMidwayWhenToldToAndThenAnswersNormallyAgain() throws Exception {
        api = OpenAiSimulator.start();
        api.failNextChat(Fault.cutAfterChunks(2));
        assertThatThrownBy(() -> post(api.baseUri().resolve("/v1/chat/completions"), STREAM_BODY))
                .isInstanceOf(IOException.class);
        try (RawClient client = new RawClient(api.uri().getPort())) {
            api.failNextChat(Fault.cutAfterChunks(2));
            client.send("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + STREAM_BODY.length()
                    + "\r\n\r\n" + STREAM_BODY);
            client.readHead();
            String received = new String(client.readToEnd(), StandardCharsets.UTF_8);
            assertThat(received).contains("\"content\":\"Hello\"").doesNotContain("[DONE]").doesNotEndWith("0\r\n\r\n");
        }
        assertThat(events(post(api.baseUri().resolve("/v1/chat/completions"), STREAM_BODY).body())).hasSize(8);
    }

    @Test
    void servesAnErrorPageFromTheFixturesAsAFault() throws Exception {
        api = OpenAiSimulator.start();
        api.failNext(Fault.page(403, "common/cloudflare_challenge_403.html"));
        HttpResponse<String> response = post(api.baseUri().resolve("/v1/chat/completions"), STREAM_BODY);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("cf-mitigated")).hasValue("challenge");
        assertThat(response.body()).isEqualTo(Fixtures.text("common/cloudflare_challenge_403.html"));
    }

    @Test
    void stallsAStreamUntilTheClientGivesUp() throws Exception {
        api = OpenAiSimulator.start();
        api.failNextChat(Fault.stallAfterChunks(1));
        HttpClient impatient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (impatient) {
            HttpResponse<InputStream> response = impatient.send(HttpRequest.newBuilder(
                    api.baseUri().resolve("/v1/chat/completions")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(STREAM_BODY))
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                assertThat(body.read()).isEqualTo('d');
            }
        }
        assertThat(api.loopback().awaitClientDisconnect(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void servesManyStreamsQuicklyOverKeptAliveConnections() throws Exception {
        api = OpenAiSimulator.start();
        long start = System.nanoTime();
        for (int i = 0; i < 300; i++) {
            assertThat(post(api.baseUri().resolve("/v1/chat/completions"), STREAM_BODY).body()).endsWith("[DONE]\n\n");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(api.loopback().acceptedConnections()).isEqualTo(1);
    }

    @Test
    void refusesChatRequestsTheServiceWouldRefuseInItsOwnWords() throws Exception {
        api = OpenAiSimulator.deepInfra().start();
        URI chat = api.baseUri().resolve("/v1/openai/chat/completions");
        HttpResponse<String> noMessages = post(chat, "{\"model\":\"m\",\"stream\":true}");
        assertThat(noMessages.statusCode()).isEqualTo(422);
        assertThat(noMessages.body()).isEqualTo(Fixtures.text("deepinfra/error_422_detail_list.json"));
        assertThat(post(chat, "{\"messages\":" + MESSAGES + "}").body()).contains("[\"body\",\"model\"]");
        assertThat(post(chat, "{\"model\":\"m\",\"messages\":[{\"content\":\"no role\"}]}").body())
                .contains("[\"body\",\"messages\",0]");
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(chat).header("Authorization", "Bearer k")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                        STREAM_BODY)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(422);

        OpenAiSimulator openAi = OpenAiSimulator.start();
        try (openAi) {
            HttpResponse<String> empty = post(openAi.baseUri().resolve("/v1/chat/completions"),
                    "{\"model\":\"m\",\"messages\":[]}");
            assertThat(empty.statusCode()).isEqualTo(400);
            assertThat(mapper.readTree(empty.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
        }
    }

    @Test
    void refusesADeepInfraRequestWithoutAnyBearerTokenWithItsNotAuthenticatedBody() throws Exception {
        api = OpenAiSimulator.deepInfra().start();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(api.baseUri().resolve(
                "/v1/openai/chat/completions")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(STREAM_BODY)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo(Fixtures.text("deepinfra/error_403_detail_not_authenticated.json"));
        HttpResponse<String> featured = http.send(HttpRequest.newBuilder(api.uri().resolve("/models/featured")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(featured.statusCode()).isEqualTo(200);
    }

    @Test
    void wantsTheCogWrappingForCogModelsAndABarePromptForTheOthers() throws Exception {
        api = OpenAiSimulator.deepInfra().start();
        URI sdxl = api.uri().resolve("/v1/inference/stability-ai/sdxl");
        URI sd35 = api.uri().resolve("/v1/inference/stabilityai/sd3.5");
        assertThat(post(sdxl, "{\"prompt\":\"cat\"}").statusCode()).isEqualTo(422);
        assertThat(post(sdxl, "{\"input\":{\"prompt\":\"cat\"}}").statusCode()).isEqualTo(200);
        assertThat(post(sd35, "{\"input\":{\"prompt\":\"cat\"}}").body()).contains("[\"body\",\"prompt\"]");
        assertThat(post(sd35, "{\"prompt\":\"cat\"}").statusCode()).isEqualTo(200);
    }
}
