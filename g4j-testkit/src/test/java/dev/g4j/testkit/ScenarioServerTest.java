package dev.g4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.SocketException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScenarioServerTest {

    private static final String FIXTURE_HASH = "5c1f0a9e3b7d4e2a8f6c0b1d9e4a7c35";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private ScenarioServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        http.close();
    }

    /** Rewrites a recorded URL onto the replay server, as a client with configurable base URLs would. */
    private URI local(String url) {
        URI real = URI.create(url);
        return URI.create(server.uri() + real.getRawPath() + (real.getRawQuery() == null ? "" : "?" + real.getRawQuery()));
    }

    private HttpRequest.Builder request(ExpectedRequest expected, String url) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(local(url));
        expected.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Type") || !value.startsWith("multipart/")) {
                builder.header(name, value);
            }
        });
        return builder;
    }

    private String compact(byte[] prettyJson) throws IOException {
        return mapper.writeValueAsString(mapper.readTree(prettyJson));
    }

    @Test
    void replaysADeepInfraStreamByteForByteAndFindsNoDifferences() throws Exception {
        Scenario scenario = Scenarios.find("deepinfra", "chat_stream_basic");
        server = ScenarioServer.start(scenario);
        ExpectedRequest expected = scenario.exchanges().get(0).request();
        HttpResponse<byte[]> response = http.send(request(expected, expected.url())
                .POST(HttpRequest.BodyPublishers.ofString(compact(expected.body()))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
        assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
        assertThat(response.body()).isEqualTo(Fixtures.bytes("deepinfra/chat_stream_basic.sse"));
        assertThat(server.differences()).isEmpty();
        assertThat(server.recorded()).singleElement()
                .satisfies(r -> assertThat(r.actual().header("Authorization")).hasValue("Bearer di-fixture-key-0000000000000000"));
    }

    @Test
    void reportsHeaderAndJsonBodyDifferencesReadably() throws Exception {
        Scenario scenario = Scenarios.find("deepinfra", "chat_nonstream");
        server = ScenarioServer.start(scenario);
        ExpectedRequest expected = scenario.exchanges().get(0).request();
        ObjectNode body = (ObjectNode) mapper.readTree(expected.body());
        body.put("temperature", 1).put("max_tokens", 1028.0).remove("stream");
        HttpResponse<String> response = http.send(request(expected, expected.url())
                .setHeader("Authorization", "Bearer wrong").setHeader("Accept-Language", "de")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(server.differences()).containsExactlyInAnyOrder(
                "step #0 POST https://api.deepinfra.com/v1/openai/chat/completions: header Authorization: "
                        + "expected 'Bearer <redacted, 38 chars>' but got ['Bearer <redacted, 12 chars>']",
                "step #0 POST https://api.deepinfra.com/v1/openai/chat/completions: header Accept-Language: "
                        + "expected 'en-US' but got ['de']",
                "step #0 POST https://api.deepinfra.com/v1/openai/chat/completions: $.temperature: expected float 0.7 "
                        + "but got integer 1",
                "step #0 POST https://api.deepinfra.com/v1/openai/chat/completions: $.max_tokens: expected integer 1028 "
                        + "but got float 1028.0",
                "step #0 POST https://api.deepinfra.com/v1/openai/chat/completions: $.stream: missing (expected false)");
    }

    @Test
    void replaysAJanusRunWithAMultipartUploadAndARandomSessionHash() throws Exception {
        Scenario scenario = Scenarios.find("janus", "vision_answer");
        server = ScenarioServer.start(scenario);
        String hash = "k3j9x0qpl2";
        List<ScenarioExchange> steps = scenario.exchanges();

        HttpResponse<String> page = http.send(request(steps.get(0).request(), steps.get(0).request().url()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("&quot;sessionUuid&quot;:&quot;Vb3kQp9XrT2mZ8sLw4NfA&quot;");

        ExpectedRequest upload = steps.get(1).request();
        String boundary = "clientBoundary42";
        byte[] multipart = Forms.multipartBody(boundary, List.of(Forms.part("files", Optional.of("kitten.png"),
                Optional.of("application/octet-stream"), Fixtures.bytes("janus/kitten.png"))));
        HttpResponse<String> uploaded = http.send(request(upload, upload.url().replace(FIXTURE_HASH, hash))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.body()).isEqualTo(Fixtures.text("janus/upload_response.json"));

        ExpectedRequest join = steps.get(2).request();
        String joinBody = compact(join.body()).replace(FIXTURE_HASH, hash);
        HttpResponse<String> joined = http.send(request(join, join.url())
                .POST(HttpRequest.BodyPublishers.ofString(joinBody)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(joined.body()).isEqualTo("{\"event_id\":\"d2b8e4f1a6c94f0e9b3a7c5d1e8f2a64\"}");

        ExpectedRequest data = steps.get(3).request();
        HttpResponse<byte[]> stream = http.send(request(data, data.url().replace(FIXTURE_HASH, hash)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(stream.body()).isEqualTo(Fixtures.bytes("janus/data_vision_answer.sse"));

        assertThat(server.wildcardBindings()).containsExactly(Map.entry(FIXTURE_HASH, hash));
        assertThat(server.differences()).isEmpty();
        assertThat(server.unconsumed()).isEmpty();
    }

    @Test
    void refusesASessionHashThatChangesWithinTheScenario() throws Exception {
        Scenario scenario = Scenarios.find("janus", "vision_answer");
        server = ScenarioServer.start(scenario);
        List<ScenarioExchange> steps = scenario.exchanges();
        http.send(request(steps.get(0).request(), steps.get(0).request().url()).build(), HttpResponse.BodyHandlers.discarding());
        ExpectedRequest upload = steps.get(1).request();
        byte[] multipart = Forms.multipartBody("b", List.of(Forms.part("files", Optional.of("kitten.png"),
                Optional.of("application/octet-stream"), Fixtures.bytes("janus/kitten.png"))));
        http.send(request(upload, upload.url().replace(FIXTURE_HASH, "first"))
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart)).build(), HttpResponse.BodyHandlers.discarding());
        ExpectedRequest join = steps.get(2).request();
        http.send(request(join, join.url()).POST(HttpRequest.BodyPublishers.ofString(
                compact(join.body()).replace(FIXTURE_HASH, "first"))).build(), HttpResponse.BodyHandlers.discarding());

        ExpectedRequest data = steps.get(3).request();
        HttpResponse<String> refused = http.send(request(data, data.url().replace(FIXTURE_HASH, "second")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(599);
        assertThat(refused.body()).contains("session_hash was 'second' but an earlier request used 'first'");
        assertThat(server.mismatches()).hasSize(1);
        assertThat(server.unconsumed()).hasSize(1);
    }

    @Test
    void answers599ToAnUnexpectedRequestAndToRequestsBeyondTheScript() throws Exception {
        server = ScenarioServer.start(Scenarios.find("deepinfra", "models_featured"));
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(server.uri().resolve("/models/list")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(599);
        assertThat(wrong.body()).contains("expected path /models/featured but got /models/list");
        HttpResponse<String> right = http.send(HttpRequest.newBuilder(server.uri().resolve("/models/featured")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(right.body()).isEqualTo(Fixtures.text("deepinfra/models_featured.json"));
        HttpResponse<String> extra = http.send(HttpRequest.newBuilder(server.uri().resolve("/models/featured")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(extra.statusCode()).isEqualTo(599);
        assertThat(server.mismatches()).hasSize(2);
        assertThat(server.mismatches().get(1).expected()).isEmpty();
        assertThat(server.differences()).hasSize(2).allMatch(line -> line.startsWith("mismatch: "));
    }

    @Test
    void replaysReplicatePollingInOrder() throws Exception {
        Scenario scenario = Scenarios.find("replicate", "image_multi_poll");
        server = ScenarioServer.start(scenario);
        List<Integer> statuses = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (ScenarioExchange step : scenario.exchanges()) {
            ExpectedRequest expected = step.request();
            HttpRequest.Builder builder = request(expected, expected.url());
            if (expected.hasBody()) {
                builder.POST(HttpRequest.BodyPublishers.ofString(compact(expected.body())));
            }
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            statuses.add(response.statusCode());
            bodies.add(response.body());
        }
        assertThat(statuses).containsExactly(201, 200, 200, 200);
        assertThat(bodies.get(3)).isEqualTo(Fixtures.text("replicate/poll_image_3_succeeded.json"));
        assertThat(server.differences()).isEmpty();
    }

    @Test
    void comparesDynasparkFormsFieldByFieldAndMultipartPartByPart() throws Exception {
        Scenario text = Scenarios.find("dynaspark", "text_ok");
        server = ScenarioServer.start(text);
        ExpectedRequest expected = text.exchanges().get(0).request();
        String reordered = "ai_model=gemini-1.5-flash&user_input="
                + URLEncoder.encode(Forms.parseUrlEncoded(expected.bodyText()).get("user_input").get(0),
                        StandardCharsets.UTF_8);
        http.send(request(expected, expected.url()).POST(HttpRequest.BodyPublishers.ofString(reordered)).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(server.differences()).isEmpty();
        server.close();

        Scenario vision = Scenarios.find("dynaspark", "vision_ok");
        server = ScenarioServer.start(vision);
        ExpectedRequest form = vision.exchanges().get(0).request();
        byte[] body = Forms.multipartBody("xyz", List.of(
                Forms.part("user_input", Optional.empty(), Optional.of("text/plain; charset=utf-8"),
                        "What animal is in this picture?".getBytes(StandardCharsets.UTF_8)),
                Forms.part("ai_model", Optional.empty(), Optional.of("text/plain; charset=utf-8"),
                        "gemini-2.0-flash".getBytes(StandardCharsets.UTF_8)),
                Forms.part("file", Optional.of("cat.png"), Optional.of("image/png"), new byte[] {1, 2, 3})));
        http.send(request(form, form.url()).header("Content-Type", "multipart/form-data; boundary=xyz")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(server.differences()).hasSize(2)
                .anySatisfy(line -> assertThat(line).contains("part 2 (file): filename expected kitten.png but got cat.png"))
                .anySatisfy(line -> assertThat(line).contains("part 2 (file): expected 74 bytes but got 3 bytes"));
    }

    @Test
    void endsAClosedStreamWithoutTheLastChunkOrByClosingWhenCloseDelimited() throws Exception {
        Scenario scenario = Scenarios.find("deepinfra", "chat_stream_truncated");
        server = ScenarioServer.start(scenario);
        ExpectedRequest expected = scenario.exchanges().get(0).request();
        assertThatThrownBy(() -> http.send(request(expected, expected.url())
                .POST(HttpRequest.BodyPublishers.ofString(compact(expected.body()))).build(),
                HttpResponse.BodyHandlers.ofByteArray())).isInstanceOf(IOException.class);
        server.close();

        server = ScenarioServer.builder(scenario).streamFraming(Response.Framing.CLOSE_DELIMITED).start();
        HttpResponse<byte[]> response = http.send(request(expected, expected.url())
                .POST(HttpRequest.BodyPublishers.ofString(compact(expected.body()))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.body()).isEqualTo(Fixtures.bytes("deepinfra/chat_stream_truncated.sse"));
    }

    @Test
    void resetsTheConnectionAfterTheEventWhenTheFixtureSaysSo() throws Exception {
        server = ScenarioServer.start(Scenarios.find("janus", "session_not_found"));
        String join = "{\"data\":[],\"session_hash\":\"abc\"}";
        try (RawClient client = new RawClient(server.port())) {
            client.send("POST /gradio_api/queue/join?__theme=light HTTP/1.1\r\nHost: x\r\nContent-Length: "
                    + join.length() + "\r\n\r\n" + join);
            assertThat(client.readResponse().status()).isEqualTo(200);
            client.send("GET /gradio_api/queue/data?session_hash=abc HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.readHead().status()).isEqualTo(200);
            client.readLine();
            assertThat(client.readLine()).contains("404: Session not found.");
            assertThatThrownBy(() -> {
                while (client.read() >= 0) {
                    // until the reset
                }
            }).isInstanceOf(SocketException.class);
        }
    }

    @Test
    void throttlesEventsSoThatTheyArriveIncrementally() throws Exception {
        Scenario scenario = Scenarios.find("janus", "generating_diffs");
        server = ScenarioServer.builder(scenario).eventDelay(Duration.ofMillis(60)).start();
        ExpectedRequest join = scenario.exchanges().get(0).request();
        http.send(request(join, join.url()).POST(HttpRequest.BodyPublishers.ofString(compact(join.body()))).build(),
                HttpResponse.BodyHandlers.discarding());
        ExpectedRequest data = scenario.exchanges().get(1).request();
        long start = System.nanoTime();
        List<Long> arrivals = new ArrayList<>();
        HttpResponse<InputStream> response = http.send(request(data, data.url()).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            lines.lines().filter(l -> l.startsWith("data: "))
                    .forEach(l -> arrivals.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
        }
        assertThat(arrivals).hasSize(10);
        assertThat(arrivals.get(9) - arrivals.get(0)).isGreaterThanOrEqualTo(9 * 55);
        assertThat(server.differences()).isEmpty();
    }

    @Test
    void servesEveryStepOfEveryScenarioWithTheFixtureBytes() throws Exception {
        int steps = 0;
        for (String service : Scenarios.services()) {
            for (Scenario scenario : Scenarios.load(service)) {
                try (ScenarioServer replay = ScenarioServer.builder(scenario)
                        .streamFraming(Response.Framing.CLOSE_DELIMITED).start()) {
                    for (ScenarioExchange step : scenario.exchanges()) {
                        steps++;
                        assertStepServed(replay, scenario, step);
                    }
                    assertThat(replay.unconsumed()).as(scenario.id()).isEmpty();
                    assertThat(replay.mismatches()).as(scenario.id()).isEmpty();
                }
            }
        }
        assertThat(steps).isEqualTo(176);
    }

    private void assertStepServed(ScenarioServer replay, Scenario scenario, ScenarioExchange step) throws IOException {
        ExpectedRequest expected = step.request();
        ScriptedResponse scripted = step.response();
        String label = scenario.service() + "/" + scenario.id() + " " + step.label();
        String body = new String(expected.body(), StandardCharsets.ISO_8859_1);
        try (RawClient client = new RawClient(replay.port())) {
            client.send(expected.method() + " " + expected.target() + " HTTP/1.1\r\nHost: x\r\nContent-Length: "
                    + body.length() + "\r\nConnection: close\r\n\r\n" + body);
            RawClient.RawResponse response;
            if (scripted.isEventStream()) {
                RawClient.RawResponse head = client.readHead();
                response = new RawClient.RawResponse(head.status(), head.statusLine(), head.headers(),
                        readUntilEndOrReset(client));
            } else {
                response = client.readResponse();
            }
            assertThat(response.status()).as(label).isEqualTo(scripted.status());
            scripted.headers().forEach((name, value) -> assertThat(response.header(name)).as(label + " " + name)
                    .isEqualTo(value));
            assertThat(response.body()).as(label).isEqualTo(scripted.body());
        }
    }

    private static byte[] readUntilEndOrReset(RawClient client) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (int b = client.read(); b >= 0; b = client.read()) {
                out.write(b);
            }
        } catch (IOException reset) {
            // session_not_found ends with a reset after its bytes
        }
        return out.toByteArray();
    }
}
