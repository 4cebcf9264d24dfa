package dev.g4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.errors.SseException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.g4j.ConnectionException;
import dev.g4j.G4jTimeoutException;
import dev.g4j.HttpStatusException;
import dev.g4j.Media;
import dev.g4j.MissingAuthException;
import dev.g4j.RateLimitedException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each failure reaches the official SDK as the matching exception, with an OpenAI error body. */
class ErrorStatusIT {
    static final ScriptedProvider ALPHA = ScriptedProvider.of("Alpha", ScriptedProvider.says("ok"));
    static final ScriptedProvider BETA = ScriptedProvider.of("Beta", ScriptedProvider.says("ok"));
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
        ALPHA.script(ScriptedProvider.says("ok"));
        BETA.script(ScriptedProvider.says("ok"));
    }

    static ChatCompletionCreateParams chat(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Hi").build();
    }

    static void assertOpenAiBody(OpenAIServiceException e, int status, String code) {
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.code()).hasValue(code);
        assertThat(e.type()).isPresent();
        assertThat(e.body().toString()).doesNotContain("at dev.g4j", "Exception:");
    }

    @Test
    void malformedJsonIs400WithAnOpenAiBody() throws Exception {
        HttpResponse<String> r = h.postJson("/v1/chat/completions", "{\"model\": \"alpha-model\", \"messages\": [");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(r.body()).startsWith("{\"error\":{\"message\":\"the body is not valid JSON")
                .contains("\"type\":\"invalid_request_error\"", "\"param\":null", "\"code\":\"invalid_request\"");
    }

    @Test
    void malformedFieldsAre400NamingTheField() throws Exception {
        var e = catchThrowableOfType(BadRequestException.class, () -> h.openai.chat().completions().create(
                ChatCompletionCreateParams.builder().model("alpha-model").addUserMessage("Hi").n(2).build()));
        assertOpenAiBody(e, 400, "invalid_request");
        assertThat(e.param()).hasValue("n");

        HttpResponse<String> r = h.postJson("/v1/chat/completions",
                "{\"model\":\"alpha-model\",\"temperature\":\"hot\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"param\":\"temperature\"");

        r = h.postJson("/v1/chat/completions", "{\"messages\":[{\"role\":\"wizard\",\"content\":\"Hi\"}]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"param\":\"messages[0].role\"");

        r = h.postJson("/v1/chat/completions", "[1,2]");
        assertThat(r.statusCode()).isEqualTo(400);
        r = h.postJson("/v1/chat/completions", "{\"messages\":[]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"param\":\"messages\"");
    }

    @Test
    void aMissingOrWrongServerKeyIs401() throws Exception {
        var wrong = OpenAIOkHttpClient.builder().baseUrl(h.server.baseUri().toString()).apiKey("sk-wrong")
                .maxRetries(0).build();
        try {
            var e = catchThrowableOfType(UnauthorizedException.class,
                    () -> wrong.chat().completions().create(chat("alpha-model")));
            assertOpenAiBody(e, 401, "invalid_api_key");
            assertThatThrownBy(() -> wrong.models().list()).isInstanceOf(UnauthorizedException.class);
        } finally {
            wrong.close();
        }
        HttpResponse<String> r = h.send(java.net.http.HttpRequest.newBuilder(h.uri("/v1/models")).GET().build());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("www-authenticate")).hasValue("Bearer");
        assertThat(ALPHA.calls.get() + BETA.calls.get()).isZero();
    }

    @Test
    void anUnknownModelOrProviderIs404() {
        var e = catchThrowableOfType(NotFoundException.class, () -> h.openai.chat().completions().create(
                chat("no-such-model")));
        assertOpenAiBody(e, 404, "model_not_found");
        assertThat(e.getMessage()).contains("no-such-model");

        e = catchThrowableOfType(NotFoundException.class, () -> h.openai.chat().completions().create(
                chat("alpha-model").toBuilder().putAdditionalBodyProperty("provider", JsonValue.from("Gamma")).build()));
        assertOpenAiBody(e, 404, "provider_not_found");
    }

    @Test
    void anUnknownModelIsAReal404EvenWhenStreaming() throws Exception {
        HttpResponse<String> r = h.postJson("/v1/chat/completions",
                "{\"model\":\"no-such-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    }

    @Test
    void rateLimitingIs429WithRetryAfter() {
        ALPHA.script(ScriptedProvider.fails(
                new RateLimitedException("slow down", "Alpha", 429, null, Duration.ofSeconds(7))));
        var e = catchThrowableOfType(RateLimitException.class,
                () -> h.openai.chat().completions().create(chat("alpha-model")));
        assertOpenAiBody(e, 429, "rate_limited");
        assertThat(e.headers().values("retry-after")).containsExactly("7");
        assertThat(e.headers().values("x-g4j-provider")).containsExactly("Alpha");
    }

    @Test
    void everyProviderFailingIs502ListingTheAttempts() {
        ALPHA.script(ScriptedProvider.fails(new HttpStatusException("upstream broke", "Alpha", 500, "oops")));
        BETA.script(ScriptedProvider.fails(new ConnectionException("connection refused")));
        var e = catchThrowableOfType(InternalServerException.class,
                () -> h.openai.chat().completions().create(chat("shared-model")));
        assertOpenAiBody(e, 502, "all_failed");
        String body = e.body().toString();
        assertThat(body).contains("Alpha", "Beta", "http_status", "connection_failed");
        assertThat(e.headers().values("x-g4j-attempts").getFirst()).contains("=http_status", "=connection_failed");
    }

    @Test
    void aTimeoutIs504() {
        ALPHA.script(ScriptedProvider.fails(new G4jTimeoutException("no answer within 1s", "Alpha", 0, null)));
        var e = catchThrowableOfType(InternalServerException.class,
                () -> h.openai.chat().completions().create(chat("alpha-model")));
        assertOpenAiBody(e, 504, "timeout");
    }

    @Test
    void theConfiguredRequestTimeoutEndsASilentCallWith504() {
        ScriptedProvider slow = ScriptedProvider.of("Slow", null);
        slow.script(slow.silent());
        try (Harness t = Harness.start(List.of(slow), b -> b.requestTimeout(Duration.ofMillis(300)))) {
            long start = System.nanoTime();
            var e = catchThrowableOfType(InternalServerException.class,
                    () -> t.openai.chat().completions().create(chat("slow-model")));
            assertOpenAiBody(e, 504, "timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void missingProviderAuthIs401WithItsOwnCode() {
        ALPHA.script(ScriptedProvider.fails(new MissingAuthException("Alpha needs an API key (set G4J_ALPHA_API_KEY)")));
        var e = catchThrowableOfType(UnauthorizedException.class,
                () -> h.openai.chat().completions().create(chat("alpha-model")));
        assertOpenAiBody(e, 401, "missing_provider_auth");
        assertThat(e.type()).hasValue("provider_auth_error");
    }

    @Test
    void unsupportedMediaIs400() throws Exception {
        HttpResponse<String> r = h.postJson("/v1/chat/completions", "{\"model\":\"alpha-vision\",\"messages\":[{\"role\":"
                + "\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"http://169.254.169.254/x.png\"}}]}]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"code\":\"unsupported_media\"", "data URI");

        ALPHA.script((req, ctx, out) -> {
            for (Media m : req.images()) {
                ctx.load(m); // the core rejects what is not an image
            }
            out.finish("stop");
        });
        r = h.postJson("/v1/chat/completions", "{\"model\":\"alpha-vision\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:text/plain;base64,aGVsbG8=\"}}]}]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"code\":\"unsupported_media\"");

        r = h.postJson("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AAAA\",\"format\":\"wav\"}}]}]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"code\":\"unsupported_media\"");
    }

    @Test
    void anErrorAfterOutputStartedEndsTheStreamWithOneErrorEvent() {
        ALPHA.script(ScriptedProvider.failsAfter(new HttpStatusException("stream broke", "Alpha", 500, null),
                "partial", " answer"));
        List<String> deltas = new ArrayList<>();
        var e = catchThrowableOfType(SseException.class, () -> {
            try (StreamResponse<ChatCompletionChunk> s =
                    h.openai.chat().completions().createStreaming(chat("alpha-model"))) {
                s.stream().forEach(c -> c.choices().forEach(x -> x.delta().content().ifPresent(deltas::add)));
            }
        });
        assertThat(String.join("", deltas)).isEqualTo("partial answer");
        assertThat(e.getMessage()).contains("stream broke");
        assertThat(e.code()).hasValue("http_status");
    }

    @Test
    void tooManyConcurrentCallsIs503() throws Exception {
        ScriptedProvider slow = ScriptedProvider.of("Slow", null);
        slow.script(slow.silent());
        try (Harness t = Harness.start(List.of(slow), b -> b.maxConcurrentStreams(1))) {
            var first = t.http.sendAsync(t.post("/v1/chat/completions",
                    "{\"model\":\"slow-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(slow.started.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            HttpResponse<String> second = t.postJson("/v1/chat/completions",
                    "{\"model\":\"slow-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
            assertThat(second.statusCode()).isEqualTo(503);
            assertThat(second.headers().firstValue("retry-after")).hasValue("1");
            assertThat(second.body()).contains("\"code\":\"server_overloaded\"");
            first.cancel(true);
        }
    }

    @Test
    void malformedHttpGetsAnOpenAiBodyToo() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", h.server.port())) {
            socket.getOutputStream().write("GARBAGE\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("application/json",
                    "{\"error\":{\"message\":", "\"type\":\"invalid_request_error\"");
        }
    }

    /** Raw bytes to the server; the whole answer, the connection closed by the server or after 10 s. */
    static String raw(Harness t, String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", t.server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void aBrokenChunkedBodyIsA400ThatClosesTheConnection() throws Exception {
        String head = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + Harness.SERVER_KEY
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (String chunks : List.of("5\r\nabcdefgh\r\n0\r\n\r\n", "ZZ\r\n{\"model\":1}\r\n0\r\n\r\n")) {
            String answer = raw(h, head + chunks);
            assertThat(answer).as(chunks).startsWith("HTTP/1.1 400").contains("application/json",
                    "{\"error\":{\"message\":", "\"type\":\"invalid_request_error\"").doesNotContain("internal_error");
        }
    }

    @Test
    void unknownRoutesAre404AndWrongMethods405() throws Exception {
        HttpResponse<String> r = h.get("/v1/nothing");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("\"code\":\"unknown_url\"");
        r = h.get("/v1/chat/completions");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.body()).contains("\"code\":\"method_not_allowed\"");
    }
}
