package dev.g4j.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads HTTP/1.1 requests (RFC 9112) from a connection's input, one at a time. */
final class RequestReader {

    /** The request line and header fields together may not exceed this. */
    static final int MAX_HEAD_BYTES = 64 * 1024;
    /** Bodies larger than this are refused with 413. */
    static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    /** A request's line and headers, before its body is read. */
    record Head(String method, String target, String version, Headers headers) {

        boolean chunked() {
            return headers.all("Transfer-Encoding").stream()
                    .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"));
        }

        long contentLength() throws MalformedRequestException {
            Optional<String> value = headers.first("Content-Length");
            if (value.isEmpty()) {
                return 0;
            }
            try {
                long length = Long.parseLong(value.get().trim());
                if (length < 0) {
                    throw new NumberFormatException();
                }
                return length;
            } catch (NumberFormatException e) {
                throw new MalformedRequestException(400, "invalid Content-Length: " + value.get());
            }
        }

        boolean expectsContinue() {
            return headers.first("Expect").map(v -> v.equalsIgnoreCase("100-continue")).orElse(false);
        }

        /** RFC 9112 section 9.3: HTTP/1.1 persists unless told to close; HTTP/1.0 only when asked. */
        boolean keepAlive() {
            if (headers.containsToken("Connection", "close")) {
                return false;
            }
            return !version.equals("HTTP/1.0") || headers.containsToken("Connection", "keep-alive");
        }
    }

    /** A request the server cannot parse; answered with the status and the connection closed. */
    static final class MalformedRequestException extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;

        MalformedRequestException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final InputStream in;

    RequestReader(InputStream in) {
        this.in = in;
    }

    /** The next request head, or empty when the client closed the connection between requests. */
    Optional<Head> readHead() throws IOException {
        String requestLine;
        int[] budget = {MAX_HEAD_BYTES};
        do { // RFC 9112 section 2.2: ignore empty lines before a request line
            Optional<String> line = readLine(budget, true);
            if (line.isEmpty()) {
                return Optional.empty();
            }
            requestLine = line.get();
        } while (requestLine.isEmpty());
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || !parts[2].startsWith("HTTP/")) {
            throw new MalformedRequestException(400, "malformed request line: " + requestLine);
        }
        List<Header> headers = new ArrayList<>();
        while (true) {
            String line = readLine(budget, false).orElseThrow(() -> new EOFException("end of stream in headers"));
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new MalformedRequestException(400, "malformed header line: " + line);
            }
            try {
                headers.add(new Header(line.substring(0, colon), line.substring(colon + 1).trim()));
            } catch (IllegalArgumentException e) {
                throw new MalformedRequestException(400, e.getMessage());
            }
        }
        return Optional.of(new Head(parts[0], parts[1], parts[2], Headers.of(headers)));
    }

    /** Reads exactly {@code length} body bytes. */
    byte[] readFixed(long length) throws IOException {
        if (length > MAX_BODY_BYTES) {
            throw new MalformedRequestException(413, "body of " + length + " bytes is too large");
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            throw new EOFException("body ended after " + body.length + " of " + length + " bytes");
        }
        return body;
    }

    /** Reads a chunked body (RFC 9112 section 7.1), discarding chunk extensions and trailers. */
    byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int[] budget = {MAX_HEAD_BYTES};
        while (true) {
            String sizeLine = readLine(budget, false).orElseThrow(() -> new EOFException("end of stream in chunk size"));
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new MalformedRequestException(400, "invalid chunk size: " + sizeLine);
            }
            if (size < 0 || body.size() + size > MAX_BODY_BYTES) {
                throw new MalformedRequestException(413, "chunked body is too large");
            }
            if (size == 0) {
                while (!readLine(budget, false).orElse("").isEmpty()) {
                    // trailer fields are read and dropped
                }
                return body.toByteArray();
            }
            body.writeBytes(readFixed(size));
            String end = readLine(budget, false).orElseThrow(() -> new EOFException("end of stream after chunk"));
            if (!end.isEmpty()) {
                throw new MalformedRequestException(400, "chunk not followed by CRLF");
            }
        }
    }

    /**
     * One line without its CRLF (a bare LF is accepted too). Empty when the stream ends before the first
     * byte and {@code eofAllowed}; the budget caps the bytes a client can make the server buffer.
     */
    private Optional<String> readLine(int[] budget, boolean eofAllowed) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (eofAllowed && line.size() == 0) {
                    return Optional.empty();
                }
                throw new EOFException("end of stream inside a line");
            }
            if (--budget[0] < 0) {
                throw new MalformedRequestException(431, "request head too large");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return Optional.of(new String(bytes, 0, length, StandardCharsets.ISO_8859_1));
            }
            line.write(b);
        }
    }
}
