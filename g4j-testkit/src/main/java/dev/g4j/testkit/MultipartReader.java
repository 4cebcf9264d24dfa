package dev.g4j.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The multipart body parser behind {@link Forms#parseMultipart}: RFC 2046 framing, RFC 7578 fields. */
final class MultipartReader {

    private MultipartReader() {}

    static List<MultipartPart> parse(String boundary, byte[] body) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int start = indexOf(body, delimiter, 0);
        if (start < 0) {
            throw new IllegalArgumentException("the body does not contain the boundary '" + boundary + "'");
        }
        List<MultipartPart> parts = new ArrayList<>();
        int cursor = start + delimiter.length;
        while (true) {
            if (startsWith(body, cursor, "--")) {
                return List.copyOf(parts); // close delimiter; the epilogue is ignored
            }
            cursor = skipLineEnd(body, cursor);
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), cursor);
            if (headersEnd < 0) {
                throw new IllegalArgumentException("part " + parts.size() + " has no end of headers");
            }
            Headers headers = parseHeaders(new String(body, cursor, headersEnd - cursor, StandardCharsets.UTF_8));
            int contentStart = headersEnd + 4;
            byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
            int contentEnd = indexOf(body, next, contentStart);
            if (contentEnd < 0) {
                throw new IllegalArgumentException("part " + parts.size() + " is not closed by the boundary");
            }
            byte[] content = Arrays.copyOfRange(body, contentStart, contentEnd);
            parts.add(toPart(parts.size(), headers, content));
            cursor = contentEnd + next.length;
        }
    }

    private static MultipartPart toPart(int index, Headers headers, byte[] content) {
        String disposition = headers.first("Content-Disposition")
                .orElseThrow(() -> new IllegalArgumentException("part " + index + " has no Content-Disposition"));
        String name = Forms.parameter(disposition, "name")
                .orElseThrow(() -> new IllegalArgumentException("part " + index + " has no name"));
        Optional<String> filename = Forms.parameter(disposition, "filename");
        return new MultipartPart(name, filename, headers.first("Content-Type"), headers, content);
    }

    private static Headers parseHeaders(String block) {
        List<Header> headers = new ArrayList<>();
        for (String line : block.split("\r\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("malformed part header: " + line);
            }
            headers.add(new Header(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
        }
        return Headers.of(headers);
    }

    private static int skipLineEnd(byte[] body, int cursor) {
        // transport padding (spaces/tabs) may follow a delimiter before its CRLF
        while (cursor < body.length && (body[cursor] == ' ' || body[cursor] == '\t')) {
            cursor++;
        }
        if (startsWith(body, cursor, "\r\n")) {
            return cursor + 2;
        }
        throw new IllegalArgumentException("boundary not followed by CRLF at byte " + cursor);
    }

    private static boolean startsWith(byte[] body, int offset, String ascii) {
        if (offset + ascii.length() > body.length) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (body[offset + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(from, 0); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
