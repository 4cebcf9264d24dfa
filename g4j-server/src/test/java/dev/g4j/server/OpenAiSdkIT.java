package dev.g4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImagesResponse;
import com.openai.models.models.Model;
import dev.g4j.ChatEvent;
import dev.g4j.ContentPart;
import dev.g4j.Media;
import dev.g4j.testkit.Fixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official openai-java SDK, unchanged, against the server: the happy paths. (The SDK marks
 * {@code _additionalProperties()}, {@code seed} and images' {@code response_format} deprecated; they are
 * exactly the wire fields under test.)
 */
@SuppressWarnings("deprecation")
class OpenAiSdkIT {
    static final ScriptedProvider ALPHA = ScriptedProvider.of("Alpha", ScriptedProvider.says("Hello", ", ", "world"));
    static final ScriptedProvider BETA = ScriptedProvider.of("Beta", ScriptedProvider.says("from", " beta"));
    static Harness h;

    @BeforeAll
    static void start() {
        h = Harness.start(List.of(ALPHA, BETA));
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @BeforeEach
    void reset() {
        ALPHA.script(ScriptedProvider.says("Hello", ", ", "world"));
        BETA.script(ScriptedProvider.says("from", " beta"));
    }

    static ChatCompletionCreateParams.Builder chat(String model, String prompt) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage(prompt);
    }

    @Test
    void listsEveryModelAndAliasWithProvidersAndCapabilities() {
        List<Model> models = h.openai.models().list().data();
        assertThat(models).extracting(Model::id)
                .contains("alpha-model", "shared-model", "alpha-image", "alpha-vision", "short-alpha", "beta-model");
        Model shared = models.stream().filter(m -> m.id().equals("shared-model")).findFirst().orElseThrow();
        assertThat(shared._additionalProperties().get("g4j_providers").toString()).contains("Alpha", "Beta");
        Model image = models.stream().filter(m -> m.id().equals("alpha-image")).findFirst().orElseThrow();
        assertThat(image._additionalProperties().get("g4j_capabilities").toString()).contains("image=true");
        assertThat(h.openai.models().retrieve("short-beta").id()).isEqualTo("short-beta");
    }

    @Test
    void answersANonStreamedChatWithUsageAndFinishReason() {
        ChatCompletion c = h.openai.chat().completions().create(chat("alpha-model", "Hi").build());
        assertThat(c.choices().getFirst().message().content()).hasValue("Hello, world");
        assertThat(c.choices().getFirst().finishReason().asString()).isEqualTo("stop");
        assertThat(c.usage().orElseThrow().promptTokens()).isEqualTo(7);
        assertThat(c.usage().orElseThrow().completionTokens()).isEqualTo(3);
        assertThat(c.model()).isEqualTo("alpha-model");
        assertThat(c._additionalProperties().get("provider")).isEqualTo(JsonValue.from("Alpha"));
    }

    @Test
    void passesTheRequestParametersToTheProvider() {
        h.openai.chat().completions().create(chat("beta-model", "Hi")
                .addSystemMessage("be brief")
                .temperature(0.5).topP(0.9).maxCompletionTokens(42).seed(7).stopOfStrings(List.of("END", "STOP"))
                .putAdditionalBodyProperty("tool_choice", JsonValue.from("auto"))
                .reasoningEffort(com.openai.models.ReasoningEffort.LOW)
                .build());
        var r = BETA.lastRequest();
        assertThat(r.temperature()).hasValue(0.5);
        assertThat(r.topP()).hasValue(0.9);
        assertThat(r.maxTokens()).hasValue(42);
        assertThat(r.seed()).hasValue(7);
        assertThat(r.stop()).containsExactly("END", "STOP");
        assertThat(r.extras()).containsEntry("tool_choice", "auto").containsEntry("reasoning_effort", "low");
        assertThat(r.messages()).extracting(m -> m.role()).containsExactly("user", "system");
        assertThat(r.apiKey()).isEmpty();
    }

    @Test
    void streamsTextIncrementally() throws Exception {
        CountDownLatch firstSeen = new CountDownLatch(1);
        ALPHA.script((req, ctx, out) -> {
            out.text("first");
            // the rest waits until the client has the first chunk: proof that nothing is buffered
            if (!firstSeen.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the first chunk never reached the client");
            }
            out.text(" second");
            out.finish("stop");
        });
        List<String> deltas = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> s =
                h.openai.chat().completions().createStreaming(chat("alpha-model", "Hi").build())) {
            s.stream().forEach(chunk -> chunk.choices().forEach(choice -> choice.delta().content().ifPresent(t -> {
                deltas.add(t);
                if (t.equals("first")) {
                    firstSeen.countDown();
                }
            })));
        }
        assertThat(String.join("", deltas)).isEqualTo("first second");
    }

    @Test
    void streamsUsageWhenIncludeUsageIsSet() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> s = h.openai.chat().completions().createStreaming(
                chat("alpha-model", "Hi").streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                        .build())) {
            s.stream().forEach(chunks::add);
        }
        ChatCompletionChunk last = chunks.getLast();
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage().orElseThrow().totalTokens()).isEqualTo(10);
        assertThat(chunks.get(chunks.size() - 2).choices().getFirst().finishReason().orElseThrow().asString())
                .isEqualTo("stop");
        assertThat(chunks.getFirst().choices().getFirst().delta().role().orElseThrow().asString())
                .isEqualTo("assistant");
    }

    @Test
    void generatesImagesAsUrlAndAsBase64() {
        byte[] png = Fixtures.bytes("janus/kitten.png");
        String dataUri = "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
        ALPHA.script(ScriptedProvider.image(dataUri));
        ImagesResponse asUrl = h.openai.images().generate(ImageGenerateParams.builder().prompt("a kitten")
                .model("alpha-image").responseFormat(ImageGenerateParams.ResponseFormat.URL).build());
        assertThat(asUrl.data().orElseThrow().getFirst().url()).hasValue(dataUri);
        assertThat(ALPHA.lastRequest().imagePrompt()).hasValue("a kitten");

        ImagesResponse b64 = h.openai.images().generate(ImageGenerateParams.builder().prompt("a kitten")
                .model("alpha-image").responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON).n(1).size(
                        ImageGenerateParams.Size._1024X1024).build());
        assertThat(Base64.getDecoder().decode(b64.data().orElseThrow().getFirst().b64Json().orElseThrow()))
                .isEqualTo(png);
        assertThat(ALPHA.lastRequest().extras()).containsEntry("width", 1024).containsEntry("height", 1024);
    }

    @Test
    void sendsAVisionRequestWithADataUriImageToTheProvider() {
        String dataUri = "data:image/png;base64," + Base64.getEncoder().encodeToString(
                Fixtures.bytes("janus/kitten.png"));
        ChatCompletion c = h.openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("alpha-vision")
                .addUserMessageOfArrayOfContentParts(List.of(
                        ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text("What is it?")
                                .build()),
                        ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder().url(dataUri).build())
                                .build())))
                .build());
        assertThat(c.choices().getFirst().message().content()).hasValue("Hello, world");
        var r = ALPHA.lastRequest();
        assertThat(r.images()).containsExactly(Media.ofDataUri(dataUri));
        assertThat(r.messages().getFirst().content().getFirst()).isEqualTo(new ContentPart.Text("What is it?"));
    }

    @Test
    void relaysToolCallsBothWaysAndKeepsToolHistory() {
        ALPHA.script(ScriptedProvider.toolCall("get_weather", "{\"city\":\"Paris\"}"));
        ChatCompletion c = h.openai.chat().completions().create(chat("alpha-model", "Weather?").build());
        var call = c.choices().getFirst().message().toolCalls().orElseThrow().getFirst().asFunction();
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(call.function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(c.choices().getFirst().finishReason().asString()).isEqualTo("tool_calls");

        List<String> names = new ArrayList<>();
        try (var s = h.openai.chat().completions().createStreaming(chat("alpha-model", "Weather?").build())) {
            s.stream().forEach(ch -> ch.choices().forEach(x -> x.delta().toolCalls().ifPresent(tc -> tc.forEach(
                    t -> names.add(t.function().orElseThrow().name().orElseThrow())))));
        }
        assertThat(names).containsExactly("get_weather");

        ALPHA.script(ScriptedProvider.says("sunny"));
        h.openai.chat().completions().create(ChatCompletionCreateParams.builder().model("alpha-model")
                .addUserMessage("Weather?")
                .addMessage(c.choices().getFirst().message())
                .addMessage(com.openai.models.chat.completions.ChatCompletionToolMessageParam.builder()
                        .toolCallId("call_1").content("22C").build())
                .build());
        var history = ALPHA.lastRequest().messages();
        assertThat(history.get(1).toolCalls()).extracting(t -> t.name()).containsExactly("get_weather");
        assertThat(history.get(2).toolCallId()).hasValue("call_1");
        assertThat(history.get(2).text()).isEqualTo("22C");
    }

    @Test
    void choosesTheProviderByFieldOrByPrefixAndNamesItInHeaders() throws Exception {
        ChatCompletion c = h.openai.chat().completions().create(chat("shared-model", "Hi")
                .putAdditionalBodyProperty("provider", JsonValue.from("Beta")).build());
        assertThat(c.choices().getFirst().message().content()).hasValue("from beta");
        ChatCompletion prefixed = h.openai.chat().completions().create(chat("Beta/beta-model", "Hi").build());
        assertThat(prefixed.choices().getFirst().message().content()).hasValue("from beta");

        var raw = h.openai.chat().completions().withRawResponse().create(chat("Alpha/alpha-model", "Hi").build());
        assertThat(raw.headers().values("x-g4j-provider")).containsExactly("Alpha");
        assertThat(raw.headers().values("x-g4j-attempts")).containsExactly("Alpha=ok");
        assertThat(raw.headers().values("x-request-id")).hasSize(1);
    }

    @Test
    void carriesTheConversationStateBackAndForth() {
        ALPHA.script((req, ctx, out) -> {
            out.text(req.conversation().map(c -> "again").orElse("new"));
            out.emit(new ChatEvent.ConversationState("Alpha", "{\"session\":\"s-1\",\"turn\":1}"));
            out.finish("stop");
        });
        ChatCompletion first = h.openai.chat().completions().create(chat("alpha-model", "Hi").build());
        JsonValue conversation = first._additionalProperties().get("conversation");
        assertThat(conversation.toString()).contains("s-1");

        ChatCompletion second = h.openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(ChatModel.of("shared-model")).addUserMessage("Hi again")
                .putAdditionalBodyProperty("conversation", conversation).build());
        assertThat(second.choices().getFirst().message().content()).hasValue("again");
        assertThat(ALPHA.lastRequest().conversation().orElseThrow().json()).contains("\"session\":\"s-1\"");

        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (var s = h.openai.chat().completions().createStreaming(chat("alpha-model", "Hi").build())) {
            s.stream().forEach(chunks::add);
        }
        assertThat(chunks.getLast()._additionalProperties().get("conversation").toString()).contains("s-1");
    }

    @Test
    void relaysReasoningAndStatusAsExtensionFields() {
        ALPHA.script((req, ctx, out) -> {
            out.status("Queue position 1");
            out.reasoning("thinking");
            out.text("42");
            out.finish("stop");
        });
        List<String> reasoning = new ArrayList<>();
        List<String> status = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        try (var s = h.openai.chat().completions().createStreaming(chat("alpha-model", "Hi").build())) {
            s.stream().forEach(ch -> ch.choices().forEach(x -> {
                x.delta().content().ifPresent(text::append);
                var extra = x.delta()._additionalProperties();
                if (extra.containsKey("reasoning_content")) {
                    reasoning.add(extra.get("reasoning_content").asStringOrThrow());
                }
                if (extra.containsKey("g4j_status")) {
                    status.add(extra.get("g4j_status").asStringOrThrow());
                }
            }));
        }
        assertThat(text.toString()).isEqualTo("42");
        assertThat(reasoning).containsExactly("thinking");
        assertThat(status).containsExactly("Queue position 1");

        ChatCompletion c = h.openai.chat().completions().create(chat("alpha-model", "Hi").build());
        assertThat(c.choices().getFirst().message()._additionalProperties().get("reasoning_content"))
                .isEqualTo(JsonValue.from("thinking"));
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
