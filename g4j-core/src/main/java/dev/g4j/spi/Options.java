package dev.g4j.spi;

import dev.g4j.InvalidRequestException;
import dev.g4j.MissingAuthException;
import dev.g4j.ProviderOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider's options as resolved for one call (call › CLI › environment › config file › default),
 * with typed accessors. Asking for an option the provider did not declare is a programming error.
 */
public final class Options {
    /** A resolved value and where it came from ({@code call}, {@code cli}, {@code env G4J_X_Y}, ...). */
    public record Value(String value, String source) {
        public Value {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(source, "source");
        }
    }

    private final String provider;
    private final Map<String, ProviderOption> declared;
    private final Map<String, Value> values;

    public Options(String provider, Iterable<ProviderOption> declared, Map<String, Value> values) {
        this.provider = Objects.requireNonNull(provider, "provider");
        Map<String, ProviderOption> d = new LinkedHashMap<>();
        declared.forEach(o -> d.put(o.name(), o));
        this.declared = Map.copyOf(d);
        this.values = Map.copyOf(values);
    }

    public String provider() {
        return provider;
    }

    /** These options with some values replaced (a call's own values over the resolved ones). */
    public Options with(Map<String, Value> overrides) {
        Map<String, Value> merged = new java.util.HashMap<>(values);
        merged.putAll(overrides);
        return new Options(provider, declared.values(), merged);
    }

    public Optional<String> find(String name) {
        check(name);
        Value v = values.get(name);
        return v == null || v.value().isEmpty() ? Optional.empty() : Optional.of(v.value());
    }

    /** Where the value came from, when set. */
    public Optional<String> source(String name) {
        check(name);
        return Optional.ofNullable(values.get(name)).map(Value::source);
    }

    /**
     * The value, or a clear failure naming every way to set it: {@link MissingAuthException} for
     * {@code api_key}, {@link InvalidRequestException} otherwise.
     */
    public String require(String name) {
        Optional<String> v = find(name);
        if (v.isPresent()) {
            return v.get();
        }
        String how = "pass --option " + provider + "." + name + "=..., set " + envName(provider, name)
                + " or add " + provider + "." + name + " to the config file";
        if (name.equals(ProviderOption.API_KEY)) {
            throw new MissingAuthException("an API key is needed: use --api-key, set "
                    + envName(provider, name) + ", or add " + provider + ".api_key to the config file",
                    provider, 0, null);
        }
        throw new InvalidRequestException("the option " + name + " is needed: " + how, provider, 0, null);
    }

    public Duration duration(String name) {
        String v = require(name);
        try {
            return parseDuration(v);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(provider + " option " + name + ": " + e.getMessage());
        }
    }

    public int integer(String name) {
        String v = require(name);
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(provider + " option " + name + " must be a whole number: " + v);
        }
    }

    /** A base URL without its trailing slashes. */
    public String url(String name) {
        String v = require(name).strip();
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return v;
    }

    /** The environment variable for an option: {@code G4J_<PROVIDER>_<NAME>}, non-alphanumerics as {@code _}. */
    public static String envName(String provider, String option) {
        return "G4J_" + envPart(provider) + "_" + envPart(option);
    }

    private static String envPart(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toUpperCase(Locale.ROOT).toCharArray()) {
            sb.append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
        }
        return sb.toString();
    }

    /**
     * Parses {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, a bare number of seconds, or ISO-8601
     * ({@code PT5S}).
     */
    public static Duration parseDuration(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        if (s.startsWith("pt") || s.startsWith("p")) {
            try {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a duration: " + text);
            }
        }
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("not a duration: " + text + " (write 250ms, 5s, 2m)");
        }
        double n;
        try {
            n = Double.parseDouble(s.substring(0, i));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        String unit = s.substring(i).strip();
        double millis = switch (unit) {
            case "ms" -> n;
            case "", "s", "sec", "secs" -> n * 1000;
            case "m", "min", "mins" -> n * 60_000;
            case "h" -> n * 3_600_000;
            default -> throw new IllegalArgumentException("unknown duration unit in " + text + " (use ms, s, m, h)");
        };
        return Duration.ofMillis(Math.round(millis));
    }

    private void check(String name) {
        if (!declared.containsKey(name)) {
            throw new IllegalArgumentException(provider + " declares no option " + name);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(provider).append(" options {");
        values.forEach((k, v) -> {
            ProviderOption o = declared.get(k);
            sb.append(k).append('=').append(o != null && o.secret() ? "***" : v.value()).append(" (")
                    .append(v.source()).append("), ");
        });
        return sb.append('}').toString();
    }
}
