package dev.g4j.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether a request is the scenario's next step: same method, same path, same query parameters
 * (decoded, order-insensitive). Wildcard parameters (Gradio's {@code session_hash}, {@code upload_id})
 * accept any non-empty token, but a fixture value must always stand for the same client value: the
 * first match binds it, later requests must repeat it. Not thread-safe; the server serialises calls.
 */
final class RequestMatcher {

    private final Set<String> wildcardParams;
    private final Map<String, String> bindings = new LinkedHashMap<>();

    RequestMatcher(Set<String> wildcardParams) {
        this.wildcardParams = Set.copyOf(wildcardParams);
    }

    /** Empty when the request matches (and its wildcard values are then bound), else the reason. */
    Optional<String> mismatch(ExpectedRequest expected, RecordedRequest actual) {
        if (!expected.method().equals(actual.method())) {
            return Optional.of("expected method " + expected.method() + " but got " + actual.method());
        }
        if (!expected.path().equals(actual.path())) {
            return Optional.of("expected path " + expected.path() + " but got " + actual.path());
        }
        Map<String, String> newBindings = new HashMap<>();
        Optional<String> query = compareQuery(expected.queryParams(), actual.queryParams(), newBindings);
        if (query.isEmpty()) {
            bindings.putAll(newBindings);
        }
        return query;
    }

    private Optional<String> compareQuery(
            Map<String, List<String>> expected, Map<String, List<String>> actual, Map<String, String> newBindings) {
        Set<String> names = new TreeSet<>(expected.keySet());
        names.addAll(actual.keySet());
        List<String> problems = new ArrayList<>();
        for (String name : names) {
            List<String> want = expected.getOrDefault(name, List.of());
            List<String> got = actual.getOrDefault(name, List.of());
            if (want.isEmpty()) {
                problems.add("unexpected query parameter " + name + "=" + got);
            } else if (got.isEmpty()) {
                problems.add("missing query parameter " + name + "=" + want);
            } else if (wildcardParams.contains(name)) {
                compareWildcard(name, want, got, newBindings).ifPresent(problems::add);
            } else if (!want.equals(got)) {
                problems.add("query parameter " + name + " expected " + want + " but got " + got);
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    private Optional<String> compareWildcard(
            String name, List<String> want, List<String> got, Map<String, String> newBindings) {
        if (want.size() != got.size()) {
            return Optional.of("query parameter " + name + " expected " + want.size() + " values but got " + got.size());
        }
        for (int i = 0; i < want.size(); i++) {
            String value = got.get(i);
            if (value.isEmpty() || value.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
                return Optional.of("query parameter " + name + " must be a non-empty token but was '" + value + "'");
            }
            String fixture = want.get(i);
            String bound = newBindings.getOrDefault(fixture, bindings.get(fixture));
            if (bound != null && !bound.equals(value)) {
                return Optional.of("query parameter " + name + " was '" + value + "' but an earlier request used '"
                        + bound + "' for the same fixture value");
            }
            newBindings.put(fixture, value);
        }
        return Optional.empty();
    }

    /** Fixture value → the client's value, for every wildcard seen so far. */
    Map<String, String> bindings() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(bindings));
    }
}
