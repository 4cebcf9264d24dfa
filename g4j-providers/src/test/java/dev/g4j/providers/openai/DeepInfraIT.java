package dev.g4j.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.ChatCompletion;
import dev.g4j.ChatEvent;
import dev.g4j.ChatRequest;
import dev.g4j.G4j;
import dev.g4j.ImageRequest;
import dev.g4j.ImagesResult;
import dev.g4j.Message;
import dev.g4j.MissingAuthException;
import dev.g4j.ModelEntry;
import dev.g4j.ModelNotFoundException;
import dev.g4j.testkit.ChatReply;
import dev.g4j.testkit.Fault;
import dev.g4j.testkit.OpenAiSimulator;
import dev.g4j.testkit.RecordedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DeepInfra through a real client against the OpenAI simulator in DeepInfra's layout. */
class DeepInfraIT {
    private static final String KEY = "di-test-key-0000000000000000";

    private OpenAiSimulator api;

    @BeforeEach
    void start() {
        api = OpenAiSimulator.deepInfra().apiKey(KEY)
                .reply(ChatReply.text("Red", ", yellow", " and blue.").withUsage(31, 3, 1.273e-05)).start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private G4j client(boolean withKey) {
        Map<String, String> env = withKey
                ? Map.of("G4J_DEEPINFRA_BASE_URL", api.uri().toString(), "G4J_DEEPINFRA_API_KEY", KEY)
                : Map.of("G4J_DEEPINFRA_BASE_URL", api.uri().toString());
        return Clients.of(env, new DeepInfra());
    }

    private static ChatRequest.Builder ask(String text) {
        return ChatRequest.builder().provider("DeepInfra").addMessage(Message.user(text));
    }

    @Test
    void withoutAKeyNothingIsSentWhateverTheModel() {
        try (G4j g4j = client(false)) {
            for (String model : List.of("", "deepseek-ai/DeepSeek-R1-0528", "some/unknown-model", "stabilityai/sd3.5")) {
                assertThatThrownBy(() -> g4j.chat().create(ask("hi").model(model).build()))
                        .isInstanceOf(MissingAuthException.class)
                        .hasMessageContaining("G4J_DEEPINFRA_API_KEY");
            }
        }
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void streamsWithUsageInTheFinishChunkBrowserHeadersAndItsDefaults() {
        List<ChatEvent> events;
        try (G4j g4j = client(true)) {
            events = Clients.events(g4j, ask("colours?").build());
        }

        assertThat(events).hasSize(5);
        assertThat(events.subList(0, 3)).containsExactly(new ChatEvent.TextDelta("Red"),
                new ChatEvent.TextDelta(", yellow"), new ChatEvent.TextDelta(" and blue."));
        assertThat(events.get(3)).isInstanceOfSatisfying(ChatEvent.Usage.class,
                u -> assertThat(u.fields()).containsKey("estimated_cost"));
        assertThat(events.get(4)).isEqualTo(new ChatEvent.Finished("stop"));
        RecordedRequest request = api.requests().getFirst();
        assertThat(request.path()).isEqualTo("/v1/openai/chat/completions");
        assertThat(request.header("Authorization")).hasValue("Bearer " + KEY);
        assertThat(request.header("Origin")).hasValue("https://deepinfra.com");
        assertThat(request.header("X-Deepinfra-Source")).hasValue("web-embed");
        assertThat(request.headers().all("User-Agent")).singleElement().satisfies(ua -> assertThat(ua).contains("Chrome/119"));
        assertThat(request.header("Accept-Encoding").orElse("")).doesNotContain("br");
        JsonNode body = request.bodyJson();
        assertThat(body.get("model").asText()).isEqualTo("meta-llama/Meta-Llama-3.1-70B-Instruct");
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.7);
        assertThat(body.get("max_tokens").asInt()).isEqualTo(1028);
    }

    @Test
    void answersAWholeChatWithTheRequestsOwnSettings() {
        ChatCompletion done;
        try (G4j g4j = client(true)) {
            done = g4j.chat().create(ask("colours?").stream(false).temperature(0.1).maxTokens(64).build());
        }

        assertThat(done.text()).isEqualTo("Red, yellow and blue.");
        JsonNode body = api.requests().getFirst().bodyJson();
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.1);
        assertThat(body.get("max_tokens").asInt()).isEqualTo(64);
    }

    @Test
    void rejectsAnUnknownModelWithTheListAlsoWhenTheFeaturedListFails() {
        try (G4j g4j = client(true)) {
            assertThatThrownBy(() -> g4j.chat().create(ask("hi").model("acme/nothing").build()))
                    .isInstanceOfSatisfying(ModelNotFoundException.class, e -> assertThat(e.available())
                            .contains("deepseek-ai/DeepSeek-R1-0528", "black-forest-labs/FLUX-1-schnell"));
        }
        api.failNext(Fault.status(500, "{\"detail\":\"Internal Server Error\"}"));
        try (G4j g4j = client(true)) {
            assertThatThrownBy(() -> g4j.chat().create(ask("hi").model("acme/nothing").build()))
                    .isInstanceOfSatisfying(ModelNotFoundException.class, e -> assertThat(e.available())
                            .contains("meta-llama/Meta-Llama-3.1-70B-Instruct", "stabilityai/sd3.5"));
        }
        assertThat(api.requests()).extracting(RecordedRequest::path)
                .containsExactly("/models/featured", "/models/featured");
    }

    @Test
    void listsTheFeaturedModelsOnceBesideTheBuiltInOnes() {
        try (G4j g4j = client(true)) {
            List<ModelEntry> models = g4j.models("DeepInfra");
            g4j.models("DeepInfra");

            assertThat(models).filteredOn(ModelEntry::image).extracting(ModelEntry::name)
                    .contains("stabilityai/sd3.5", "stability-ai/sdxl", "black-forest-labs/FLUX-1.1-pro");
            assertThat(models).extracting(ModelEntry::name).doesNotContain("BAAI/bge-m3");
            assertThat(models).filteredOn(ModelEntry::vision).extracting(ModelEntry::name)
                    .contains("meta-llama/Llama-3.2-90B-Vision-Instruct");
        }
        assertThat(api.requests()).hasSize(1);
    }

    @Test
    void sendsImageModelsToTheInferenceEndpointWrappingCogModels() {
        ImagesResult sd;
        ChatCompletion sdxl;
        try (G4j g4j = client(true)) {
            sd = g4j.images().generate(ImageRequest.builder("a lighthouse").provider("DeepInfra").size("512x512")
                    .build());
            sdxl = g4j.chat().create(ask("a lighthouse").model("sdxl").seed(7).build());
        }

        assertThat(sd.model()).isEqualTo("stabilityai/sd3.5");
        assertThat(sd.images()).singleElement().satisfies(i -> {
            assertThat(i.url()).startsWith("data:image/png;base64,");
            assertThat(i.prompt()).isEqualTo("a lighthouse");
        });
        assertThat(sdxl.images()).hasSize(1);
        List<RecordedRequest> requests = api.requests();
        assertThat(requests.get(0).path()).isEqualTo("/v1/inference/stabilityai/sd3.5");
        assertThat(requests.get(0).bodyJson().toString())
                .isEqualTo("{\"prompt\":\"a lighthouse\",\"width\":512,\"height\":512}");
        assertThat(requests.get(1).path()).isEqualTo("/v1/inference/stability-ai/sdxl");
        assertThat(requests.get(1).bodyJson().toString())
                .isEqualTo("{\"input\":{\"prompt\":\"a lighthouse\",\"seed\":7}}");
        assertThat(requests.get(1).header("Authorization")).hasValue("Bearer " + KEY);
    }
}
