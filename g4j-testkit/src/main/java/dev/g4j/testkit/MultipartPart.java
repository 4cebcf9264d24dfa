package dev.g4j.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * One part of a {@code multipart/form-data} body.
 *
 * @param name the {@code name} parameter of the part's {@code Content-Disposition}
 * @param filename the {@code filename} parameter, when the part is a file
 * @param contentType the part's {@code Content-Type}, when it has one
 * @param headers every header of the part, in order
 * @param body the part's bytes (a copy is returned by the accessor)
 */
public record MultipartPart(
        String name, Optional<String> filename, Optional<String> contentType, Headers headers, byte[] body) {

    /** Validates and copies the body. */
    public MultipartPart {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(headers, "headers");
        body = body.clone();
    }

    /** A copy of the part's bytes. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The number of bytes in the part. */
    public int size() {
        return body.length;
    }

    /** The part's bytes decoded as UTF-8. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "MultipartPart[name=" + name + ", filename=" + filename.orElse("-") + ", contentType="
                + contentType.orElse("-") + ", " + body.length + " bytes]";
    }
}
