package dev.g4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaTest {
    static final byte[] PNG = HexFormat.of().parseHex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            + "1f15c4890000000d4944415478da63f8cf00000301010018dd8db00000000049454e44ae426082");

    @Test
    void sniffsEveryAcceptedTypeFromMagicBytes() {
        assertThat(MediaTypes.sniff(PNG)).contains("image/png");
        assertThat(MediaTypes.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0})).contains("image/jpeg");
        assertThat(MediaTypes.sniff("GIF89a......".getBytes(StandardCharsets.US_ASCII))).contains("image/gif");
        assertThat(MediaTypes.sniff("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII))).contains("image/webp");
        byte[] bmp = new byte[30];
        bmp[0] = 'B';
        bmp[1] = 'M';
        assertThat(MediaTypes.sniff(bmp)).contains("image/bmp");
        assertThat(MediaTypes.sniff("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
                .getBytes(StandardCharsets.UTF_8))).contains("image/svg+xml");
        assertThat(MediaTypes.sniff("\0\0\0\u0018ftypheic\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1)))
                .contains("image/heic");
        assertThat(MediaTypes.sniff("\0\0\0\u0018ftypavif\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1)))
                .contains("image/avif");
        assertThat(MediaTypes.sniff("ID3\u0003 an mp3".getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
        assertThat(MediaTypes.sniff(new byte[0])).isEmpty();
    }

    @Test
    void loadsBytesFilesAndDataUrisAndRejectsOtherMedia(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("cat.png");
        Files.write(file, PNG);
        List<LoadedMedia> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        FakeProvider p = FakeProvider.of("P", (r, ctx, out) -> {
            for (Media m : r.images()) {
                seen.add(ctx.load(m));
            }
            out.text("ok");
        });
        try (G4j g4j = Fakes.client(List.of(p))) {
            ChatRequest r = ChatRequest.builder().provider("P")
                    .addMessage(Message.user("look", Media.of(PNG), Media.ofFile(file)))
                    .addMedia(Media.ofDataUri("data:image/png;base64," + Base64.getEncoder().encodeToString(PNG)))
                    .build();
            assertThat(g4j.chat().create(r).text()).isEqualTo("ok");
            assertThat(seen).extracting(LoadedMedia::mimeType).containsOnly("image/png");
            assertThat(seen).extracting(LoadedMedia::filename).containsExactly("image.png", "cat.png", "image.png");
            assertThat(seen.getFirst().dataUri()).startsWith("data:image/png;base64,iVBOR");

            ChatRequest bad = ChatRequest.builder().provider("P").addMessage(Message.user("x", Media.of("hello".getBytes()))).build();
            assertThatThrownBy(() -> g4j.chat().create(bad)).isInstanceOf(UnsupportedMediaException.class)
                    .hasMessageContaining("not a supported image");
            ChatRequest missing = ChatRequest.builder().provider("P").addMessage(Message.user("x", Media.ofFile(dir.resolve("no.png"))))
                    .build();
            assertThatThrownBy(() -> g4j.chat().create(missing)).isInstanceOf(UnsupportedMediaException.class)
                    .hasMessageContaining("no such file");
        }
    }

    @Test
    void refusesUrlsToPrivateAndLoopbackAddressesWhenUntrusted() {
        FakeProvider p = FakeProvider.of("P", (r, ctx, out) -> ctx.load(r.images().getFirst()));
        G4jConfig untrusted = G4jConfig.builder().configFile(java.util.Optional.empty()).environment(java.util.Map.of())
                .media(MediaPolicy.untrusted(true)).build();
        try (G4j g4j = G4j.builder().providers(List.of(p)).transport(Fakes.NO_NETWORK).config(untrusted).build()) {
            for (String url : List.of("http://127.0.0.1/x.png", "http://10.1.2.3/x.png", "http://169.254.169.254/latest",
                    "http://[::1]/x.png", "http://192.168.0.1/a.png", "http://[fd00::1]/x.png", "http://0.0.0.0/x.png")) {
                ChatRequest r = ChatRequest.builder().provider("P").addMessage(Message.user("x", Media.ofUrl(url))).build();
                assertThatThrownBy(() -> g4j.chat().create(r)).as(url).isInstanceOf(UnsupportedMediaException.class)
                        .hasMessageContaining("private or local");
            }
        }
        G4jConfig off = untrusted.toBuilder().media(MediaPolicy.untrusted(false)).build();
        try (G4j g4j = G4j.builder().providers(List.of(p)).transport(Fakes.NO_NETWORK).config(off).build()) {
            ChatRequest r = ChatRequest.builder().provider("P")
                    .addMessage(Message.user("x", Media.ofUrl("https://example.com/a.png")))
                    .build();
            assertThatThrownBy(() -> g4j.chat().create(r)).isInstanceOf(UnsupportedMediaException.class)
                    .hasMessageContaining("disabled");
        }
    }

    @Test
    void mediaRefusesWhatIsNotADataUriOrHttpUrl() {
        assertThatThrownBy(() -> Media.ofUrl("ftp://x/y.png")).isInstanceOf(UnsupportedMediaException.class);
        assertThatThrownBy(() -> Media.ofDataUri("nope")).isInstanceOf(UnsupportedMediaException.class);
        assertThat(Media.parse("https://x.test/a/b.png?x=1").filename()).contains("b.png");
        assertThat(Media.parse("data:image/png;base64,AAAA").source()).isEqualTo(Media.Source.DATA_URI);
        assertThat(Media.parse("/tmp/a.png").source()).isEqualTo(Media.Source.FILE);
    }
}
