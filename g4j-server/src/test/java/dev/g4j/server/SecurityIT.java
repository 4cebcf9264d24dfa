package dev.g4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.JsonValue;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.g4j.testkit.OpenAiSimulator;
import dev.g4j.testkit.RecordedRequest;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server key stays in the server, bodies are bounded, CORS is opt-in and never with credentials. */
class SecurityIT {
    static final String UPSTREAM_KEY = "sk-upstream-provider-key";

    static String chat(String extra) {
        return "{\"model\":\"g4j-sim-model\"," + extra + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    }

    @Test
    void theServerKeyNeverReachesTheUpstream() throws Exception {
        try (OpenAiSimulator upstream = OpenAiSimulator.builder().start();
                Harness h = Harness.start(List.of(new RelayProvider("Relay")), Harness.clientConfig()
                        .option("Relay.base_url", upstream.baseUri().toString())
                        .option("Relay.api_key", UPSTREAM_KEY), b -> {})) {
            var c = h.openai.chat().completions().create(
                    ChatCompletionCreateParams.builder().model("g4j-sim-model").addUserMessage("Hi").build());
            assertThat(c.choices().getFirst().message().content()).hasValue("Hello from the simulator.");
            try (var s = h.openai.chat().completions().createStreaming(
                    ChatCompletionCreateParams.builder().model("g4j-sim-model").addUserMessage("Hi").build())) {
                s.stream().forEach(x -> { });
            }
            // a key in the body is the client's key for the provider it names: it goes there instead
            h.openai.chat().completions().create(ChatCompletionCreateParams.builder().model("g4j-sim-model")
                    .addUserMessage("Hi").putAdditionalBodyProperty("api_key", JsonValue.from("sk-from-body"))
                    .putAdditionalBodyProperty("provider", JsonValue.from("Relay")).build());

            List<RecordedRequest> seen = upstream.requests();
            assertThat(seen).hasSize(3);
            assertThat(seen).extracting(r -> r.header("Authorization").orElse(""))
                    .containsExactly("Bearer " + UPSTREAM_KEY, "Bearer " + UPSTREAM_KEY, "Bearer sk-from-body");
            for (RecordedRequest r : seen) {
                assertThat(r.toString() + r.bodyText()).doesNotContain(Harness.SERVER_KEY);
            }
            assertThat(h.get("/v1/providers").body()).doesNotContain(UPSTREAM_KEY)
                    .contains("\"api_key_configured\":true");
        }
    }

    @Test
    void anOversizedBodyIs413WithoutReadingIt() throws Exception {
        ScriptedProvider alpha = ScriptedProvider.of("Alpha", ScriptedProvider.says("ok"));
        try (Harness h = Harness.start(List.of(alpha), b -> b.maxBodyBytes(4096))) {
            String big = chat("\"user\":\"" + "x".repeat(10_000) + "\",").replace("g4j-sim-model", "alpha-model");
            HttpResponse<String> r = h.postJson("/v1/chat/completions", big);
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(r.body()).contains("\"code\":\"request_too_large\"", "4096");
            assertThat(r.headers().firstValue("connection")).hasValue("close");

            // without a Content-Length (chunked), the limit holds while reading
            HttpRequest chunked = h.post("/v1/chat/completions", "").POST(HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(big.getBytes()))).build();
            r = h.send(chunked);
            assertThat(r.statusCode()).isEqualTo(413);

            var e = org.assertj.core.api.Assertions.catchThrowableOfType(OpenAIServiceException.class,
                    () -> h.openai.chat().completions().create(ChatCompletionCreateParams.builder().model("alpha-model")
                            .addUserMessage("y".repeat(10_000)).build()));
            assertThat(e.statusCode()).isEqualTo(413);
            assertThat(alpha.calls.get()).isZero();

            // a client that waits for 100 Continue is refused before being invited to send
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", h.server.port())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                        + Harness.SERVER_KEY + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n"
                        + "Expect: 100-continue\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(answer).startsWith("HTTP/1.1 413").contains("request_too_large").doesNotContain("100 Continue");
            }

            // a body within the limit still works on a fresh connection
            assertThat(h.postJson("/v1/chat/completions", chat("").replace("g4j-sim-model", "alpha-model"))
                    .statusCode()).isEqualTo(200);
        }
    }

    @Test
    void corsAllowsOnlyConfiguredOriginsAndNeverCredentials() throws Exception {
        ScriptedProvider alpha = ScriptedProvider.of("Alpha", ScriptedProvider.says("ok"));
        try (Harness h = Harness.start(List.of(alpha), b -> b.corsOrigin("https://app.example"))) {
            HttpResponse<String> r = h.send(h.post("/v1/chat/completions", chat("").replace("g4j-sim-model",
                    "alpha-model")).header("Origin", "https://app.example").build());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example");
            assertThat(r.headers().firstValue("vary")).hasValue("Origin");
            assertThat(r.headers().firstValue("access-control-expose-headers").orElseThrow()).contains("x-g4j-provider");
            assertThat(r.headers().map()).doesNotContainKey("access-control-allow-credentials");

            r = h.send(h.post("/v1/chat/completions", chat("").replace("g4j-sim-model", "alpha-model"))
                    .header("Origin", "https://evil.example").build());
            assertThat(r.headers().firstValue("access-control-allow-origin")).isEmpty();

            r = h.send(HttpRequest.newBuilder(h.uri("/v1/chat/completions"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://app.example")
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "authorization, content-type, x-stainless-os").build());
            assertThat(r.statusCode()).isEqualTo(204);
            assertThat(r.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example");
            assertThat(r.headers().firstValue("access-control-allow-headers")).hasValue(
                    "authorization, content-type, x-stainless-os");
            assertThat(r.headers().map()).doesNotContainKey("access-control-allow-credentials");

            r = h.send(HttpRequest.newBuilder(h.uri("/v1/chat/completions"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST").build());
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.headers().firstValue("access-control-allow-origin")).isEmpty();
        }
        try (Harness h = Harness.start(List.of(alpha), b -> b.corsOrigin("*"))) {
            HttpResponse<String> r = h.send(HttpRequest.newBuilder(h.uri("/health")).header("Origin", "https://any.example")
                    .GET().build());
            assertThat(r.headers().firstValue("access-control-allow-origin")).hasValue("*");
            assertThat(r.headers().map()).doesNotContainKey("access-control-allow-credentials");
        }
        try (Harness h = Harness.start(List.of(alpha))) {
            HttpResponse<String> r = h.send(HttpRequest.newBuilder(h.uri("/health")).header("Origin", "https://app.example")
                    .GET().build());
            assertThat(r.headers().firstValue("access-control-allow-origin")).as("no CORS by default").isEmpty();
        }
    }

    @Test
    void healthIsOpenAndMetricsCountRequestsErrorsLatencyAndTimeToFirstToken() throws Exception {
        ScriptedProvider alpha = ScriptedProvider.of("Alpha", ScriptedProvider.says("ok"));
        try (Harness h = Harness.start(List.of(alpha))) {
            HttpResponse<String> health = h.send(HttpRequest.newBuilder(h.uri("/health")).GET().build());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).startsWith("{\"status\":\"ok\"");

            h.openai.chat().completions().create(ChatCompletionCreateParams.builder().model("alpha-model")
                    .addUserMessage("Hi").build());
            h.postJson("/v1/chat/completions", chat("").replace("g4j-sim-model", "nope"));

            assertThat(h.send(HttpRequest.newBuilder(h.uri("/metrics")).GET().build()).statusCode()).isEqualTo(401);
            HttpResponse<String> m = h.get("/metrics");
            assertThat(m.statusCode()).isEqualTo(200);
            assertThat(m.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain");
            assertThat(m.body()).contains(
                    "g4j_requests_total{endpoint=\"chat\",status=\"200\"} 1.0",
                    "g4j_requests_total{endpoint=\"chat\",status=\"404\"} 1.0",
                    "g4j_errors_total{endpoint=\"chat\",kind=\"model_not_found\"} 1.0",
                    "g4j_request_duration_seconds_count{endpoint=\"chat\",model=\"alpha-model\",provider=\"Alpha\"} 1",
                    "g4j_time_to_first_token_seconds_bucket{endpoint=\"chat\",model=\"alpha-model\",provider=\"Alpha\",le=",
                    "g4j_provider_attempts_total{outcome=\"ok\",provider=\"Alpha\"} 1.0",
                    "g4j_active_streams 0.0");
        }
    }

    @Test
    void providersReportTheLastOutcomeOfRealCalls() throws Exception {
        ScriptedProvider alpha = ScriptedProvider.of("Alpha", ScriptedProvider.says("ok"));
        try (Harness h = Harness.start(List.of(alpha))) {
            assertThat(h.get("/v1/providers").body()).contains("\"id\":\"Alpha\"", "\"health\":{\"status\":\"unknown\"}");
            h.postJson("/v1/chat/completions", chat("").replace("g4j-sim-model", "alpha-model"));
            assertThat(h.get("/v1/providers").body()).contains("\"health\":{\"status\":\"ok\"");
            alpha.script(ScriptedProvider.fails(new dev.g4j.HttpStatusException("down", "Alpha", 500, null)));
            h.postJson("/v1/chat/completions", chat("").replace("g4j-sim-model", "alpha-model"));
            assertThat(h.get("/v1/providers").body()).contains("\"status\":\"failed\"", "\"kind\":\"http_status\"");
        }
    }
}
