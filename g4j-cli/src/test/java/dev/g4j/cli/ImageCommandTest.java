package dev.g4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.g4j.ChatEvent;
import dev.g4j.testkit.LoopbackServer;
import dev.g4j.testkit.Response;
import dev.g4j.testkit.Router;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCommandTest {
    /** A 1×1 PNG. */
    static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
    /** A minimal JPEG header and end: enough for the type sniffing. */
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1,
        1, 0, 0, 1, 0, 1, 0, 0, (byte) 0xFF, (byte) 0xD9};

    static ScriptedProvider painter(String... urls) {
        return ScriptedProvider.of("Painter", (req, ctx, out) -> {
            for (int i = 1; i <= 4; i++) {
                out.emit(new ChatEvent.Progress("denoising", i, 4));
            }
            out.emit(new ChatEvent.ImageOutput(List.of(urls), req.imagePrompt().orElse("")));
        });
    }

    static String dataUri(byte[] bytes) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void aDataUriImageIsSavedWithItsExactBytesAndItsPathPrinted(@TempDir Path dir) throws Exception {
        Harness.Result r = Harness.with(painter(dataUri(PNG))).workingDir(dir).run("image", "-o", "cat.png", "a", "cat");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo(dir.resolve("cat.png") + "\n");
        assertThat(Files.readAllBytes(dir.resolve("cat.png"))).isEqualTo(PNG);
        assertThat(r.stderr()).contains("denoising [######------------------] 1/4").contains("4/4 100%")
                .contains("saved 1 image from Painter (painter-image)");
    }

    /** Gradio spaces send a status beside each progress message that says the same ("denoising 2/4"). */
    static ScriptedProvider gradioLike() {
        return ScriptedProvider.of("Painter", (req, ctx, out) -> {
            out.status("Queued");
            for (int i = 1; i <= 2; i++) {
                out.emit(new ChatEvent.Progress("denoising", i, 2));
                out.status("denoising " + i + "/2");
            }
            out.emit(new ChatEvent.ImageOutput(List.of(dataUri(PNG)), req.imagePrompt().orElse("")));
        });
    }

    @Test
    void onATerminalAStatusThatRestatesTheProgressNeverHidesTheBar(@TempDir Path dir) {
        Harness.Result r = Harness.with(gradioLike()).workingDir(dir).tty(false, false, true).run("image", "a cat");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stderr()).startsWith("\r\u001b[KQueued\r\u001b[Kdenoising [############------------] 1/2  50%"
                + "\r\u001b[Kdenoising [########################] 2/2 100%\r\u001b[K")
                .doesNotContain("\u001b[Kdenoising 1/2").doesNotContain("\u001b[Kdenoising 2/2");
    }

    @Test
    void offATerminalARestatedProgressIsOneLine(@TempDir Path dir) {
        Harness.Result r = Harness.with(gradioLike()).workingDir(dir).run("image", "a cat");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stderr()).startsWith("Queued\ndenoising [############------------] 1/2  50%\n"
                + "denoising [########################] 2/2 100%\nsaved 1 image");
    }

    @Test
    void onATerminalAStatusWordStandsBesideTheBar(@TempDir Path dir) {
        ScriptedProvider poller = ScriptedProvider.of("Painter", (req, ctx, out) -> {
            out.emit(new ChatEvent.Progress("poll", 1, 4));
            out.status("processing (poll 1/4)");
            out.emit(new ChatEvent.ImageOutput(List.of(dataUri(PNG)), req.imagePrompt().orElse("")));
        });
        Harness.Result r = Harness.with(poller).workingDir(dir).tty(false, false, true).run("image", "a fox");

        assertThat(r.stderr()).contains("\r\u001b[Kpoll [######------------------] 1/4  25%  processing (poll 1/4)");
    }

    @Test
    void anExistingFileIsNeverOverwritten(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("cat.png"), "precious");
        Harness.Result r = Harness.with(painter(dataUri(PNG))).workingDir(dir).run("image", "-o", "cat.png", "a cat");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(Files.readString(dir.resolve("cat.png"))).isEqualTo("precious");
        assertThat(r.stdout()).isEqualTo(dir.resolve("cat-1.png") + "\n");
        assertThat(Files.readAllBytes(dir.resolve("cat-1.png"))).isEqualTo(PNG);
    }

    @Test
    void httpImagesAreDownloadedThroughTheTransportIntoADirectory(@TempDir Path dir) throws Exception {
        try (LoopbackServer cdn = LoopbackServer.start(Router.create()
                .get("/out/1.png", Response.of(200).header("Content-Type", "image/png").body(PNG))
                .get("/out/2.jpg", Response.of(200).header("Content-Type", "image/jpeg").body(JPEG)))) {
            Harness.Result r = Harness.with(painter(cdn.uri("/out/1.png").toString(), cdn.uri("/out/2.jpg").toString()))
                    .realTransport().workingDir(dir).run("image", "-o", "shots/", "two", "cats");

            assertThat(r.exit()).as(r.toString()).isZero();
            List<Path> saved = r.stdout().lines().map(Path::of).toList();
            assertThat(saved).hasSize(2).allSatisfy(p -> assertThat(p.getParent()).isEqualTo(dir.resolve("shots")));
            assertThat(saved.get(0).getFileName().toString()).startsWith("g4j-").endsWith(".png");
            assertThat(saved.get(1).getFileName().toString()).endsWith(".jpg");
            assertThat(Files.readAllBytes(saved.get(0))).isEqualTo(PNG);
            assertThat(Files.readAllBytes(saved.get(1))).isEqualTo(JPEG);
            assertThat(cdn.requestCount()).isEqualTo(2);
        }
    }

    @Test
    void aFailedDownloadIsAnUpstreamError(@TempDir Path dir) {
        try (LoopbackServer cdn = LoopbackServer.start(Router.create().get("/gone.png", Response.text(404, "gone")))) {
            Harness.Result r = Harness.with(painter(cdn.uri("/gone.png").toString())).realTransport().workingDir(dir)
                    .run("image", "a cat");

            assertThat(r.exit()).as(r.toString()).isEqualTo(5);
            assertThat(r.stdout()).isEmpty();
            assertThat(r.stderr()).contains("404");
        }
    }

    @Test
    void anAnswerWithoutImagesEndsWithFive(@TempDir Path dir) {
        Harness.Result r = Harness.with(painter()).workingDir(dir).run("image", "a cat");

        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.stderr()).contains("no image was generated").contains("(empty_output)");
    }

    @Test
    void thePromptMayComeFromStdin(@TempDir Path dir) {
        ScriptedProvider p = painter(dataUri(PNG));
        Harness.Result r = Harness.with(p).workingDir(dir).stdin("a red fox\n").run("image");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(p.requests.getFirst().imagePrompt()).hasValue("a red fox");
    }
}
