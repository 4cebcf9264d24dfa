package dev.g4j;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A picture given by the caller: bytes, a file, a {@code data:} URI or an http(s) URL. Nothing is read
 * or fetched when a {@code Media} is made; providers load it through their call context, which sniffs
 * the type from the bytes and rejects what is not an accepted image with
 * {@link UnsupportedMediaException}.
 */
public final class Media {
    /** Where the bytes come from. */
    public enum Source {
        BYTES,
        FILE,
        DATA_URI,
        URL
    }

    private final Source source;
    private final byte[] bytes;
    private final String reference;
    private final String filename;

    private Media(Source source, byte[] bytes, String reference, String filename) {
        this.source = source;
        this.bytes = bytes;
        this.reference = reference;
        this.filename = filename;
    }

    public static Media of(byte[] bytes) {
        return of(bytes, null);
    }

    /** @param filename a name to send along (a hint only; the type comes from the bytes), or null */
    public static Media of(byte[] bytes, String filename) {
        Objects.requireNonNull(bytes, "bytes");
        return new Media(Source.BYTES, bytes.clone(), null, filename);
    }

    public static Media ofFile(Path path) {
        Objects.requireNonNull(path, "path");
        Path name = path.getFileName();
        return new Media(Source.FILE, null, path.toString(), name == null ? null : name.toString());
    }

    public static Media ofDataUri(String uri) {
        Objects.requireNonNull(uri, "uri");
        if (!uri.regionMatches(true, 0, "data:", 0, 5)) {
            throw new UnsupportedMediaException("not a data URI: " + abbreviate(uri));
        }
        return new Media(Source.DATA_URI, null, uri, null);
    }

    public static Media ofUrl(String url) {
        Objects.requireNonNull(url, "url");
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            throw new UnsupportedMediaException("not an http(s) URL: " + abbreviate(url));
        }
        return new Media(Source.URL, null, url, fileNameOf(url));
    }

    /** A data URI, an http(s) URL, or else a file path. */
    public static Media parse(String reference) {
        String lower = reference.toLowerCase(Locale.ROOT);
        if (lower.startsWith("data:")) {
            return ofDataUri(reference);
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return ofUrl(reference);
        }
        return ofFile(Path.of(reference));
    }

    public Source source() {
        return source;
    }

    /** The file name to send with the bytes, when one is known. */
    public Optional<String> filename() {
        return Optional.ofNullable(filename);
    }

    /** The bytes, for {@link Source#BYTES} media. */
    public Optional<byte[]> bytes() {
        return bytes == null ? Optional.empty() : Optional.of(bytes.clone());
    }

    /** The path, data URI or URL this media was made from; empty for bytes. */
    public Optional<String> reference() {
        return Optional.ofNullable(reference);
    }

    /** The URL, for {@link Source#URL} media. */
    public Optional<String> url() {
        return source == Source.URL ? Optional.of(reference) : Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Media m
                && source == m.source
                && Arrays.equals(bytes, m.bytes)
                && Objects.equals(reference, m.reference)
                && Objects.equals(filename, m.filename);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, Arrays.hashCode(bytes), reference, filename);
    }

    @Override
    public String toString() {
        return switch (source) {
            case BYTES -> "Media[" + bytes.length + " bytes" + (filename == null ? "" : ", " + filename) + "]";
            case DATA_URI -> "Media[" + abbreviate(reference) + "]";
            default -> "Media[" + reference + "]";
        };
    }

    static String abbreviate(String s) {
        return s.length() <= 48 ? s : s.substring(0, 45) + "...";
    }

    private static String fileNameOf(String url) {
        int end = url.length();
        for (char c : new char[] {'?', '#'}) {
            int i = url.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String path = url.substring(0, end);
        int slash = path.lastIndexOf('/');
        String name = slash >= 0 ? path.substring(slash + 1) : "";
        return name.isEmpty() || path.indexOf("//") == slash - 1 ? null : name;
    }
}
