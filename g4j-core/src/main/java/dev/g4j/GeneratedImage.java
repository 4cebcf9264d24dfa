package dev.g4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One generated image: where it is ({@code url}: http(s) or a data URI), its base64 form when asked for,
 * and ways to get its bytes or save it. Downloads go through the provider's transport and proxy.
 */
public final class GeneratedImage {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final String url;
    private final String b64;
    private final String prompt;
    private final Function<String, byte[]> downloader;
    private final String provider;

    GeneratedImage(String url, String b64, String prompt, String provider, Function<String, byte[]> downloader) {
        this.url = Objects.requireNonNull(url);
        this.provider = provider;
        this.b64 = b64;
        this.prompt = Objects.requireNonNull(prompt);
        this.downloader = Objects.requireNonNull(downloader);
    }

    /** The image's URL as the service gave it: http(s), or a {@code data:} URI. */
    public String url() {
        return url;
    }

    /** The base64 of the bytes, when the request asked for {@link ImageRequest.Format#B64_JSON}. */
    public Optional<String> b64Json() {
        return Optional.ofNullable(b64);
    }

    /** The prompt that made it. */
    public String prompt() {
        return prompt;
    }

    /**
     * The image's bytes: decoded from base64 or a data URI, or downloaded.
     *
     * @throws MalformedResponseException ({@code invalid_response}) when the service's data URI cannot be
     *     decoded, or what it pointed to is not an image (png, jpeg, gif, webp, bmp, svg, heic/avif)
     */
    public byte[] bytes() {
        if (b64 != null) {
            return Base64.getDecoder().decode(b64);
        }
        byte[] bytes;
        if (url.regionMatches(true, 0, "data:", 0, 5)) {
            try {
                bytes = dev.g4j.internal.DataUris.decode(url);
            } catch (UnsupportedMediaException e) {
                throw new MalformedResponseException(ErrorKind.INVALID_RESPONSE,
                        "the service sent an image that cannot be decoded: " + e.getMessage(), e)
                        .attachProvider(provider);
            }
        } else {
            try {
                bytes = downloader.apply(url);
            } catch (G4jException e) {
                throw e.attachProvider(provider);
            }
        }
        if (MediaTypes.sniff(bytes).isEmpty()) {
            throw new MalformedResponseException(ErrorKind.INVALID_RESPONSE, "the service's image "
                    + this + " is not an image (" + bytes.length + " bytes of an unknown type)")
                    .attachProvider(provider);
        }
        return bytes;
    }

    /**
     * Saves the image. {@code target} is a file path, or an existing directory in which a name is
     * generated; an existing file is never overwritten (a numbered name is chosen instead).
     *
     * @return the path written
     */
    public Path save(Path target, int index) {
        byte[] bytes = bytes();
        String ext = MediaTypes.sniff(bytes).map(MediaTypes::extension).orElse("bin");
        Path base = Files.isDirectory(target)
                ? target.resolve("g4j-" + LocalDateTime.now().format(STAMP) + (index > 0 ? "-" + index : "") + "." + ext)
                : target;
        try {
            if (base.getParent() != null) {
                Files.createDirectories(base.getParent());
            }
            for (int attempt = 0; ; attempt++) {
                Path p = attempt == 0 ? base : numbered(base, attempt);
                try {
                    Files.write(p, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    return p;
                } catch (FileAlreadyExistsException e) {
                    if (attempt > 10_000) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the image to " + target + ": " + e.getMessage(), e);
        }
    }

    private static Path numbered(Path p, int n) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        return p.resolveSibling(stem + "-" + n + ext);
    }

    @Override
    public String toString() {
        return "GeneratedImage[" + (url.length() > 60 ? url.substring(0, 57) + "..." : url) + "]";
    }
}
