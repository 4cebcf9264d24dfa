package dev.g4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Structural JSON comparison for {@link RequestAssertions}: objects by key (order ignored), arrays by
 * position, numbers by value and kind (an integer is not a float), absent is not {@code null}. Paths
 * are written {@code $.data[2].meta._type}.
 */
final class JsonDiff {

    /** A path rule such as {@code data[2]}, {@code messages[*].content} or {@code $.session_hash}. */
    record PathRule(String text, Pattern pattern) {
        static PathRule of(String rule) {
            String body = rule.startsWith("$") ? rule.substring(1) : rule;
            body = body.startsWith(".") || body.startsWith("[") ? body : "." + body;
            StringBuilder regex = new StringBuilder("\\$");
            int i = 0;
            while (i < body.length()) {
                if (body.startsWith("[*]", i)) {
                    regex.append("\\[\\d+\\]");
                    i += 3;
                } else if (body.startsWith(".*", i) && (i + 2 == body.length() || ".[".indexOf(body.charAt(i + 2)) >= 0)) {
                    regex.append("\\.[^.\\[]+");
                    i += 2;
                } else {
                    regex.append(Pattern.quote(String.valueOf(body.charAt(i))));
                    i++;
                }
            }
            return new PathRule(rule, Pattern.compile(regex.toString()));
        }

        boolean matches(String path) {
            return pattern.matcher(path).matches();
        }
    }

    private final List<PathRule> ignored;
    private final Map<PathRule, Pattern> patterns;
    private final Map<String, String> substitutions;
    private final List<String> out = new ArrayList<>();

    JsonDiff(List<PathRule> ignored, Map<PathRule, Pattern> patterns, Map<String, String> substitutions) {
        this.ignored = ignored;
        this.patterns = patterns;
        this.substitutions = substitutions;
    }

    List<String> compare(JsonNode expected, JsonNode actual) {
        diff("$", expected, actual);
        return List.copyOf(out);
    }

    private void diff(String path, JsonNode expected, JsonNode actual) {
        if (ignored.stream().anyMatch(rule -> rule.matches(path))) {
            return;
        }
        Optional<Pattern> pattern = patterns.entrySet().stream().filter(e -> e.getKey().matches(path))
                .map(Map.Entry::getValue).findFirst();
        if (pattern.isPresent()) {
            checkPattern(path, pattern.get(), actual);
            return;
        }
        if (expected == null) {
            out.add(path + ": unexpected field with value " + show(actual));
        } else if (actual == null) {
            out.add(path + ": missing (expected " + show(expected) + ")");
        } else if (expected.isObject() && actual.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            names.forEach(name -> diff(path + "." + name, expected.get(name), actual.get(name)));
        } else if (expected.isArray() && actual.isArray()) {
            int size = Math.max(expected.size(), actual.size());
            for (int i = 0; i < size; i++) {
                diff(path + "[" + i + "]", expected.get(i), actual.get(i));
            }
        } else {
            compareValues(path, substitute(expected), actual);
        }
    }

    private void checkPattern(String path, Pattern pattern, JsonNode actual) {
        if (actual == null) {
            out.add(path + ": missing (expected a value matching /" + pattern + "/)");
            return;
        }
        String text = actual.isValueNode() ? actual.asText() : actual.toString();
        if (!pattern.matcher(text).matches()) {
            out.add(path + ": " + show(actual) + " does not match /" + pattern + "/");
        }
    }

    private void compareValues(String path, JsonNode expected, JsonNode actual) {
        if (expected.isNumber() && actual.isNumber()) {
            if (expected.isIntegralNumber() != actual.isIntegralNumber()
                    || expected.decimalValue().compareTo(actual.decimalValue()) != 0) {
                out.add(path + ": expected " + kind(expected) + " " + expected + " but got " + kind(actual) + " " + actual);
            }
        } else if (!expected.equals(actual)) {
            out.add(path + ": expected " + show(expected) + " but got " + show(actual));
        }
    }

    private JsonNode substitute(JsonNode expected) {
        if (expected.isTextual() && substitutions.containsKey(expected.asText())) {
            return JsonNodeFactory.instance.textNode(substitutions.get(expected.asText()));
        }
        return expected;
    }

    private static String kind(JsonNode number) {
        return number.isIntegralNumber() ? "integer" : "float";
    }

    static String show(JsonNode node) {
        String text = node.toString();
        return text.length() > 200 ? text.substring(0, 200) + "…(" + text.length() + " chars)" : text;
    }
}
