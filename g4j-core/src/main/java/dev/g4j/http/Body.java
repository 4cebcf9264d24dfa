package dev.g4j.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/** A request body: none, raw bytes, an urlencoded form, or a multipart form. */
public sealed interface Body {

    /** No body. */
    record Empty() implements Body {}

    /** Bytes sent as they are, with their content type. */
    record Bytes(String contentType, byte[] bytes) implements Body {
        public Bytes {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /** {@code application/x-www-form-urlencoded} fields, in order. */
    record Form(List<Field> fields) implements Body {
        public Form {
            fields = List.copyOf(fields);
        }
    }

    /** {@code multipart/form-data} parts, in order. */
    record Multipart(List<Part> parts) implements Body {
        public Multipart {
            parts = List.copyOf(parts);
        }
    }

    /** One form field. */
    record Field(String name, String value) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * One multipart part. A text field has no file name; a file part has one.
     *
     * @param filename the file name, or null for a plain field
     */
    record Part(String name, String filename, String contentType, byte[] bytes) {
        public Part {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(bytes, "bytes");
        }

        /** A text field, sent as {@code text/plain; charset=utf-8} (as aiohttp and browsers do). */
        public static Part text(String name, String value) {
            return new Part(name, null, "text/plain; charset=utf-8", value.getBytes(StandardCharsets.UTF_8));
        }

        public static Part file(String name, String filename, String contentType, byte[] bytes) {
            return new Part(name, Objects.requireNonNull(filename, "filename"), contentType, bytes);
        }
    }

    static Body empty() {
        return new Empty();
    }

    static Body json(String json) {
        return new Bytes("application/json", json.getBytes(StandardCharsets.UTF_8));
    }
}
