package dev.g4j.testkit;

import java.util.Locale;
import java.util.Set;

/** The one place that decides which header values are secrets and must not be printed. */
final class Redaction {

    private static final Set<String> SECRET_HEADERS =
            Set.of("authorization", "proxy-authorization", "cookie", "set-cookie", "x-zerogpu-token", "x-api-key");

    private Redaction() {}

    static boolean isSecret(String headerName) {
        return SECRET_HEADERS.contains(headerName.toLowerCase(Locale.ROOT));
    }

    /** The value itself, or a short hint that keeps it out of logs and assertion messages. */
    static String display(String headerName, String value) {
        if (!isSecret(headerName)) {
            return value;
        }
        int space = value.indexOf(' ');
        String scheme = space > 0 && space < 12 ? value.substring(0, space + 1) : "";
        return scheme + "<redacted, " + value.length() + " chars>";
    }
}
