package dev.g4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FixturesTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void everyBodyFileThatAScenarioReferencesIsOnTheClasspath() throws Exception {
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (String service : Scenarios.services()) {
            JsonNode root = mapper.readTree(Fixtures.bytes(service + "/scenarios.json"));
            for (JsonNode scenario : root) {
                for (JsonNode exchange : scenario.path("exchanges")) {
                    for (String file : referencedFiles(service, exchange)) {
                        checked++;
                        if (!Fixtures.exists(file)) {
                            missing.add(scenario.path("id").asText() + ": " + file);
                        }
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
        assertThat(checked).isGreaterThan(150);
    }

    private List<String> referencedFiles(String service, JsonNode exchange) throws Exception {
        List<String> files = new ArrayList<>();
        for (JsonNode side : List.of(exchange.path("request"), exchange.path("response"))) {
            if (side.hasNonNull("body_file")) {
                files.add(Fixtures.resolve(service, side.get("body_file").asText()));
            }
            for (JsonNode part : side.path("multipart")) {
                files.add(Fixtures.resolve(service, part.get("body_file").asText()));
            }
            if (side.hasNonNull("multipart_file")) {
                String partsFile = Fixtures.resolve(service, side.get("multipart_file").asText());
                files.add(partsFile);
                for (JsonNode part : mapper.readTree(Fixtures.bytes(partsFile)).path("parts")) {
                    if (part.has("value_file")) {
                        files.add(Fixtures.resolve(service, part.get("value_file").asText()));
                    }
                }
            }
        }
        return files;
    }

    @Test
    void keepsEveryByteOfTheFixturesAsRecorded() {
        byte[] truncated = Fixtures.bytes("deepinfra/chat_stream_truncated.sse");
        assertThat(truncated[truncated.length - 1]).isNotEqualTo((byte) '\n');
        assertThat(Fixtures.text("deepinfra/chat_stream_sse_variants.sse")).startsWith(": keep-alive\r\n\r\n");
        byte[] png = Fixtures.bytes("janus/kitten.png");
        assertThat(png).hasSize(74);
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        assertThat(Fixtures.bytes("janus/upload_response.json")).endsWith((byte) ']');
        assertThat(Fixtures.text("dynaspark/request_text.urlencoded.txt")).endsWith("ai_model=gemini-1.5-flash");
    }

    @Test
    void resolvesParentSegmentsButNotAboveTheRoot() {
        assertThat(Fixtures.text("deepinfra/../common/bad_gateway_502.html")).contains("502");
        assertThatThrownBy(() -> Fixtures.bytes("../pom.xml")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Fixtures.find("nope/none.json")).isEmpty();
    }

    @Test
    void loadsEveryScenarioOfEveryService() {
        assertThat(Scenarios.load("deepinfra")).hasSize(33);
        assertThat(Scenarios.load("janus")).hasSize(25);
        assertThat(Scenarios.load("replicate")).hasSize(16);
        assertThat(Scenarios.load("dynaspark")).hasSize(11);
    }

    @Test
    void modelsEveryFieldTheScenariosUse() {
        Scenario vision = Scenarios.find("janus", "vision_answer");
        assertThat(vision.hosts()).containsExactly("huggingface.co", "deepseek-ai-janus-pro-7b.hf.space");
        ExpectedRequest upload = vision.exchanges().get(1).request();
        assertThat(upload.isMultipart()).isTrue();
        assertThat(upload.multipart()).singleElement().satisfies(part -> {
            assertThat(part.name()).isEqualTo("files");
            assertThat(part.filename()).hasValue("kitten.png");
            assertThat(part.contentType()).hasValue("application/octet-stream");
            assertThat(part.body()).isEqualTo(Fixtures.bytes("janus/kitten.png"));
        });
        assertThat(upload.queryParams()).containsEntry("upload_id", List.of("5c1f0a9e3b7d4e2a8f6c0b1d9e4a7c35"));
        assertThat(vision.expectedItems()).first().satisfies(item -> assertThat(item.get("type").asText()).isEqualTo("session"));

        ExpectedRequest form = Scenarios.find("dynaspark", "vision_ok").exchanges().get(0).request();
        assertThat(form.multipart()).extracting(ExpectedPart::name).containsExactly("user_input", "ai_model", "file");
        assertThat(form.multipart().get(2).filename()).hasValue("kitten.png");
        assertThat(form.multipart().get(2).contentType()).hasValue("image/png");
        assertThat(form.multipart().get(1).body()).asString(StandardCharsets.UTF_8).isEqualTo("gemini-2.0-flash");

        assertThat(Scenarios.find("deepinfra", "chat_vision_request").sameAs()).hasValue("chat_stream_basic");
        assertThat(Scenarios.find("deepinfra", "models_featured").expected().isObject()).isTrue();
        assertThat(Scenarios.find("replicate", "image_multi_poll").field("timing")).isPresent();
        assertThat(Scenarios.find("deepinfra", "error_502_html").exchanges().get(0).response().bodySource())
                .hasValue("common/bad_gateway_502.html");
        assertThat(Scenarios.find("deepinfra", "error_unsupported_content_type").exchanges().get(0).response()
                .bodyText()).isEqualTo("OK");
    }

    @Test
    void mapsEveryConnectionEndingWording() {
        assertThat(Scenarios.find("deepinfra", "chat_stream_truncated").exchanges().get(0).response().ending())
                .isEqualTo(ScriptedResponse.Ending.CLOSE);
        assertThat(Scenarios.find("janus", "truncated").exchanges().get(2).response().ending())
                .isEqualTo(ScriptedResponse.Ending.CLOSE);
        assertThat(Scenarios.find("janus", "session_not_found").exchanges().get(1).response().ending())
                .isEqualTo(ScriptedResponse.Ending.RESET);
        assertThat(Scenarios.find("janus", "vision_answer").exchanges().get(3).response().ending())
                .isEqualTo(ScriptedResponse.Ending.NORMAL);
        assertThatThrownBy(() -> ScriptedResponse.endingOf("explode")).isInstanceOf(IllegalArgumentException.class);
    }
}
