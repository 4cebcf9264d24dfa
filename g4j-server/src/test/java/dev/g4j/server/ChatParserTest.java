package dev.g4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.g4j.ContentPart;
import dev.g4j.Media;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChatParserTest {
    static final ChatParser PARSER = new ChatParser(false);

    static ChatParser.Parsed parse(String json) {
        return PARSER.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    static ApiError fail(String json) {
        return catchThrowableOfType(ApiException.class, () -> parse(json)).error();
    }

    @Test
    void readsEveryOpenAiParameter() {
        var p = parse("""
                {"model":"m","stream":true,"stream_options":{"include_usage":true},"temperature":0.3,"top_p":0.5,
                 "max_tokens":10,"seed":-3,"stop":"END","n":1,"tools":[{"type":"function","function":{"name":"f"}}],
                 "tool_choice":"auto","response_format":{"type":"json_object"},"reasoning_effort":"high",
                 "provider":"A,B","api_key":"sk-x","unknown_field":1,
                 "messages":[{"role":"system","content":"s"},{"role":"user","content":"u"}]}""");
        var r = p.request();
        assertThat(p.stream()).isTrue();
        assertThat(p.includeUsage()).isTrue();
        assertThat(r.model()).isEqualTo("m");
        assertThat(r.provider()).isEqualTo("A,B");
        assertThat(r.apiKey()).hasValue("sk-x");
        assertThat(r.temperature()).hasValue(0.3);
        assertThat(r.topP()).hasValue(0.5);
        assertThat(r.maxTokens()).hasValue(10);
        assertThat(r.seed()).hasValue(-3);
        assertThat(r.stop()).containsExactly("END");
        assertThat(r.extras()).containsKeys("tools", "tool_choice", "response_format", "reasoning_effort",
                "stream_options").doesNotContainKey("unknown_field");
        assertThat(r.messages()).hasSize(2);
    }

    @Test
    void prefersMaxCompletionTokensAndIgnoresIncludeUsageWithoutStream() {
        var p = parse("{\"max_tokens\":5,\"max_completion_tokens\":9,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"u\"}]}");
        assertThat(p.request().maxTokens()).hasValue(9);
        assertThat(p.includeUsage()).isFalse();
    }

    @Test
    void readsImagePartsAsMediaAndRefusesUrlsUnlessAllowed() {
        String dataUri = "data:image/png;base64,iVBORw0KGgo=";
        var p = parse("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"what?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + dataUri + "\",\"detail\":\"low\"}}]}]}");
        assertThat(p.request().messages().getFirst().content())
                .containsExactly(new ContentPart.Text("what?"), new ContentPart.Image(Media.ofDataUri(dataUri)));

        String withUrl = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                + "\"image_url\":{\"url\":\"https://img.test/a.png\"}}]}]}";
        ApiError e = fail(withUrl);
        assertThat(e.code()).isEqualTo("unsupported_media");
        assertThat(e.param()).isEqualTo("messages[0].content[0].image_url.url");
        // the media policy's URL check has its own tests (MediaUrlsTest, SecurityIT): here it lets all through
        assertThat(new ChatParser(true, url -> { }).parse(withUrl.getBytes(StandardCharsets.UTF_8)).request().images())
                .containsExactly(Media.ofUrl("https://img.test/a.png"));
        assertThat(fail(withUrl.replace("https://img.test/a.png", "file:///etc/passwd")).code())
                .isEqualTo("unsupported_media");
    }

    @Test
    void readsToolHistory() {
        var p = parse("""
                {"messages":[{"role":"user","content":"w?"},
                 {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function",
                   "function":{"name":"weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                 {"role":"tool","tool_call_id":"c1","content":"22C"}]}""");
        var m = p.request().messages();
        assertThat(m.get(1).toolCalls().getFirst().name()).isEqualTo("weather");
        assertThat(m.get(1).toolCalls().getFirst().arguments()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(m.get(2).toolCallId()).hasValue("c1");
        assertThat(fail("{\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}").param())
                .isEqualTo("messages[0].tool_call_id");
    }

    @Test
    void continuesAConversationWithItsProvider() {
        var p = parse("{\"conversation\":{\"provider\":\"Janus\",\"state\":{\"session_hash\":\"abc\"}},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"u\"}]}");
        assertThat(p.request().provider()).isEqualTo("Janus");
        assertThat(p.request().conversation().orElseThrow().json()).isEqualTo("{\"session_hash\":\"abc\"}");
        assertThat(fail("{\"conversation\":{\"x\":1},\"messages\":[{\"role\":\"user\",\"content\":\"u\"}]}").param())
                .isEqualTo("conversation");
    }

    @Test
    void namesTheFieldOfEveryMistake() {
        assertThat(fail("{}").param()).isEqualTo("messages");
        assertThat(fail("{\"messages\":{}}").param()).isEqualTo("messages");
        assertThat(fail("{\"messages\":[\"hi\"]}").param()).isEqualTo("messages[0]");
        assertThat(fail("{\"messages\":[{\"content\":\"x\"}]}").param()).isEqualTo("messages[0].role");
        assertThat(fail("{\"messages\":[{\"role\":\"user\"}]}").param()).isEqualTo("messages[0].content");
        assertThat(fail("{\"messages\":[{\"role\":\"user\",\"content\":7}]}").param()).isEqualTo("messages[0].content");
        assertThat(fail("{\"model\":3,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").param()).isEqualTo("model");
        assertThat(fail("{\"temperature\":3,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").param())
                .isEqualTo("temperature");
        assertThat(fail("{\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").param())
                .isEqualTo("max_tokens");
        assertThat(fail("{\"stop\":[1],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").param()).isEqualTo("stop");
        assertThat(fail("{\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").param())
                .isEqualTo("stream");
        assertThat(fail("{\"seed\":1.5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").param()).isEqualTo("seed");
        assertThat(fail("not json").message()).startsWith("the body is not valid JSON");
        assertThat(fail("[" .repeat(100) + "]".repeat(100)).status()).isEqualTo(400);
    }

    @Test
    void doesNotEchoTheTextOfABodyThatIsNotJson() {
        // found by SecretLoggingIT: a key pasted without its quotes came back in the message, and so in the log
        ApiError e = fail("{\"api_key\": sk_live_0123456789abcdef, \"messages\": []}");
        assertThat(e.message()).startsWith("the body is not valid JSON: Unrecognized token '...'")
                .contains("'null', 'true' or 'false'", "(line 1, column 13)").doesNotContain("sk_live");
        assertThat(fail("{\"messages\": x}").message()).contains("Unrecognized token 'x'");
    }

    @Test
    void refusesABodyThatIsNotUtf8EvenWhereItsBytesMatchAKnownFieldName() {
        // found by RequestBodyFuzzTest: Jackson read "cont" 0xFF "ent" as "content", and "stre" 0xFF 0xFF "am"
        // as "stream", once it had seen those names (in this body or any earlier one)
        byte[] body = latin1("{\"stream\":false,\"stre\u00ff\u00ffam\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":null,\"cont\u00ffent\":\"hi\"}]}");
        ApiError e = catchThrowableOfType(ApiException.class, () -> PARSER.parse(body)).error();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.message()).isEqualTo("the body is not valid UTF-8 (byte 21)");
        assertThat(e.param()).isNull();

        assertThat(JsonFields.malformedUtf8At("{\"content\":\"caf\u00e9 \ud83d\ude00\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(-1);
        assertThat(JsonFields.malformedUtf8At(latin1("{\"a\":\"\u00c0\u0080\"}"))).as("overlong NUL").isEqualTo(6);
        assertThat(JsonFields.malformedUtf8At(latin1("{\"a\":\"\u00ed\u00a0\u0080\"}"))).as("surrogate").isEqualTo(6);
        assertThat(JsonFields.malformedUtf8At(latin1("{\"a\":\"\u00e2\u0082"))).as("cut at the end").isEqualTo(6);
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
