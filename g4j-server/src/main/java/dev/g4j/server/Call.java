package dev.g4j.server;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One HTTP request as the server handles it: its id, when it started, its endpoint, and, once known,
 * the provider and model that served it. Every log line about the request goes through {@link #log}
 * and carries all of them (in the text, since simple backends print no MDC, and in the MDC too).
 */
final class Call {
    static final HeaderName REQUEST_ID = HeaderNames.create("x-request-id");
    static final HeaderName PROVIDER = HeaderNames.create("x-g4j-provider");
    static final HeaderName MODEL = HeaderNames.create("x-g4j-model");
    static final HeaderName ATTEMPTS = HeaderNames.create("x-g4j-attempts");
    private static final Logger LOG = LoggerFactory.getLogger("dev.g4j.server.requests");
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    final String id;
    final String endpoint;
    final long startNanos = System.nanoTime();
    String provider = "-";
    String model = "-";
    int status;

    Call(String id, String endpoint) {
        this.id = id;
        this.endpoint = endpoint;
    }

    /** The client's {@code x-request-id} when it is a sane token, else a fresh one. */
    static Call of(ServerRequest req, String endpoint) {
        String given = req.headers().first(REQUEST_ID).orElse("");
        return new Call(saneToken(given) ? given : "req_" + random(20), endpoint);
    }

    static String random(int n) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = ALPHABET[r.nextInt(ALPHABET.length)];
        }
        return new String(c);
    }

    static boolean saneToken(String s) {
        if (s.isEmpty() || s.length() > 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (!(Character.isLetterOrDigit(ch) && ch < 128 || ch == '-' || ch == '_' || ch == '.')) {
                return false;
            }
        }
        return true;
    }

    /** Header values we build from provider and model names: printable ASCII only. */
    static String headerValue(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x20 || ch > 0x7e) {
                if (sb == null) {
                    sb = new StringBuilder(s.substring(0, i));
                }
                sb.append('?');
            } else if (sb != null) {
                sb.append(ch);
            }
        }
        return sb == null ? s : sb.toString();
    }

    void served(String provider, String model) {
        this.provider = provider;
        this.model = model.isEmpty() ? "-" : model;
    }

    long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    static void attemptsHeader(ServerResponse res, List<dev.g4j.Attempt> attempts, String serving) {
        if (attempts.isEmpty() && serving == null) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (dev.g4j.Attempt a : attempts) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(a.provider()).append('=').append(a.error().map(e -> e.kind().wireName()).orElse("ok"));
        }
        boolean recorded = !attempts.isEmpty() && attempts.getLast().succeeded()
                && attempts.getLast().provider().equals(serving);
        if (serving != null && !recorded) {
            sb.append(sb.isEmpty() ? "" : ", ").append(serving).append("=ok");
        }
        res.header(ATTEMPTS, headerValue(sb.toString()));
    }

    /**
     * Sends a whole JSON answer. A failure to send means the client is gone (or the server is stopping):
     * nothing more can be done for this request, so it is logged, not thrown.
     */
    static void json(ServerResponse res, int status, byte[] body) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        try {
            res.send(body);
        } catch (RuntimeException e) {
            LOG.debug("[{}] could not send a {} answer, the client is gone: {}",
                    res.headers().first(REQUEST_ID).orElse("-"), status, e.toString());
        }
    }

    /** When the request's connection was probed for a disconnect, its answer must end the connection. */
    static void closeIf(boolean probed, ServerResponse res) {
        if (probed) {
            res.header(HeaderNames.CONNECTION, "close");
        }
    }

    /**
     * The client is gone before any answer: Helidon still wants one sent on the request thread. It
     * closes the connection, and its failure to reach anyone is expected.
     */
    static void abandon(ServerResponse res) {
        if (res.isSent()) {
            return;
        }
        try {
            res.header(HeaderNames.CONNECTION, "close");
            res.status(Status.create(499, "Client Closed Request"));
            res.send();
        } catch (RuntimeException e) {
            LOG.trace("[{}] abandoned answer not sent: {}", res.headers().first(REQUEST_ID).orElse("-"), e.toString());
        }
    }

    /** Sends an error answer with its headers. */
    static void error(ServerResponse res, ApiError e) {
        e.headers().forEach((k, v) -> res.header(HeaderNames.create(k), v));
        if (e.provider() != null) {
            res.header(PROVIDER, headerValue(e.provider()));
        }
        json(res, e.status(), e.body());
    }

    boolean logging(boolean problem) {
        return problem ? LOG.isWarnEnabled() : LOG.isDebugEnabled();
    }

    /** One line: {@code [id] endpoint provider=.. model=.. message}; WARN for server-side problems, else DEBUG. */
    void log(boolean problem, String message, Object... args) {
        if (!logging(problem)) {
            return;
        }
        MDC.put("requestId", id);
        MDC.put("provider", provider);
        MDC.put("model", model);
        try {
            String line = "[" + id + "] " + endpoint + " provider=" + provider + " model=" + model + " " + message;
            if (problem) {
                LOG.warn(line, args);
            } else {
                LOG.debug(line, args);
            }
        } finally {
            MDC.remove("requestId");
            MDC.remove("provider");
            MDC.remove("model");
        }
    }
}
