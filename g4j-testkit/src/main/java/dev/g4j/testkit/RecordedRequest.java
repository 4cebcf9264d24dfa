package dev.g4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request exactly as a {@link LoopbackServer} received it.
 *
 * @param sequence position among all requests the server received, from 0
 * @param connectionId the connection it arrived on, from 0 in accept order (equal ids prove keep-alive)
 * @param method the request method, as sent
 * @param target the request target, raw (origin form {@code /a?b}, or absolute form through a proxy)
 * @param path the path of the target, not decoded
 * @param query the raw query string without {@code ?}, or {@code ""}
 * @param queryParams the decoded query parameters in order ({@code +} decodes to a space)
 * @param version the protocol version, e.g. {@code HTTP/1.1}
 * @param headers the header fields, names as sent
 * @param body the body bytes after removing any chunked framing (a copy is returned by the accessor)
 * @param chunked whether the body arrived with {@code Transfer-Encoding: chunked}
 */
public record RecordedRequest(
        long sequence,
        int connectionId,
        String method,
        String target,
        String path,
        String query,
        Map<String, List<String>> queryParams,
        String version,
        Headers headers,
        byte[] body,
        boolean chunked) {

    /** Validates and copies. */
    public RecordedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        queryParams = Map.copyOf(queryParams);
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(headers, "headers");
        body = body.clone();
    }

    /** A copy of the body bytes. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The number of body bytes. */
    public int bodySize() {
        return body.length;
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body parsed as JSON. */
    public JsonNode bodyJson() {
        return Json.parse(body);
    }

    /** The first value of a header. */
    public Optional<String> header(String name) {
        return headers.first(name);
    }

    /** The first value of a query parameter. */
    public Optional<String> queryParam(String name) {
        List<String> values = queryParams.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The fields of an {@code application/x-www-form-urlencoded} body. */
    public Map<String, List<String>> formFields() {
        return Forms.parseUrlEncoded(new String(body, StandardCharsets.ISO_8859_1));
    }

    /** The parts of a {@code multipart/form-data} body, split by the boundary of its Content-Type. */
    public List<MultipartPart> multipartParts() {
        return Forms.parseMultipart(header("Content-Type").orElse(""), body);
    }

    /** The method and target, e.g. {@code POST /v1/chat/completions}. */
    public String requestLine() {
        return method + " " + target;
    }

    @Override
    public String toString() {
        return "RecordedRequest[#" + sequence + " on connection " + connectionId + ": " + requestLine() + " "
                + version + ", " + headers + ", " + body.length + " body bytes" + (chunked ? " (chunked)" : "") + "]";
    }
}
