package dev.g4j.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** An ordered list of HTTP header fields; names compare case-insensitively. Immutable. */
public final class Headers {
    /** One header field as sent or received. */
    public record Field(String name, String value) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    private static final Headers EMPTY = new Headers(List.of());

    private final List<Field> fields;

    private Headers(List<Field> fields) {
        this.fields = fields;
    }

    public static Headers empty() {
        return EMPTY;
    }

    public static Headers of(List<Field> fields) {
        return fields.isEmpty() ? EMPTY : new Headers(List.copyOf(fields));
    }

    /** Pairs of name, value. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        List<Field> list = new ArrayList<>(namesAndValues.length / 2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            list.add(new Field(namesAndValues[i], namesAndValues[i + 1]));
        }
        return of(list);
    }

    public List<Field> fields() {
        return fields;
    }

    /** The first value of the named field. */
    public Optional<String> first(String name) {
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                return Optional.of(f.value());
            }
        }
        return Optional.empty();
    }

    public List<String> all(String name) {
        List<String> out = new ArrayList<>(1);
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                out.add(f.value());
            }
        }
        return Collections.unmodifiableList(out);
    }

    public boolean contains(String name) {
        return first(name).isPresent();
    }

    /** A copy where the named field has exactly this value (replacing any it had). */
    public Headers with(String name, String value) {
        List<Field> list = new ArrayList<>(fields.size() + 1);
        for (Field f : fields) {
            if (!f.name().equalsIgnoreCase(name)) {
                list.add(f);
            }
        }
        list.add(new Field(name, value));
        return new Headers(List.copyOf(list));
    }

    /** A copy with the other fields laid over these (the other's names replace ours). */
    public Headers withAll(Headers other) {
        Headers out = this;
        for (Field f : other.fields) {
            out = out.with(f.name(), f.value());
        }
        return out;
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (Field f : fields) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(f.name()).append(": ").append(Redaction.headerValue(f.name(), f.value()));
        }
        return sb.append('}').toString();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
