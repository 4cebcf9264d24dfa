package dev.g4j.testkit;

import java.util.Objects;

/**
 * One HTTP header field as it appeared on the wire: the original spelling of the name and the value
 * with surrounding whitespace removed.
 *
 * @param name the field name as sent (compare it with {@link #named(String)}, names are case-insensitive)
 * @param value the field value
 */
public record Header(String name, String value) {

    /** Validates that neither part is null and that the name is a plausible token. */
    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c == ':' || c >= 0x7f)) {
            throw new IllegalArgumentException("invalid header name: '" + name + "'");
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("header value contains a line break: " + name);
        }
    }

    /** Whether this field has the given name, ignoring case as HTTP does. */
    public boolean named(String other) {
        return name.equalsIgnoreCase(other);
    }
}
