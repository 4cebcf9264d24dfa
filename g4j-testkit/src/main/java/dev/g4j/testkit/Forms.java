package dev.g4j.testkit;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Parsers for the two form encodings the services receive: {@code application/x-www-form-urlencoded}
 * (also used for query strings) and {@code multipart/form-data} (RFC 7578). Used by the simulators,
 * by {@link RequestAssertions}, and by tests that want to look inside a recorded body.
 */
public final class Forms {

    private Forms() {}

    /**
     * Decodes {@code a=1&b=x+y&a=2} into names and their values in order. {@code +} is a space, as in
     * HTML forms and in the query parsers of Starlette and Flask. A field without {@code =} has the value
     * {@code ""}; empty segments are skipped.
     */
    public static Map<String, List<String>> parseUrlEncoded(String encoded) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (encoded.isEmpty()) {
            return Collections.unmodifiableMap(fields);
        }
        for (String pair : encoded.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            fields.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
        fields.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(fields);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text; // keep a broken escape as sent, so a diff shows it
        }
    }

    /** The {@code boundary} parameter of a {@code multipart/...} content type. */
    public static Optional<String> boundary(String contentType) {
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            return Optional.empty();
        }
        return parameter(contentType, "boundary");
    }

    /** A parameter of a header value such as {@code form-data; name="file"; filename="a.png"}. */
    public static Optional<String> parameter(String headerValue, String parameter) {
        List<String> segments = splitParameters(headerValue);
        for (int i = 1; i < segments.size(); i++) {
            String segment = segments.get(i).trim();
            int eq = segment.indexOf('=');
            if (eq > 0 && segment.substring(0, eq).trim().equalsIgnoreCase(parameter)) {
                return Optional.of(unquote(segment.substring(eq + 1).trim()));
            }
        }
        return Optional.empty();
    }

    /** Splits on {@code ;} outside double quotes. */
    private static List<String> splitParameters(String value) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' && (i == 0 || value.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        out.add(current.toString());
        return out;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return value;
    }

    /**
     * Splits a {@code multipart/form-data} body into its parts, using the boundary of the given content
     * type.
     *
     * @throws IllegalArgumentException when the content type has no boundary or the body is not framed
     *     by it (the message says where it went wrong)
     */
    public static List<MultipartPart> parseMultipart(String contentType, byte[] body) {
        String boundary = boundary(contentType)
                .orElseThrow(() -> new IllegalArgumentException("no multipart boundary in '" + contentType + "'"));
        return MultipartReader.parse(boundary, body);
    }

    /** Builds a {@code multipart/form-data} body; the simulators' own tests and users' fakes use it. */
    public static byte[] multipartBody(String boundary, List<MultipartPart> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (MultipartPart part : parts) {
            out.writeBytes(("--" + boundary + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            for (Header header : part.headers().fields()) {
                out.writeBytes((header.name() + ": " + header.value() + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(part.body());
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /**
     * A part with a {@code Content-Disposition: form-data} header, an optional file name and an optional
     * content type.
     */
    public static MultipartPart part(String name, Optional<String> filename, Optional<String> contentType, byte[] body) {
        StringBuilder disposition = new StringBuilder("form-data; name=\"").append(name).append('"');
        filename.ifPresent(f -> disposition.append("; filename=\"").append(f).append('"'));
        List<Header> headers = new ArrayList<>(2);
        headers.add(new Header("Content-Disposition", disposition.toString()));
        contentType.ifPresent(type -> headers.add(new Header("Content-Type", type)));
        return new MultipartPart(name, filename, contentType, Headers.of(headers), body);
    }
}
