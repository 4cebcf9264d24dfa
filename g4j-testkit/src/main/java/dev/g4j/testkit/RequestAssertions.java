package dev.g4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compares a request the client sent with the one a fixture expects and returns the differences as
 * readable lines (empty = match), so any assertion library can report them:
 * {@code assertThat(assertions.differences(expected, actual)).isEmpty()}.
 *
 * <ul>
 *   <li>Headers: each header the fixture lists must be present with exactly that value (names ignore
 *       case). For a {@code multipart/*} content type the boundary is random, so only its presence is
 *       checked. Headers the fixture does not list are not looked at.
 *   <li>JSON bodies are compared structurally (the fixtures are pretty-printed, clients send compact
 *       JSON); paths can be ignored or checked against a pattern instead, for values the client picks
 *       at random such as Gradio's seed ({@code data[2]}).
 *   <li>Form bodies ({@code application/x-www-form-urlencoded}) are compared field by field.
 *   <li>Multipart bodies are parsed by the boundary of the actual Content-Type and compared part by
 *       part: name, file name, content type and bytes.
 *   <li>Any other body must be byte-identical.
 * </ul>
 *
 * <p>Immutable: each option returns a copy.
 */
public final class RequestAssertions {

    private final Set<String> ignoredHeaders;
    private final List<JsonDiff.PathRule> ignoredPaths;
    private final Map<JsonDiff.PathRule, Pattern> pathPatterns;
    private final Map<String, String> substitutions;

    private RequestAssertions(Set<String> ignoredHeaders, List<JsonDiff.PathRule> ignoredPaths,
            Map<JsonDiff.PathRule, Pattern> pathPatterns, Map<String, String> substitutions) {
        this.ignoredHeaders = Set.copyOf(ignoredHeaders);
        this.ignoredPaths = List.copyOf(ignoredPaths);
        this.pathPatterns = Collections.unmodifiableMap(new LinkedHashMap<>(pathPatterns));
        this.substitutions = Map.copyOf(substitutions);
    }

    /** Strict comparison: nothing ignored, no substitutions. */
    public static RequestAssertions defaults() {
        return new RequestAssertions(Set.of(), List.of(), Map.of(), Map.of());
    }

    /** A copy that does not check these headers even when the fixture lists them. */
    public RequestAssertions ignoringHeaders(String... names) {
        Set<String> copy = new LinkedHashSet<>(ignoredHeaders);
        for (String name : names) {
            copy.add(name.toLowerCase(Locale.ROOT));
        }
        return new RequestAssertions(copy, ignoredPaths, pathPatterns, substitutions);
    }

    /**
     * A copy that skips these JSON paths: {@code session_hash}, {@code data[2]}, {@code messages[*].content},
     * {@code $.input.*} ({@code $.} is optional).
     */
    public RequestAssertions ignoringJsonPaths(String... paths) {
        List<JsonDiff.PathRule> copy = new ArrayList<>(ignoredPaths);
        for (String path : paths) {
            copy.add(JsonDiff.PathRule.of(path));
        }
        return new RequestAssertions(ignoredHeaders, copy, pathPatterns, substitutions);
    }

    /**
     * A copy where the value at this JSON path is not compared with the fixture but must match the
     * regular expression (numbers are matched in their JSON text), e.g.
     * {@code matchingJsonPath("data[2]", "\\d+")}.
     */
    public RequestAssertions matchingJsonPath(String path, String regex) {
        Map<JsonDiff.PathRule, Pattern> copy = new LinkedHashMap<>(pathPatterns);
        copy.put(JsonDiff.PathRule.of(path), Pattern.compile(regex));
        return new RequestAssertions(ignoredHeaders, ignoredPaths, copy, substitutions);
    }

    /**
     * A copy where an expected JSON string or form value equal to a key is expected to be the mapped
     * value instead (used for wildcard tokens such as a Gradio {@code session_hash}: see
     * {@link ScenarioServer#requestAssertions()}).
     */
    public RequestAssertions withSubstitutions(Map<String, String> fixtureToActual) {
        Map<String, String> copy = new LinkedHashMap<>(substitutions);
        copy.putAll(fixtureToActual);
        return new RequestAssertions(ignoredHeaders, ignoredPaths, pathPatterns, copy);
    }

    /** Headers and body differences. */
    public List<String> differences(ExpectedRequest expected, RecordedRequest actual) {
        List<String> out = new ArrayList<>(headerDifferences(expected.headers(), actual.headers()));
        out.addAll(bodyDifferences(expected, actual));
        return List.copyOf(out);
    }

    /** Differences of one recorded scenario step. */
    public List<String> differences(RecordedExchange exchange) {
        return differences(exchange.expected(), exchange.actual());
    }

    /** Each expected header must be present with exactly this value (see the class comment). */
    public List<String> headerDifferences(Map<String, String> expected, Headers actual) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> header : expected.entrySet()) {
            String name = header.getKey();
            if (ignoredHeaders.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            String want = substitutions.getOrDefault(header.getValue(), header.getValue());
            List<String> got = actual.all(name);
            if (got.isEmpty()) {
                out.add("header " + name + ": missing (expected '" + Redaction.display(name, want) + "')");
            } else if (name.equalsIgnoreCase("Content-Type") && want.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
                multipartTypeDifference(want, got.get(0)).ifPresent(out::add);
            } else if (!got.contains(want)) {
                out.add("header " + name + ": expected '" + Redaction.display(name, want) + "' but got "
                        + got.stream().map(v -> "'" + Redaction.display(name, v) + "'").toList());
            }
        }
        return List.copyOf(out);
    }

    private static Optional<String> multipartTypeDifference(String want, String got) {
        if (!mediaType(want).equals(mediaType(got))) {
            return Optional.of("header Content-Type: expected '" + mediaType(want) + "; boundary=…' but got '" + got + "'");
        }
        if (Forms.boundary(got).filter(b -> !b.isEmpty()).isEmpty()) {
            return Optional.of("header Content-Type: '" + got + "' has no boundary");
        }
        return Optional.empty();
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** Compares the body by the kind the fixture implies: multipart, JSON, form or raw bytes. */
    public List<String> bodyDifferences(ExpectedRequest expected, RecordedRequest actual) {
        if (expected.isMultipart()) {
            return multipartDifferences(expected.multipart(), actual.header("Content-Type").orElse(""), actual.body());
        }
        byte[] body = actual.body();
        if (!expected.hasBody()) {
            return body.length == 0 ? List.of() : List.of("body: expected none but got " + body.length + " bytes");
        }
        String type = expected.header("Content-Type").map(RequestAssertions::mediaType).orElse("");
        String source = expected.bodySource().orElse("");
        if (type.endsWith("json") || type.endsWith("+json") || source.endsWith(".json")) {
            return jsonDifferences(Json.parse(expected.body()), body);
        }
        if (type.equals("application/x-www-form-urlencoded") || source.endsWith(".urlencoded.txt")) {
            return formDifferences(expected.bodyText(), new String(body, StandardCharsets.ISO_8859_1));
        }
        return bytesDifferences("body", expected.body(), body);
    }

    /** Structural JSON comparison of an expected document with the bytes the client sent. */
    public List<String> jsonDifferences(JsonNode expected, byte[] actual) {
        JsonNode parsed;
        try {
            parsed = Json.parse(actual);
        } catch (IllegalArgumentException e) {
            return List.of("body: not JSON (" + e.getMessage() + "): " + preview(actual));
        }
        return jsonDifferences(expected, parsed);
    }

    /** Structural JSON comparison. */
    public List<String> jsonDifferences(JsonNode expected, JsonNode actual) {
        return new JsonDiff(ignoredPaths, pathPatterns, substitutions).compare(expected, actual);
    }

    /** Field-by-field comparison of two urlencoded forms (order of fields ignored, order of values kept). */
    public List<String> formDifferences(String expectedEncoded, String actualEncoded) {
        Map<String, List<String>> want = Forms.parseUrlEncoded(expectedEncoded);
        Map<String, List<String>> got = Forms.parseUrlEncoded(actualEncoded);
        Set<String> names = new LinkedHashSet<>(want.keySet());
        names.addAll(got.keySet());
        List<String> out = new ArrayList<>();
        for (String name : names) {
            List<String> wantValues = want.getOrDefault(name, List.of()).stream()
                    .map(v -> substitutions.getOrDefault(v, v)).toList();
            List<String> gotValues = got.getOrDefault(name, List.of());
            if (wantValues.isEmpty()) {
                out.add("form field " + name + ": unexpected " + gotValues);
            } else if (gotValues.isEmpty()) {
                out.add("form field " + name + ": missing (expected " + wantValues + ")");
            } else if (!wantValues.equals(gotValues)) {
                out.add("form field " + name + ": expected " + wantValues + " but got " + gotValues);
            }
        }
        return List.copyOf(out);
    }

    /** Part-by-part comparison of a multipart body, split by the boundary of its Content-Type. */
    public List<String> multipartDifferences(List<ExpectedPart> expected, String actualContentType, byte[] actualBody) {
        List<MultipartPart> parts;
        try {
            parts = Forms.parseMultipart(actualContentType, actualBody);
        } catch (IllegalArgumentException e) {
            return List.of("multipart body: " + e.getMessage());
        }
        List<String> out = new ArrayList<>();
        if (parts.size() != expected.size()) {
            out.add("multipart body: expected " + expected.size() + " parts but got " + parts.size() + ": "
                    + parts.stream().map(MultipartPart::name).toList());
        }
        for (int i = 0; i < Math.min(parts.size(), expected.size()); i++) {
            partDifferences(i, expected.get(i), parts.get(i), out);
        }
        return List.copyOf(out);
    }

    private static void partDifferences(int index, ExpectedPart want, MultipartPart got, List<String> out) {
        String label = "part " + index + " (" + want.name() + ")";
        if (!want.name().equals(got.name())) {
            out.add(label + ": name expected '" + want.name() + "' but got '" + got.name() + "'");
        }
        if (!want.filename().equals(got.filename())) {
            out.add(label + ": filename expected " + want.filename().orElse("none") + " but got "
                    + got.filename().orElse("none"));
        }
        if (want.contentType().isPresent() && !want.contentType().map(RequestAssertions::normalizeType)
                .equals(got.contentType().map(RequestAssertions::normalizeType))) {
            out.add(label + ": content type expected '" + want.contentType().get() + "' but got "
                    + got.contentType().map(t -> "'" + t + "'").orElse("none"));
        }
        out.addAll(bytesDifferences(label, want.body(), got.body()));
    }

    private static String normalizeType(String contentType) {
        return contentType.replace(" ", "").toLowerCase(Locale.ROOT);
    }

    private static List<String> bytesDifferences(String label, byte[] want, byte[] got) {
        if (Arrays.equals(want, got)) {
            return List.of();
        }
        int at = Arrays.mismatch(want, got);
        return List.of(label + ": expected " + want.length + " bytes but got " + got.length
                + " bytes, first difference at byte " + at + "; got " + preview(got));
    }

    private static String preview(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, 120), StandardCharsets.UTF_8);
        return "'" + text.replace("\r", "\\r").replace("\n", "\\n") + (bytes.length > 120 ? "…'" : "'");
    }
}
