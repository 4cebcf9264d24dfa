package dev.g4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DynasparkSimulatorTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private DynasparkSimulator dynaspark;

    @AfterEach
    void tearDown() {
        if (dynaspark != null) {
            assertThat(dynaspark.loopback().failures()).isEmpty();
            dynaspark.close();
        }
        http.close();
    }

    private HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(dynaspark.uri().resolve(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersUrlencodedAndMultipartFormsAndRecordsTheirFields() throws Exception {
        dynaspark = DynasparkSimulator.builder().start();
        dynaspark.enqueueAnswers("first", "second");
        HttpResponse<String> text = post("/dsai_fuck_u_spammer", "application/x-www-form-urlencoded",
                Fixtures.bytes("dynaspark/request_text.urlencoded.txt"));
        assertThat(text.body()).isEqualTo("{\"response\":\"first\"}");

        byte[] form = Forms.multipartBody("b0", List.of(
                Forms.part("user_input", Optional.empty(), Optional.of("text/plain; charset=utf-8"),
                        "What animal?".getBytes(StandardCharsets.UTF_8)),
                Forms.part("ai_model", Optional.empty(), Optional.of("text/plain; charset=utf-8"),
                        "gemini-2.0-flash".getBytes(StandardCharsets.UTF_8)),
                Forms.part("file", Optional.of("kitten.png"), Optional.of("image/png"), Fixtures.bytes("janus/kitten.png"))));
        assertThat(post("/dsai_fuck_u_spammer", "multipart/form-data; boundary=b0", form).body())
                .isEqualTo("{\"response\":\"second\"}");

        assertThat(dynaspark.submissions()).hasSize(2);
        assertThat(dynaspark.submissions().get(0).userInput()).startsWith("User: Hi\nAssistant: Hello!");
        assertThat(dynaspark.submissions().get(0).aiModel()).isEqualTo("gemini-1.5-flash");
        DynasparkSubmission vision = dynaspark.submissions().get(1);
        assertThat(vision.multipart()).isTrue();
        assertThat(vision.file()).hasValueSatisfying(f -> assertThat(f.body()).isEqualTo(Fixtures.bytes("janus/kitten.png")));
    }

    @Test
    void answersWrongPathsAndMethodsWithWerkzeugPagesAndInjectsFaults() throws Exception {
        dynaspark = DynasparkSimulator.builder().start();
        HttpResponse<String> old = post("/generate_response", "application/x-www-form-urlencoded", new byte[0]);
        assertThat(old.statusCode()).isEqualTo(404);
        assertThat(old.body()).isEqualTo(Fixtures.text("dynaspark/error_404_flask.html"));
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(dynaspark.formUri()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.body()).isEqualTo(Fixtures.text("dynaspark/error_405_flask.html"));
        assertThat(post("/dsai_fuck_u_spammer", "application/x-www-form-urlencoded", "a=b".getBytes()).statusCode())
                .isEqualTo(400);

        dynaspark.failNext(Fault.page(502, "dynaspark/error_502_render.html"));
        HttpResponse<String> down = post("/dsai_fuck_u_spammer", "application/x-www-form-urlencoded",
                Fixtures.bytes("dynaspark/request_text.urlencoded.txt"));
        assertThat(down.statusCode()).isEqualTo(502);
        assertThat(down.body()).isEqualTo(Fixtures.text("dynaspark/error_502_render.html"));
    }

    private static byte[] visionForm(Optional<String> filename, String type) {
        return Forms.multipartBody("b1", List.of(
                Forms.part("user_input", Optional.empty(), Optional.of("text/plain; charset=utf-8"),
                        "What animal?".getBytes(StandardCharsets.UTF_8)),
                Forms.part("ai_model", Optional.empty(), Optional.of("text/plain; charset=utf-8"),
                        "gemini-2.0-flash".getBytes(StandardCharsets.UTF_8)),
                Forms.part("file", filename, Optional.of(type), Fixtures.bytes("janus/kitten.png"))));
    }

    @Test
    void failsAFileThatIsNotLabelledWithItsImageTypeAndIgnoresAFilePartWithoutAFilename() throws Exception {
        dynaspark = DynasparkSimulator.builder().start();
        String multipart = "multipart/form-data; boundary=b1";
        HttpResponse<String> octets = post("/dsai_fuck_u_spammer", multipart,
                visionForm(Optional.of("kitten.png"), "application/octet-stream"));
        assertThat(octets.statusCode()).isEqualTo(500);
        assertThat(octets.body()).isEqualTo(Fixtures.text("dynaspark/error_500_flask.html"));
        assertThat(post("/dsai_fuck_u_spammer", multipart, visionForm(Optional.of("kitten.png"), "image/jpeg"))
                .statusCode()).isEqualTo(500);

        HttpResponse<String> noName = post("/dsai_fuck_u_spammer", multipart, visionForm(Optional.empty(), "image/png"));
        assertThat(noName.statusCode()).isEqualTo(200);
        assertThat(dynaspark.submissions().getLast().file()).isEmpty();
        assertThat(post("/dsai_fuck_u_spammer", multipart, visionForm(Optional.of("kitten.png"), "image/png"))
                .statusCode()).isEqualTo(200);
    }
}
