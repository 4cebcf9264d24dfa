package dev.g4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.g4j.HttpStatusException;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The exact bytes of the SSE stream, read with the JDK's HTTP client. */
class SseWireIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ScriptedProvider ALPHA = ScriptedProvider.of("Alpha", ScriptedProvider.says("Hel\"lo", "\n", "wörld 🌍"));
    static Harness h;

    @BeforeAll
    static void start() {
        h = Harness.start(List.of(ALPHA));
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    static String body(boolean includeUsage) {
        return "{\"model\":\"alpha-model\",\"stream\":true," + (includeUsage ? "\"stream_options\":{\"include_usage\":true},"
                : "") + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    }

    /** The events of a complete body: each must be {@code data: ...} followed by a blank line. */
    static List<String> events(String body) {
        assertThat(body).endsWith("\n\n");
        List<String> events = new ArrayList<>(Arrays.asList(body.split("\n\n", -1)));
        events.removeLast();
        for (String e : events) {
            assertThat(e).startsWith("data: ").doesNotContain("\n");
        }
        return events.stream().map(e -> e.substring("data: ".length())).toList();
    }

    @Test
    void framesChunksExactlyAsOpenAiDoes() throws Exception {
        ALPHA.script(ScriptedProvider.says("Hel\"lo", "\n", "wörld 🌍"));
        HttpResponse<String> r = h.postJson("/v1/chat/completions", body(false));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
        assertThat(r.headers().firstValue("cache-control")).hasValue("no-cache");
        assertThat(r.headers().firstValue("x-g4j-provider")).hasValue("Alpha");

        List<String> events = events(r.body());
        assertThat(events).hasSize(6).last().isEqualTo("[DONE]");
        String id = JSON.readTree(events.getFirst()).get("id").asText();
        assertThat(id).matches("chatcmpl-[A-Za-z0-9]{24}");
        String created = JSON.readTree(events.getFirst()).get("created").asText();
        String prefix = "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":" + created
                + ",\"model\":\"alpha-model\",\"provider\":\"Alpha\",\"system_fingerprint\":null,"
                + "\"choices\":[{\"index\":0,\"delta\":";
        assertThat(events.get(0)).isEqualTo(prefix
                + "{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}");
        assertThat(events.get(1)).isEqualTo(prefix
                + "{\"content\":\"Hel\\\"lo\"},\"logprobs\":null,\"finish_reason\":null}]}");
        assertThat(events.get(2)).isEqualTo(prefix + "{\"content\":\"\\n\"},\"logprobs\":null,\"finish_reason\":null}]}");
        assertThat(JSON.readTree(events.get(3)).at("/choices/0/delta/content").asText()).isEqualTo("wörld 🌍");
        assertThat(events.get(4)).isEqualTo(prefix + "{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}");
    }

    @Test
    void addsAUsageOnlyChunkBeforeDoneWhenAsked() throws Exception {
        ALPHA.script(ScriptedProvider.says("a", "b"));
        List<String> events = events(h.postJson("/v1/chat/completions", body(true)).body());
        JsonNode usage = JSON.readTree(events.get(events.size() - 2));
        assertThat(usage.get("choices").isArray() && usage.get("choices").isEmpty()).isTrue();
        assertThat(usage.get("usage").get("prompt_tokens").asInt()).isEqualTo(7);
        assertThat(usage.get("usage").get("completion_tokens").asInt()).isEqualTo(2);
        assertThat(usage.get("usage").get("total_tokens").asInt()).isEqualTo(9);
        assertThat(JSON.readTree(events.get(events.size() - 3)).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(events.getLast()).isEqualTo("[DONE]");
        // as OpenAI does: every other chunk says "usage":null
        for (String e : events.subList(0, events.size() - 2)) {
            assertThat(e).as(e).endsWith(",\"usage\":null}");
            assertThat(JSON.readTree(e).get("usage").isNull()).isTrue();
        }
        // without include_usage, no chunk carries usage
        events = events(h.postJson("/v1/chat/completions", body(false)).body());
        assertThat(events).noneMatch(e -> e.contains("\"usage\""));
    }

    @Test
    void holdsStatusBeforeOutputAndSendsItAfterTheRoleChunk() throws Exception {
        ALPHA.script((req, ctx, out) -> {
            out.status("Queue position 2");
            out.emit(new dev.g4j.ChatEvent.Progress("steps", 1, 4));
            out.text("done");
            out.finish("stop");
        });
        List<String> events = events(h.postJson("/v1/chat/completions", body(false)).body());
        assertThat(JSON.readTree(events.get(0)).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(JSON.readTree(events.get(1)).at("/choices/0/delta/g4j_status").asText()).isEqualTo("Queue position 2");
        JsonNode progress = JSON.readTree(events.get(2)).at("/choices/0/delta/g4j_progress");
        assertThat(progress.get("done").asInt()).isEqualTo(1);
        assertThat(progress.get("total").asInt()).isEqualTo(4);
        assertThat(JSON.readTree(events.get(3)).at("/choices/0/delta/content").asText()).isEqualTo("done");
    }

    @Test
    void endsAFailedStreamWithOneErrorEventAndNoDone() throws Exception {
        ALPHA.script(ScriptedProvider.failsAfter(new HttpStatusException("the service broke", "Alpha", 503, null),
                "partial"));
        HttpResponse<String> r = h.postJson("/v1/chat/completions", body(true));
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> events = events(r.body());
        assertThat(events).hasSize(3).doesNotContain("[DONE]");
        JsonNode error = JSON.readTree(events.getLast()).get("error");
        assertThat(error.get("message").asText()).isEqualTo("Alpha: the service broke");
        assertThat(error.get("type").asText()).isEqualTo("upstream_error");
        assertThat(error.get("code").asText()).isEqualTo("http_status");
        assertThat(error.has("param")).isTrue();
    }

    @Test
    void sendsImagesAsMarkdownContentAndAsAList() throws Exception {
        ALPHA.script(ScriptedProvider.image("https://img.test/cat.png"));
        List<String> events = events(h.postJson("/v1/chat/completions", body(false)).body());
        JsonNode delta = events.stream().map(SseWireIT::tree).map(n -> n.at("/choices/0/delta"))
                .filter(d -> d.has("g4j_images")).findFirst().orElseThrow();
        assertThat(delta.get("content").asText()).isEqualTo("![](https://img.test/cat.png)\n");
        assertThat(delta.get("g4j_images").get(0).get("url").asText()).isEqualTo("https://img.test/cat.png");
    }

    @Test
    void deliversEachChunkAsItIsProduced() throws Exception {
        CountDownLatch firstRead = new CountDownLatch(1);
        ALPHA.script((req, ctx, out) -> {
            out.text("one");
            if (!firstRead.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the first chunk was not delivered on its own");
            }
            out.text("two");
            out.finish("stop");
        });
        HttpResponse<InputStream> r = h.http.send(h.post("/v1/chat/completions", body(false)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
                if (line.contains("\"content\":\"one\"")) {
                    firstRead.countDown();
                }
            }
        }
        assertThat(lines).anyMatch(l -> l.contains("\"content\":\"two\"")).contains("data: [DONE]");
    }

    static JsonNode tree(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(s, e);
        }
    }
}
