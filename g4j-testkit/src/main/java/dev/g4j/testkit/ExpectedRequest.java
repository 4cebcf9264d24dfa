package dev.g4j.testkit;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request a scenario expects the client to send.
 *
 * @param method the method
 * @param url the absolute URL on the real service (host included; the replay serves every host)
 * @param headers the headers that matter, names as the fixture spells them (compare ignoring case)
 * @param bodySource the fixture file of the body, {@code inline} for {@code body_text}, or empty
 * @param body the expected body bytes, empty when there is none or when it is multipart
 * @param multipart the expected parts of a multipart body, in order (empty when not multipart)
 */
public record ExpectedRequest(
        String method,
        String url,
        Map<String, String> headers,
        Optional<String> bodySource,
        byte[] body,
        List<ExpectedPart> multipart) {

    /** Validates and copies. */
    public ExpectedRequest {
        Objects.requireNonNull(method, "method");
        URI.create(url);
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        Objects.requireNonNull(bodySource, "bodySource");
        body = body.clone();
        multipart = List.copyOf(multipart);
    }

    /** A copy of the expected body bytes. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The URL as a URI. */
    public URI uri() {
        return URI.create(url);
    }

    /** The host of the real service, e.g. {@code api.deepinfra.com}. */
    public String host() {
        return uri().getHost();
    }

    /** The raw path, e.g. {@code /v1/openai/chat/completions}. */
    public String path() {
        String path = uri().getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    /** The raw query without {@code ?}, or {@code ""}. */
    public String query() {
        String query = uri().getRawQuery();
        return query == null ? "" : query;
    }

    /** The decoded query parameters. */
    public Map<String, List<String>> queryParams() {
        return Forms.parseUrlEncoded(query());
    }

    /** The path and query as a request target, e.g. {@code /gradio_api/queue/join?__theme=light}. */
    public String target() {
        return query().isEmpty() ? path() : path() + "?" + query();
    }

    /** A header value, looked up ignoring case. */
    public Optional<String> header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst();
    }

    /** Whether a body (plain or multipart) is expected. */
    public boolean hasBody() {
        return body.length > 0 || !multipart.isEmpty();
    }

    /** Whether a multipart body is expected. */
    public boolean isMultipart() {
        return !multipart.isEmpty();
    }

    @Override
    public String toString() {
        return "ExpectedRequest[" + method + " " + url + ", " + headers.size() + " headers, "
                + (isMultipart() ? multipart.size() + " parts" : body.length + " body bytes")
                + bodySource.map(s -> " from " + s).orElse("") + "]";
    }
}
