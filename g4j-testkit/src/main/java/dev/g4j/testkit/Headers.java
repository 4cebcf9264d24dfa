package dev.g4j.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, ordered list of header fields with case-insensitive lookup. The original spelling and
 * order of the names are kept, so a test can see exactly what a client sent.
 */
public final class Headers {

    private static final Headers EMPTY = new Headers(List.of());

    private final List<Header> fields;

    private Headers(List<Header> fields) {
        this.fields = fields;
    }

    /** No fields. */
    public static Headers empty() {
        return EMPTY;
    }

    /** The given fields, in order. */
    public static Headers of(List<Header> fields) {
        return fields.isEmpty() ? EMPTY : new Headers(List.copyOf(fields));
    }

    /** Fields from alternating names and values: {@code of("Accept", "*&#47;*", "X-A", "1")}. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        List<Header> list = new ArrayList<>(namesAndValues.length / 2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            list.add(new Header(namesAndValues[i], namesAndValues[i + 1]));
        }
        return of(list);
    }

    /** Fields from a map, in the map's iteration order. */
    public static Headers of(Map<String, String> map) {
        List<Header> list = new ArrayList<>(map.size());
        map.forEach((name, value) -> list.add(new Header(name, value)));
        return of(list);
    }

    /** The value of the first field with this name. */
    public Optional<String> first(String name) {
        for (Header field : fields) {
            if (field.named(name)) {
                return Optional.of(field.value());
            }
        }
        return Optional.empty();
    }

    /** The values of every field with this name, in order. */
    public List<String> all(String name) {
        List<String> values = new ArrayList<>(2);
        for (Header field : fields) {
            if (field.named(name)) {
                values.add(field.value());
            }
        }
        return Collections.unmodifiableList(values);
    }

    /** Whether a field with this name is present. */
    public boolean contains(String name) {
        return first(name).isPresent();
    }

    /**
     * Whether a comma-separated header (such as {@code Connection}) lists the token, ignoring case.
     */
    public boolean containsToken(String name, String token) {
        for (String value : all(name)) {
            for (String part : value.split(",")) {
                if (part.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The fields in their original order. */
    public List<Header> fields() {
        return fields;
    }

    /** The number of fields. */
    public int size() {
        return fields.size();
    }

    /** A copy with one more field at the end. */
    public Headers plus(String name, String value) {
        List<Header> list = new ArrayList<>(fields);
        list.add(new Header(name, value));
        return new Headers(List.copyOf(list));
    }

    /** A copy without any field of this name. */
    public Headers without(String name) {
        List<Header> list = new ArrayList<>(fields.size());
        for (Header field : fields) {
            if (!field.named(name)) {
                list.add(field);
            }
        }
        return of(list);
    }

    /** First value per name, keyed by the original spelling of the first occurrence. */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (Header field : fields) {
            if (map.keySet().stream().noneMatch(field::named)) {
                map.put(field.name(), field.value());
            }
        }
        return Collections.unmodifiableMap(map);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Headers that && fields.equals(that.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("Headers[");
        for (int i = 0; i < fields.size(); i++) {
            Header field = fields.get(i);
            out.append(i == 0 ? "" : ", ").append(field.name()).append(": ");
            // Secrets never appear in toString(): tests print these on failure.
            out.append(Redaction.isSecret(field.name()) ? "<redacted>" : field.value());
        }
        return out.append(']').toString();
    }
}
