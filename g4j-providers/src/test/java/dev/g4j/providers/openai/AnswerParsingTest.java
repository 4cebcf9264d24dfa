package dev.g4j.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.g4j.ChatEvent;
import dev.g4j.ChatRequest;
import dev.g4j.ErrorKind;
import dev.g4j.MalformedResponseException;
import dev.g4j.ToolCall;
import dev.g4j.UpstreamException;
import dev.g4j.http.Json;
import dev.g4j.spi.ModelList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's readers of whole answers, model lists and image answers, on strings. */
class AnswerParsingTest {
    private final List<ChatEvent> events = new ArrayList<>();

    @Test
    void aWholeAnswerGivesReasoningTrimmedTextToolCallsUsageAndFinishInThatOrder() {
        JsonAnswer.emit(Json.parse("""
                {"choices":[{"message":{"role":"assistant","content":"  Lisbon.\\n","reasoning":"hmm",
                  "tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":{"a":1}}}]},
                  "finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":3,"completion_tokens":2,"estimated_cost":1.5e-05}}"""), events::add);

        assertThat(events).hasSize(5);
        assertThat(events.subList(0, 3)).containsExactly(new ChatEvent.ReasoningDelta("hmm"),
                new ChatEvent.TextDelta("Lisbon."),
                new ChatEvent.ToolCalls(List.of(ToolCall.function("c1", "f", "{\"a\":1}"))));
        ChatEvent.Usage usage = (ChatEvent.Usage) events.get(3);
        assertThat(usage.totalTokens()).as("total computed when absent").isEqualTo(5);
        assertThat(usage.fields()).containsKey("estimated_cost");
        assertThat(events.get(4)).isEqualTo(new ChatEvent.Finished("tool_calls"));
    }

    @Test
    void aWholeAnswerWithoutChoicesIsInvalidAndOneWithAnErrorIsAResponseError() {
        assertThatThrownBy(() -> JsonAnswer.emit(Json.parse("{\"detail\":\"x\"}"), events::add))
                .isInstanceOfSatisfying(MalformedResponseException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_RESPONSE));
        assertThatThrownBy(() -> JsonAnswer.emit(Json.parse("{\"error_message\":\"quota\"}"), events::add))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.getMessage()).isEqualTo("quota"));
    }

    @Test
    void readsModelListsInBothShapesAndTellsImageModelsByFlagOrFamily() {
        ModelList openAi = OpenAiModels.parse(Json.parse("""
                {"object":"list","data":[{"id":"gpt-4o"},{"id":"dall-e-3"},{"id":"my-painter","image":true},
                 {"id":"black-forest-labs/FLUX.1-schnell"},{"id":""},{"object":"model"}]}"""));
        ModelList bare = OpenAiModels.parse(Json.parse("[{\"id\":\"llama3.2\"},\"qwen2.5\"]"));

        assertThat(openAi.text()).containsExactly("gpt-4o");
        assertThat(openAi.image()).containsExactly("dall-e-3", "my-painter", "black-forest-labs/FLUX.1-schnell");
        assertThat(bare.text()).containsExactly("llama3.2", "qwen2.5");
        assertThatThrownBy(() -> OpenAiModels.parse(Json.parse("{\"models\":1}")))
                .isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void classifiesFeaturedModelsSkippingOddEntriesAndKeepsTheBuiltInsAfterThem() {
        ModelList featured = DeepInfraModels.parse(Json.parse("""
                [{"model_name":"a/chat","type":"text-generation","reported_type":"text-generation"},
                 {"model_name":"a/see","type":"text-generation","reported_type":"text-generation","tags":["vision"]},
                 {"model_name":"a/vl","type":"text-generation","reported_type":"image-text-to-text"},
                 {"model_name":"a/paint","type":"text-to-image","reported_type":"text-to-image"},
                 {"model_name":"a/embed","type":"embeddings","reported_type":"embeddings"},
                 {"model_name":"a/odd","type":"custom"},{"type":"text-generation"}]"""));
        ModelList merged = DeepInfraModels.merge(featured,
                new ModelList(List.of("b/chat", "a/chat"), List.of("b/paint"), List.of()));

        assertThat(featured.text()).containsExactly("a/chat", "a/see", "a/vl");
        assertThat(featured.vision()).containsExactly("a/see", "a/vl");
        assertThat(featured.image()).containsExactly("a/paint");
        assertThat(merged.text()).containsExactly("a/chat", "a/see", "a/vl", "b/chat");
        assertThat(merged.image()).containsExactly("a/paint", "b/paint");
    }

    @Test
    void takesDeepInfraImagesFromOutputElseImagesElseImageUrl() {
        assertThat(DeepInfraImages.images(Json.parse("{\"output\":[\"https://o/1.png\"],\"images\":[\"data:x\"]}")))
                .containsExactly("https://o/1.png");
        assertThat(DeepInfraImages.images(Json.parse("{\"output\":[],\"images\":[\"data:a\",\"data:b\"]}")))
                .containsExactly("data:a", "data:b");
        assertThat(DeepInfraImages.images(Json.parse("{\"output\":null,\"image_url\":\"https://u/1.png\"}")))
                .containsExactly("https://u/1.png");
        assertThat(DeepInfraImages.images(Json.parse("{\"images\":[],\"seed\":1}"))).isEmpty();
    }

    @Test
    void buildsTheInferenceInputFromThePromptAndTheFieldsThatApply() {
        ChatRequest request = ChatRequest.builder().seed(42).extras(Map.of("width", 512, "height", 768,
                "negative_prompt", "blur", "n", 2, "tools", List.of())).build();

        assertThat(DeepInfraImages.input(request, "a cat", false)).hasToString(
                "{\"prompt\":\"a cat\",\"width\":512,\"height\":768,\"negative_prompt\":\"blur\",\"seed\":42,"
                        + "\"num_images\":2}");
        assertThat(DeepInfraImages.input(request, "a cat", true).get("num_outputs").asInt()).isEqualTo(2);
    }

    @Test
    void buildsTheImagesGenerationsBodyAndTurnsBase64IntoDataUris() {
        ChatRequest request = ChatRequest.builder().model("dall-e-3")
                .extras(Map.of("n", 2, "width", 1024, "height", 1792, "response_format", "b64_json", "quality", "hd"))
                .build();

        assertThat(OpenAiImages.body(request, "a fox")).isEqualTo(Json.parse("""
                {"prompt":"a fox","model":"dall-e-3","size":"1024x1792","n":2,"response_format":"b64_json",
                 "quality":"hd"}"""));
        String b64 = Contexts.PNG_DATA_URI.substring(Contexts.PNG_DATA_URI.indexOf(',') + 1);
        assertThat(OpenAiImages.dataUri(b64)).isEqualTo(Contexts.PNG_DATA_URI);
        assertThat(OpenAiImages.dataUri("/9j/4AAQSkZJRgABAQ")).startsWith("data:image/jpeg;base64,");
    }
}
