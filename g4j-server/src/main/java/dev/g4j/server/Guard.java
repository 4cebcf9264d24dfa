package dev.g4j.server;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.security.MessageDigest;
import java.util.List;

/**
 * Server API keys and CORS.
 *
 * <p>Keys: {@code Authorization: Bearer <key>}, compared as SHA-256 hashes with
 * {@link MessageDigest#isEqual} against every configured key (no early exit), so timing says nothing
 * about a key. The header is only read here: it never reaches a provider.
 *
 * <p>CORS: only configured origins get {@code Access-Control-Allow-Origin}; credentials are never
 * allowed (bearer keys need none), so {@code *} cannot leak cookies.
 */
final class Guard {
    static final HeaderName ALLOW_ORIGIN = HeaderNames.create("Access-Control-Allow-Origin");
    static final HeaderName EXPOSE_HEADERS = HeaderNames.create("Access-Control-Expose-Headers");
    static final HeaderName ALLOW_METHODS = HeaderNames.create("Access-Control-Allow-Methods");
    static final HeaderName ALLOW_HEADERS = HeaderNames.create("Access-Control-Allow-Headers");
    static final HeaderName MAX_AGE = HeaderNames.create("Access-Control-Max-Age");
    static final HeaderName REQUEST_HEADERS = HeaderNames.create("Access-Control-Request-Headers");
    private static final String EXPOSED = "x-request-id, x-g4j-provider, x-g4j-model, x-g4j-attempts, retry-after";

    private final List<byte[]> keyHashes;
    private final List<String> origins;
    private final boolean anyOrigin;

    Guard(ServerConfig config) {
        this.keyHashes = config.apiKeyHashes();
        this.origins = config.corsOrigins();
        this.anyOrigin = origins.contains("*");
    }

    void authenticate(ServerRequest req) {
        if (keyHashes.isEmpty()) {
            return;
        }
        String h = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        if (!h.regionMatches(true, 0, "Bearer ", 0, 7) || h.length() == 7) {
            throw new ApiException(Errors.unauthorized("an API key is required: send Authorization: Bearer <key>")
                    .withHeader("WWW-Authenticate", "Bearer"));
        }
        byte[] given = ServerConfig.sha256(h.substring(7).strip());
        boolean ok = false;
        for (byte[] k : keyHashes) {
            ok |= MessageDigest.isEqual(k, given);
        }
        if (!ok) {
            throw new ApiException(Errors.unauthorized("the API key is not valid for this server")
                    .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\""));
        }
    }

    private boolean allowed(String origin) {
        return anyOrigin || origins.contains(origin);
    }

    /** Adds the CORS headers of a simple (non-preflight) request from an allowed origin. */
    void cors(ServerRequest req, ServerResponse res) {
        if (origins.isEmpty()) {
            return;
        }
        String origin = req.headers().first(HeaderNames.ORIGIN).orElse(null);
        if (origin == null || !allowed(origin)) {
            return;
        }
        res.header(ALLOW_ORIGIN, anyOrigin ? "*" : origin);
        if (!anyOrigin) {
            res.header(HeaderNames.VARY, "Origin");
        }
        res.header(EXPOSE_HEADERS, EXPOSED);
    }

    /** Answers {@code OPTIONS}: a CORS preflight from an allowed origin gets 204 and the grants, others 403. */
    void preflight(ServerRequest req, ServerResponse res) {
        String origin = req.headers().first(HeaderNames.ORIGIN).orElse(null);
        if (origin == null) {
            res.header(HeaderNames.ALLOW, "GET, POST, OPTIONS");
            res.status(Status.NO_CONTENT_204).send();
            return;
        }
        if (!allowed(origin)) {
            throw new ApiException(ApiError.of(403, "invalid_request_error", "cors_origin_not_allowed",
                    "this server does not allow requests from origin " + Call.headerValue(origin)));
        }
        cors(req, res);
        res.header(ALLOW_METHODS, "GET, POST, OPTIONS");
        String asked = req.headers().first(REQUEST_HEADERS).orElse("authorization, content-type");
        res.header(ALLOW_HEADERS, tokens(asked) ? asked : "authorization, content-type");
        res.header(MAX_AGE, "600");
        res.status(Status.NO_CONTENT_204).send();
    }

    /** Header names only: letters, digits, '-', '_', ',' and spaces. */
    private static boolean tokens(String s) {
        if (s.length() > 2048) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c < 128 && Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == ',' || c == ' ')) {
                return false;
            }
        }
        return true;
    }
}
