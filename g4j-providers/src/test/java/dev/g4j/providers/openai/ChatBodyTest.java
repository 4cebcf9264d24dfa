package dev.g4j.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.ChatRequest;
import dev.g4j.Media;
import dev.g4j.Message;
import dev.g4j.ToolCall;
import dev.g4j.UnsupportedMediaException;
import dev.g4j.http.Json;
import dev.g4j.spi.CallContext;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ChatBodyTest {
    private final CallContext ctx = Contexts.of(new OpenAiCompatible(), Map.of("base_url", "http://x.test/v1"));

    private JsonNode body(ChatRequest request, ChatBody.Defaults defaults) {
        return Json.parse(Json.write(OpenAiTemplate.chatBody(request, ctx, defaults)));
    }

    @Test
    void sendsTheTypedFieldsLeavesOutWhatIsUnsetAndAppliesTheProvidersDefaults() {
        ChatRequest request = ChatRequest.builder().model("m").addMessage(Message.user("hi")).stream(false).build();

        JsonNode body = body(request, new ChatBody.Defaults(OptionalDouble.of(0.7), OptionalInt.of(1028)));

        assertThat(body).isEqualTo(Json.parse("""
                {"messages":[{"role":"user","content":"hi"}],"model":"m","temperature":0.7,"max_tokens":1028,
                 "stream":false}"""));
        JsonNode full = body(request.toBuilder().temperature(0.1).maxTokens(5).topP(0.9).stop(List.of("END"))
                .seed(7).build(), ChatBody.Defaults.NONE);
        assertThat(full.get("temperature").asDouble()).isEqualTo(0.1);
        assertThat(full.get("max_tokens").asInt()).isEqualTo(5);
        assertThat(full.get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(full.get("stop")).isEqualTo(Json.parse("[\"END\"]"));
        assertThat(full.get("seed").asLong()).isEqualTo(7);
    }

    @Test
    void passesJsonExtrasThroughWithoutLettingThemReplaceWhatTheRequestSets() {
        ChatRequest request = ChatRequest.builder().model("m").addMessage(Message.user("hi")).temperature(0.2)
                .extras(Map.of(
                        "tools", List.of(Map.of("type", "function", "function", Map.of("name", "f"))),
                        "tool_choice", "auto",
                        "parallel_tool_calls", false,
                        "response_format", Json.parse("{\"type\":\"json_object\"}"),
                        "reasoning_effort", "low",
                        "max_tokens", 50,
                        "temperature", 1.5,
                        "model", "other",
                        "stream_options", Map.of("include_usage", true),
                        "not_json", new Object()))
                .build();

        JsonNode body = body(request, new ChatBody.Defaults(OptionalDouble.of(0.7), OptionalInt.of(1028)));

        assertThat(body.get("tools").get(0).get("function").get("name").asText()).isEqualTo("f");
        assertThat(body.get("tool_choice").asText()).isEqualTo("auto");
        assertThat(body.get("parallel_tool_calls").asBoolean(true)).isFalse();
        assertThat(body.get("response_format").get("type").asText()).isEqualTo("json_object");
        assertThat(body.get("reasoning_effort").asText()).isEqualTo("low");
        assertThat(body.get("max_tokens").asInt()).as("an extra fills an unset field").isEqualTo(50);
        assertThat(body.get("temperature").asDouble()).as("the request's own value wins").isEqualTo(0.2);
        assertThat(body.get("model").asText()).isEqualTo("m");
        assertThat(body.get("stream_options").get("include_usage").asBoolean()).isTrue();
        assertThat(body.has("not_json")).isFalse();
        assertThat(body(request.toBuilder().stream(false).build(), ChatBody.Defaults.NONE).has("stream_options"))
                .as("OpenAI rejects stream_options without stream").isFalse();
    }

    @Test
    void rendersImagesAsDataUrisOrPassedThroughUrlsAndAttachmentsBeforeTheLastUserText() {
        ChatRequest request = ChatRequest.builder().model("m")
                .addMessage(Message.system("be brief"))
                .addMessage(Message.user("first", Media.of(Contexts.png())))
                .addMessage(Message.assistant("ok"))
                .addMessage(Message.user("what is this?"))
                .addMedia(Media.ofUrl("https://img.test/cat.png"))
                .addMedia(Media.of(Contexts.png()))
                .build();

        JsonNode messages = body(request, ChatBody.Defaults.NONE).get("messages");

        assertThat(messages.get(0)).isEqualTo(Json.parse("{\"role\":\"system\",\"content\":\"be brief\"}"));
        assertThat(messages.get(1).get("content")).isEqualTo(Json.parse("[{\"type\":\"image_url\",\"image_url\":{\"url\":\""
                + Contexts.PNG_DATA_URI + "\"}},{\"type\":\"text\",\"text\":\"first\"}]"));
        assertThat(messages.get(2).get("content").asText()).isEqualTo("ok");
        assertThat(messages.get(3).get("content")).isEqualTo(Json.parse("[{\"type\":\"image_url\",\"image_url\":"
                + "{\"url\":\"https://img.test/cat.png\"}},{\"type\":\"image_url\",\"image_url\":{\"url\":\""
                + Contexts.PNG_DATA_URI + "\"}},{\"type\":\"text\",\"text\":\"what is this?\"}]"));
    }

    @Test
    void rendersToolCallsAndToolAnswersInOpenAisShape() {
        ToolCall call = ToolCall.function("call_1", "get_weather", "{\"city\":\"Lisbon\"}");
        ChatRequest request = ChatRequest.builder().model("m")
                .addMessage(Message.user("weather?"))
                .addMessage(Message.assistant("", List.of(call)))
                .addMessage(Message.tool("call_1", "18C"))
                .build();

        JsonNode messages = body(request, ChatBody.Defaults.NONE).get("messages");

        assertThat(messages.get(1)).isEqualTo(Json.parse("""
                {"role":"assistant","tool_calls":[{"id":"call_1","type":"function",
                 "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Lisbon\\"}"}}]}"""));
        assertThat(messages.get(2)).isEqualTo(Json.parse(
                "{\"role\":\"tool\",\"content\":\"18C\",\"tool_call_id\":\"call_1\"}"));
    }

    @Test
    void attachmentsWithoutAnyUserMessageAreSentAsOneAndNonImagesAreRejected() {
        ChatRequest request = ChatRequest.builder().model("m").addMessage(Message.system("describe"))
                .addMedia(Media.of(Contexts.png())).build();

        JsonNode messages = body(request, ChatBody.Defaults.NONE).get("messages");

        assertThat(messages).hasSize(2);
        assertThat(messages.get(1).get("role").asText()).isEqualTo("user");
        assertThat(messages.get(1).get("content").get(0).get("type").asText()).isEqualTo("image_url");
        ChatRequest bad = request.toBuilder().addMedia(Media.of("not an image".getBytes())).build();
        assertThatThrownBy(() -> body(bad, ChatBody.Defaults.NONE)).isInstanceOf(UnsupportedMediaException.class);
    }
}
