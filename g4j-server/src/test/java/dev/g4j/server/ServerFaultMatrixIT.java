package dev.g4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.G4jConfig;
import dev.g4j.Timeouts;
import dev.g4j.http.Json;
import dev.g4j.providers.openai.OpenAiCompatible;
import dev.g4j.testkit.ChatReply;
import dev.g4j.testkit.OpenAiSimulator;
import dev.g4j.testkit.UpstreamFault;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix through the server: a real OpenAI-wire request to {@code /v1/chat/completions}, the
 * server's client running the real {@code OpenAICompatible} provider against the OpenAI simulator, one
 * row per {@link UpstreamFault}. A fault before any output is a real status with OpenAI's error body; a
 * fault once the stream has begun is one final SSE error event after the content already sent, and no
 * {@code [DONE]}. The code is the kind of the library's row ({@code LibraryFaultMatrixIT}) and of the
 * CLI's stderr line ({@code CliFaultMatrixIT}).
 */
class ServerFaultMatrixIT {
    static final String PROVIDER = "OpenAICompatible";
    static final long LIMIT = 64 * 1024;

    /**
     * One row: the fault, then the HTTP status; for a 200, the content streamed before the final error
     * event (or the whole answer when {@code code} is null); then the error's type, code and message.
     */
    record Row(UpstreamFault fault, int status, String content, String type, String code, String message) {
        boolean midStream() {
            return status == 200;
        }

        @Override
        public String toString() {
            return fault + ": " + status + (midStream() ? " \"" + content + "\"" : "")
                    + (code == null ? " [DONE]" : " " + code);
        }
    }

    static Row before(UpstreamFault fault, int status, String type, String code, String message) {
        return new Row(fault, status, "", type, code, PROVIDER + ": " + message);
    }

    static Row after(UpstreamFault fault, String content, String type, String code, String message) {
        return new Row(fault, 200, content, type, code, PROVIDER + ": " + message);
    }

    static final List<Row> MATRIX = List.of(
            before(UpstreamFault.CONNECTION_REFUSED, 502, "upstream_error", "connection_failed",
                    "cannot connect to 127.0.0.1:{port}: Connection refused"),
            after(UpstreamFault.RESET_MID_STREAM, "Hel", "upstream_error", "truncated_stream",
                    "event stream cut: the connection closed before the answer ended"),
            after(UpstreamFault.STALL_MID_STREAM, "Hel", "timeout_error", "timeout", "no event for 500ms (idle timeout)"),
            before(UpstreamFault.RATE_LIMITED_429, 429, "rate_limit_error", "rate_limited",
                    "HTTP 429: Model busy, retry later (retry after 7s)"),
            before(UpstreamFault.SERVER_ERROR_500, 502, "upstream_error", "http_status", "HTTP 500: internal trouble"),
            before(UpstreamFault.BAD_GATEWAY_502_HTML, 502, "upstream_error", "bad_gateway",
                    "HTTP 502: HTML content (502 Bad Gateway)"),
            before(UpstreamFault.GATEWAY_TIMEOUT_504_HTML, 504, "timeout_error", "gateway_timeout",
                    "HTTP 504: HTML content (504 Gateway Time-out)"),
            before(UpstreamFault.CLOUDFLARE_CHALLENGE, 502, "upstream_error", "cloudflare",
                    "HTTP 403: blocked by a bot wall (Cloudflare)"),
            new Row(UpstreamFault.MALFORMED_SSE_LINE, 200, "Hello", null, null, null),
            before(UpstreamFault.TRUNCATED_JSON, 502, "upstream_error", "truncated_stream",
                    "answer cut: the connection closed before the answer ended"),
            before(UpstreamFault.OVERSIZED_JSON, 502, "upstream_error", "invalid_response",
                    "response body larger than 65536 bytes"),
            after(UpstreamFault.OVERSIZED_EVENT, "Hel", "upstream_error", "invalid_response",
                    "an event of the stream is larger than 65536 bytes"));

    static OpenAiSimulator api;
    /** Relays to the simulator. */
    static Harness live;
    /** Relays to a port nobody listens on. */
    static Harness refused;
    static URI refusedUri;

    @BeforeAll
    static void start() {
        api = OpenAiSimulator.builder().reply(ChatReply.text("Hel", "lo")).start();
        refusedUri = UpstreamFault.refusedUri();
        live = Harness.start(List.of(new OpenAiCompatible()), config(api.baseUri()), b -> b.maxBodyBytes(LIMIT));
        refused = Harness.start(List.of(new OpenAiCompatible()), config(refusedUri), b -> { });
    }

    /** The server's client: the provider pointed at {@code upstream}, a short idle timeout, a small limit. */
    static G4jConfig.Builder config(URI upstream) {
        return Harness.clientConfig().option(PROVIDER + ".base_url", upstream.toString())
                .timeouts(new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMillis(500),
                        Duration.ofSeconds(30)))
                .maxResponseBytes(LIMIT);
    }

    @AfterAll
    static void stop() {
        live.close();
        refused.close();
        api.close();
    }

    static Stream<Row> matrix() {
        return MATRIX.stream();
    }

    static String request(boolean stream, String content) {
        return "{\"model\":\"g4j-sim-model\",\"provider\":\"" + PROVIDER + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void eachFaultReachesTheClientAsItsStatusOrItsFinalErrorEvent(Row row) throws Exception {
        boolean isRefused = row.fault() == UpstreamFault.CONNECTION_REFUSED;
        row.fault().fault().ifPresent(api::failNextChat);

        HttpResponse<String> r = (isRefused ? refused : live).postJson("/v1/chat/completions",
                request(row.fault().streamed(), "Hi"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(row.status());
        JsonNode error;
        if (row.midStream()) {
            assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
            List<String> events = events(r.body());
            String content = events.stream().filter(e -> !e.equals("[DONE]")).map(Json::parse)
                    .map(e -> e.at("/choices/0/delta/content").asText("")).reduce("", String::concat);
            assertThat(content).isEqualTo(row.content());
            if (row.code() == null) {
                assertThat(events.getLast()).isEqualTo("[DONE]");
                return;
            }
            assertThat(events).doesNotContain("[DONE]");
            error = Json.parse(events.getLast()).get("error");
        } else {
            assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
            error = Json.parse(r.body()).get("error");
        }
        assertThat(error).as("an OpenAI error object").isNotNull();
        String port = String.valueOf(refusedUri.getPort());
        assertThat(error.get("message").asText()).isEqualTo(row.message().replace("{port}", port));
        assertThat(error.get("type").asText()).isEqualTo(row.type());
        assertThat(error.get("param").isNull()).isTrue();
        assertThat(error.get("code").asText()).isEqualTo(row.code());
        if (row.fault() == UpstreamFault.RATE_LIMITED_429) {
            assertThat(r.headers().firstValue("retry-after")).hasValue("7");
        }
        assertThat(api.loopback().failures()).isEmpty();
    }

    @Test
    void aRequestBodyFarLargerThanAllowedIs413AndNothingGoesUpstream() throws Exception {
        int chatsBefore = chats();

        HttpResponse<String> r = live.postJson("/v1/chat/completions",
                request(true, "x".repeat(UpstreamFault.OVERSIZED_BYTES)));

        assertThat(r.statusCode()).isEqualTo(413);
        JsonNode error = Json.parse(r.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("code").asText()).isEqualTo("request_too_large");
        assertThat(error.get("message").asText()).contains(String.valueOf(LIMIT));
        assertThat(chats()).isEqualTo(chatsBefore);
    }

    @Test
    void theMatrixHasOneRowPerFault() {
        assertThat(MATRIX.stream().map(Row::fault).toList())
                .containsExactlyInAnyOrderElementsOf(EnumSet.allOf(UpstreamFault.class));
    }

    private static int chats() {
        return (int) api.requests().stream().filter(q -> q.path().endsWith("/chat/completions")).count();
    }

    /** The data of each event of a body; comments (keep-alives) skipped. */
    private static List<String> events(String body) {
        return Arrays.stream(body.split("\n\n")).filter(e -> !e.isBlank() && !e.startsWith(":"))
                .peek(e -> assertThat(e).startsWith("data: "))
                .map(e -> e.substring("data: ".length())).toList();
    }
}
