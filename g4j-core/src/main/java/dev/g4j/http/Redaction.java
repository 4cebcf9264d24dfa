package dev.g4j.http;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where secrets are masked before text reaches a log line, an error message or a
 * {@code toString()}: credentials in URLs, auth headers, bearer tokens, JWTs and key-like query values.
 */
public final class Redaction {
    private static final String MASK = "***";
    private static final Set<String> SECRET_HEADERS = Set.of(
            "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key",
            "x-zerogpu-token", "x-goog-api-key", "g4j-api-key");
    private static final Pattern SECRET_QUERY = Pattern.compile(
            "(?i)([?&](?:api[_-]?key|key|token|access_token|auth|password|secret|sig|signature)=)[^&#\\s]+");
    private static final Pattern USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)([^/@\\s:]+):([^/@\\s]+)@");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer\\s+)[A-Za-z0-9._~+/=-]{6,}");
    private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*");
    private static final Pattern KEY_LIKE = Pattern.compile("\\b(sk|pk|hf|di|r8|gsk)[-_][A-Za-z0-9_-]{12,}");
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)(\"?(?:api[_-]?key|token|password|secret|authorization)\"?\\s*[:=]\\s*\"?)[^\"\\s,&}]{4,}");

    private Redaction() {}

    /** A URL with any password and key-like query values masked. */
    public static String url(String url) {
        if (url == null) {
            return "";
        }
        String out = USERINFO.matcher(url).replaceAll("$1$2:" + MASK + "@");
        return SECRET_QUERY.matcher(out).replaceAll("$1" + MASK);
    }

    /** A header value, masked when the header carries credentials. */
    public static String headerValue(String name, String value) {
        return SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT)) ? MASK : value;
    }

    /** Free text (a body excerpt, an exception message) with token-like secrets masked. */
    public static String text(String text) {
        if (text == null || text.isEmpty()) {
            return text == null ? "" : text;
        }
        String out = USERINFO.matcher(text).replaceAll("$1$2:" + MASK + "@");
        out = BEARER.matcher(out).replaceAll("$1" + MASK);
        out = JWT.matcher(out).replaceAll(MASK);
        out = KEY_LIKE.matcher(out).replaceAll(MASK);
        out = ASSIGNMENT.matcher(out).replaceAll("$1" + MASK);
        return SECRET_QUERY.matcher(out).replaceAll("$1" + MASK);
    }

    /** Text with each of the given secret values masked wherever it occurs (values shorter than 4 are left). */
    public static String secrets(String text, Collection<String> secrets) {
        String out = text;
        for (String s : secrets) {
            if (s != null && s.length() >= 4) {
                out = out.replace(s, MASK);
            }
        }
        return out;
    }

    /** Whitespace runs collapsed, cut to {@code max} characters with an ellipsis, then redacted. */
    public static String excerpt(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(text.length(), max + 8));
        boolean space = false;
        for (int i = 0; i < text.length() && sb.length() <= max; i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                space = sb.length() > 0;
            } else {
                if (space) {
                    sb.append(' ');
                    space = false;
                }
                sb.append(c);
            }
        }
        String s = sb.length() > max ? sb.substring(0, max) + "..." : sb.toString();
        return text(s);
    }

    /**
     * What went wrong with a connection, in words for an error message: a closed connection or a reset
     * is named as such (Jetty's early-EOF message is the endpoint's internal state, no use to anyone),
     * otherwise the exception's own message, redacted and cut short.
     */
    public static String ioCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.io.EOFException || c instanceof java.nio.channels.ClosedChannelException) {
                return "the connection closed before the answer ended";
            }
            String m = c.getMessage();
            if (m != null && m.toLowerCase(java.util.Locale.ROOT).contains("connection reset")) {
                return "the connection was reset";
            }
        }
        String m = t.getMessage();
        return excerpt(text(m == null || m.isBlank() ? t.getClass().getSimpleName() : m), 160);
    }

    static String quoteReplacement(String s) {
        return Matcher.quoteReplacement(s);
    }
}
