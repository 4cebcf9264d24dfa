package dev.g4j.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.ChatCompletion;
import dev.g4j.ChatEvent;
import dev.g4j.ChatRequest;
import dev.g4j.ChatStream;
import dev.g4j.G4j;
import dev.g4j.ImageRequest;
import dev.g4j.ImagesResult;
import dev.g4j.InvalidRequestException;
import dev.g4j.Media;
import dev.g4j.Message;
import dev.g4j.ModelNotFoundException;
import dev.g4j.ToolCall;
import dev.g4j.testkit.ChatReply;
import dev.g4j.testkit.OpenAiSimulator;
import dev.g4j.testkit.RecordedRequest;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** OpenAICompatible through a real client against the OpenAI simulator (OpenAI's layout, under /v1). */
class OpenAiCompatibleIT {
    private static final String KEY = "sk-g4j-test-key-000000";

    private OpenAiSimulator api;
    private G4j g4j;

    private void start(OpenAiSimulator.Builder builder) {
        api = builder.apiKey(KEY).models(List.of("g4j-sim-model", "dall-e-3")).start();
        g4j = Clients.of(Map.of("G4J_OPENAICOMPATIBLE_BASE_URL", api.baseUri().toString(),
                "G4J_OPENAICOMPATIBLE_API_KEY", KEY), new OpenAiCompatible());
    }

    @AfterEach
    void stop() {
        if (g4j != null) {
            g4j.close();
        }
        if (api != null) {
            api.close();
        }
    }

    private static ChatRequest.Builder ask(String text) {
        return ChatRequest.builder().provider("OpenAICompatible").addMessage(Message.user(text));
    }

    private RecordedRequest lastChat() {
        return api.requests().stream().filter(r -> r.path().endsWith("/chat/completions")).reduce((a, b) -> b)
                .orElseThrow();
    }

    @Test
    void answersAWholeChatWithTheFirstListedModelAndTheBearerKey() {
        start(OpenAiSimulator.builder());

        ChatCompletion done = g4j.chat().create(ask("hi").stream(false).build());

        assertThat(done.text()).isEqualTo("Hello from the simulator.");
        assertThat(done.usage()).hasValueSatisfying(u -> assertThat(u.completionTokens()).isEqualTo(5));
        assertThat(done.finishReason()).isEqualTo("stop");
        assertThat(done.model()).isEqualTo("g4j-sim-model");
        RecordedRequest request = lastChat();
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.header("Authorization")).hasValue("Bearer " + KEY);
        assertThat(request.header("Accept")).hasValue("application/json");
        assertThat(request.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = request.bodyJson();
        assertThat(body.get("stream").asBoolean(true)).isFalse();
        assertThat(body.has("temperature")).isFalse();
        assertThat(body.get("model").asText()).isEqualTo("g4j-sim-model");
    }

    @Test
    void streamsAChatAsDeltasThenTheFinish() {
        start(OpenAiSimulator.builder());

        List<ChatEvent> events = Clients.events(g4j, ask("hi").build());

        assertThat(events).containsExactly(new ChatEvent.TextDelta("Hello"), new ChatEvent.TextDelta(" from"),
                new ChatEvent.TextDelta(" the"), new ChatEvent.TextDelta(" simulator"), new ChatEvent.TextDelta("."),
                new ChatEvent.Finished("stop"));
        assertThat(lastChat().header("Accept")).hasValue("text/event-stream");
    }

    @Test
    void deliversTheFirstDeltaLongBeforeAThrottledStreamEnds() {
        start(OpenAiSimulator.builder().chunkDelay(Duration.ofMillis(80)));

        long firstDelta = 0;
        long end;
        long start = System.nanoTime();
        try (ChatStream stream = g4j.chat().stream(ask("hi").build())) {
            for (ChatEvent e : stream) {
                if (firstDelta == 0 && e instanceof ChatEvent.TextDelta) {
                    firstDelta = System.nanoTime();
                }
            }
            end = System.nanoTime();
        }

        assertThat(firstDelta).isGreaterThan(start);
        assertThat(Duration.ofNanos(end - firstDelta)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void closingTheStreamEarlyHangsUpOnTheService() throws InterruptedException {
        start(OpenAiSimulator.builder().chunkDelay(Duration.ofMillis(200)));

        try (ChatStream stream = g4j.chat().stream(ask("hi").build())) {
            Iterator<ChatEvent> it = stream.iterator();
            assertThat(it.next()).isEqualTo(new ChatEvent.TextDelta("Hello"));
        }

        assertThat(api.loopback().awaitClientDisconnect(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void readsTheUsageChunkOfTheIncludeUsageLayoutAndStillFinishesLast() {
        start(OpenAiSimulator.builder());

        List<ChatEvent> events = Clients.events(g4j, ask("hi")
                .extra("stream_options", Map.of("include_usage", true)).build());

        assertThat(events.get(events.size() - 2)).isInstanceOfSatisfying(ChatEvent.Usage.class,
                u -> assertThat(u.totalTokens()).isEqualTo(15));
        assertThat(events.getLast()).isEqualTo(new ChatEvent.Finished("stop"));
        assertThat(lastChat().bodyJson().get("stream_options").get("include_usage").asBoolean()).isTrue();
    }

    @Test
    void sendsToolsReceivesToolCallsAndSendsTheAnswerBack() {
        start(OpenAiSimulator.builder());
        api.enqueueReplies(ChatReply.text().withToolCalls(
                new ChatReply.ToolCall("call_1", "get_weather", "{\"city\":\"Lisbon\"}")));
        List<Map<String, Object>> tools = List.of(Map.of("type", "function", "function",
                Map.of("name", "get_weather", "parameters", Map.of("type", "object"))));

        ChatCompletion first = g4j.chat().create(ask("weather in Lisbon?").extra("tools", tools)
                .extra("tool_choice", "auto").build());

        ToolCall call = ToolCall.function("call_1", "get_weather", "{\"city\":\"Lisbon\"}");
        assertThat(first.toolCalls()).containsExactly(call);
        assertThat(first.finishReason()).isEqualTo("tool_calls");
        assertThat(lastChat().bodyJson().get("tools").get(0).get("function").get("name").asText())
                .isEqualTo("get_weather");

        ChatCompletion second = g4j.chat().create(ask("weather in Lisbon?").stream(false)
                .addMessage(Message.assistant("", List.of(call))).addMessage(Message.tool("call_1", "18C"))
                .extra("tools", tools).build());

        assertThat(second.text()).isEqualTo("Hello from the simulator.");
        JsonNode messages = lastChat().bodyJson().get("messages");
        assertThat(messages.get(1).get("tool_calls").get(0).get("id").asText()).isEqualTo("call_1");
        assertThat(messages.get(2).get("tool_call_id").asText()).isEqualTo("call_1");
        assertThat(messages.get(2).get("content").asText()).isEqualTo("18C");
    }

    @Test
    void separatesReasoningFromTheAnswerStreamedOrNot() {
        start(OpenAiSimulator.builder());
        ChatReply thinking = ChatReply.text("4").withReasoning("2+2", " is 4");
        api.enqueueReplies(thinking, thinking);

        ChatCompletion streamed = g4j.chat().create(ask("2+2?").build());
        ChatCompletion whole = g4j.chat().create(ask("2+2?").stream(false).build());

        assertThat(streamed.reasoning()).isEqualTo("2+2 is 4");
        assertThat(streamed.text()).isEqualTo("4");
        assertThat(whole.reasoning()).isEqualTo("2+2 is 4");
        assertThat(whole.text()).isEqualTo("4");
    }

    @Test
    void sendsImagesAsContentPartsLoadedThroughTheClient() {
        start(OpenAiSimulator.builder());

        g4j.chat().create(ask("ignored").messages(List.of(Message.user("what colour?", Media.of(Contexts.png()))))
                .addMedia(Media.ofUrl("https://img.test/cat.png")).build());

        JsonNode content = lastChat().bodyJson().get("messages").get(0).get("content");
        assertThat(content).hasSize(3);
        assertThat(content.get(0).get("image_url").get("url").asText()).isEqualTo(Contexts.PNG_DATA_URI);
        assertThat(content.get(1).get("image_url").get("url").asText()).isEqualTo("https://img.test/cat.png");
        assertThat(content.get(2).get("text").asText()).isEqualTo("what colour?");
    }

    @Test
    void generatesImagesAsUrlsOrAsBase64() {
        start(OpenAiSimulator.builder());

        ImagesResult urls = g4j.images().generate(ImageRequest.builder("a fox").provider("OpenAICompatible").build());
        ImagesResult b64 = g4j.images().generate(ImageRequest.builder("a fox").provider("OpenAICompatible")
                .model("dall-e-3").size("1024x1024").extra("response_format", "b64_json")
                .format(ImageRequest.Format.B64_JSON).build());

        assertThat(urls.images()).singleElement().satisfies(i -> {
            assertThat(i.url()).isEqualTo("https://images.g4j-testkit.invalid/generated-0.png");
            assertThat(i.prompt()).isEqualTo("a fox");
        });
        assertThat(b64.images()).singleElement().satisfies(i -> {
            assertThat(i.url()).startsWith("data:image/png;base64,");
            assertThat(i.b64Json()).isPresent();
        });
        List<RecordedRequest> posts = api.requests().stream()
                .filter(r -> r.path().equals("/v1/images/generations")).toList();
        assertThat(posts).hasSize(2);
        assertThat(posts.get(0).bodyJson().get("model").asText()).isEqualTo("dall-e-3");
        assertThat(posts.get(0).bodyJson().has("response_format")).isFalse();
        assertThat(posts.get(1).bodyJson().get("size").asText()).isEqualTo("1024x1024");
        assertThat(posts.get(1).header("Authorization")).hasValue("Bearer " + KEY);
    }

    @Test
    void rejectsAnUnknownModelWithTheServicesList() {
        start(OpenAiSimulator.builder());

        assertThatThrownBy(() -> g4j.chat().create(ask("hi").model("gpt-9").build()))
                .isInstanceOfSatisfying(ModelNotFoundException.class,
                        e -> assertThat(e.available()).contains("g4j-sim-model", "dall-e-3"));
        assertThat(api.requests()).allSatisfy(r -> assertThat(r.path()).isEqualTo("/v1/models"));
    }

    @Test
    void withoutABaseUrlItFailsClearlyWhenNamedAndIsSkippedByTheDefaultChain() {
        try (G4j bare = Clients.of(Map.of(), new OpenAiCompatible())) {
            assertThatThrownBy(() -> bare.chat().create(ask("hi").build()))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("base_url")
                    .hasMessageContaining("G4J_OPENAICOMPATIBLE_BASE_URL");
        }
        try (OpenAiSimulator deepInfra = OpenAiSimulator.deepInfra().start();
                G4j both = Clients.of(Map.of("G4J_DEEPINFRA_BASE_URL", deepInfra.uri().toString(),
                        "G4J_DEEPINFRA_API_KEY", "di-key"), new OpenAiCompatible(), new DeepInfra())) {
            ChatCompletion done = both.chat().create(ChatRequest.of("hi"));

            assertThat(done.provider()).isEqualTo("DeepInfra");
            assertThat(done.attempts()).extracting(a -> a.provider()).containsExactly("DeepInfra");
        }
    }
}
