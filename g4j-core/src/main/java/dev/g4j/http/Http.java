package dev.g4j.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider's view of HTTP for one call: every request goes through the call's transport, proxy,
 * timeouts and cancellation, and is logged at DEBUG (one line per request, without secrets).
 */
public final class Http {
    private static final Logger LOG = LoggerFactory.getLogger("dev.g4j.http");

    /** The largest JSON or binary body read whole (32 MiB: a few generated images as data URIs). */
    public static final long DEFAULT_BODY_LIMIT = 32L * 1024 * 1024;

    private final Transport transport;
    private final CallSettings settings;
    private final long bodyLimit;

    public Http(Transport transport, CallSettings settings, long bodyLimit) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.bodyLimit = bodyLimit;
    }

    public String provider() {
        return settings.provider();
    }

    public CallSettings settings() {
        return settings;
    }

    /** The largest body {@link #json} and {@link #bytes} accept. */
    public long bodyLimit() {
        return bodyLimit;
    }

    /** Sends a request and returns the answer whatever its status. */
    public HttpResponse send(HttpRequest request) {
        long start = System.nanoTime();
        try {
            HttpResponse response = transport.send(request, settings);
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} {} {} -> {} in {} ms", settings.provider(), request.method(),
                        Redaction.url(request.uri().toString()), response.status(), millisSince(start));
            }
            return response;
        } catch (RuntimeException e) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} {} {} failed in {} ms: {}", settings.provider(), request.method(),
                        Redaction.url(request.uri().toString()), millisSince(start), Redaction.text(e.getMessage()));
            }
            throw e;
        }
    }

    /** Sends a request whose answer must be 2xx JSON, and parses it. */
    public JsonNode json(HttpRequest request) {
        return HttpErrors.readJson(send(request), settings.provider(), bodyLimit);
    }

    /** Sends a request whose answer must be 2xx, and reads its whole body. */
    public byte[] bytes(HttpRequest request) {
        try (HttpResponse response = send(request)) {
            HttpErrors.check(response, settings.provider());
            return response.readBytes(bodyLimit);
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
