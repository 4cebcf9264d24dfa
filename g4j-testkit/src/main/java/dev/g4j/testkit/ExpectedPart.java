package dev.g4j.testkit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One part of a multipart request body that a scenario expects.
 *
 * @param name the form field name
 * @param filename the file name, for file parts
 * @param contentType the part's content type, when the fixture gives one
 * @param headers the part headers the fixture lists (may be empty)
 * @param body the part's bytes (a copy is returned by the accessor)
 * @param source where the bytes came from: a fixture path, or {@code inline}
 */
public record ExpectedPart(
        String name,
        Optional<String> filename,
        Optional<String> contentType,
        Map<String, String> headers,
        byte[] body,
        String source) {

    /** Validates and copies. */
    public ExpectedPart {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(contentType, "contentType");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        body = body.clone();
        Objects.requireNonNull(source, "source");
    }

    /** A copy of the expected bytes. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public String toString() {
        return "ExpectedPart[name=" + name + ", filename=" + filename.orElse("-") + ", contentType="
                + contentType.orElse("-") + ", " + body.length + " bytes from " + source + "]";
    }
}
