package dev.g4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.G4jException;
import dev.g4j.ImageRequest;
import dev.g4j.MediaPolicy;
import dev.g4j.Message;
import dev.g4j.http.Json;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Fuzzes the server's request parsing: every body posted to {@code /v1/chat/completions}
 * ({@link ChatParser}) and {@code /v1/images/generations} ({@link ImagesEndpoint#parse}). Properties,
 * for any bytes: the answer is a parsed request or a 400 with an OpenAI error body, never another
 * exception (which the server would answer with a 500); parsing the same body twice gives the same
 * answer; a body is read only if it is well-formed UTF-8; a parsed chat request has messages with known
 * roles, and image URLs only when the server allows them. Image URLs go through the real media policy
 * when their host is an address literal (no name lookups while fuzzing).
 */
class RequestBodyFuzzTest {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");
    private static final ChatParser NO_URLS = new ChatParser(false);
    private static final ChatParser URLS = new ChatParser(true, RequestBodyFuzzTest::checkLiteralHosts);

    @FuzzTest
    @DictionaryEntries({"\"messages\"", "\"role\"", "\"user\"", "\"assistant\"", "\"tool\"", "\"content\"",
        "\"type\"", "\"text\"", "\"image_url\"", "\"url\"", "\"data:image/png;base64,\"", "\"http://\"",
        "\"https://[::ffff:127.0.0.1]/\"", "\"tool_calls\"", "\"function\"", "\"arguments\"", "\"tool_call_id\"",
        "\"stream\"", "\"stream_options\"", "\"include_usage\"", "\"conversation\"", "\"state\"", "\"stop\"",
        "\"max_tokens\"", "\"temperature\"", "\"top_p\"", "\"seed\"", "\"n\"", "\"prompt\"", "\"size\"",
        "\"response_format\"", "\"b64_json\"", "\"api_key\"", "\"provider\"", "1e999", "-0", "null"})
    void answersAnyBodyWithARequestOrA400(FuzzedDataProvider data) {
        boolean allowUrls = data.consumeBoolean();
        byte[] body = data.consumeRemainingAsBytes();
        ChatParser parser = allowUrls ? URLS : NO_URLS;

        String chat = outcome(() -> parser.parse(body));
        assertThat(outcome(() -> parser.parse(body))).as("the same body, the same answer").isEqualTo(chat);
        if (chat.startsWith("ok")) {
            assertThat(wellFormedUtf8(body)).as("only UTF-8 bodies are read").isTrue();
            ChatParser.Parsed parsed = parser.parse(body);
            assertThat(parsed.request().messages()).isNotEmpty();
            for (Message m : parsed.request().messages()) {
                assertThat(m.role()).isIn(ROLES);
                assertThat(allowUrls || m.images().stream().allMatch(i -> i.url().isEmpty()))
                        .as("image URLs only when allowed").isTrue();
            }
            assertThat(!parsed.includeUsage() || parsed.stream()).as("usage chunk only when streaming").isTrue();
            JsonNode stream = Json.parse(body).get("stream");
            assertThat(parsed.stream()).isEqualTo(stream != null && stream.asBoolean());
        }

        String images = outcome(() -> ImagesEndpoint.parse(JsonFields.parseObject(body), Optional.empty()));
        if (images.startsWith("ok")) {
            assertThat(wellFormedUtf8(body)).as("only UTF-8 bodies are read").isTrue();
            ImageRequest r = ImagesEndpoint.parse(JsonFields.parseObject(body), Optional.empty());
            assertThat(r.prompt()).isNotBlank();
            assertThat(r.n()).isBetween(1, 10);
        }
    }

    /**
     * "ok" for a parsed request, else the 400 answer's body. A failure the server would not answer
     * with a 400 (any other exception, or a G4jException mapped to another status) propagates.
     */
    private static String outcome(Supplier<?> parse) {
        ApiError error;
        try {
            parse.get();
            return "ok";
        } catch (ApiException e) {
            error = e.error();
        } catch (G4jException e) {
            error = Errors.of(e);
        }
        assertThat(error.status()).as("%s", error.message()).isEqualTo(400);
        JsonNode answer = Json.parse(error.body());
        assertThat(answer.at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(answer.at("/error/message").asText()).isNotBlank();
        return new String(error.body(), StandardCharsets.UTF_8);
    }

    /** The JDK's strict decoder, independent of the parser's own check. */
    private static boolean wellFormedUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The media policy's own check for address literals; names pass (they would need a lookup). */
    private static void checkLiteralHosts(String url) {
        String host;
        try {
            host = new URI(url).getHost();
        } catch (java.net.URISyntaxException e) {
            host = null;
        }
        if (host == null || host.startsWith("[") || !host.isEmpty() && Character.isDigit(host.charAt(host.length() - 1))) {
            MediaPolicy.untrusted(true).checkUrl(url);
        }
    }
}
