package dev.g4j.providers.gradio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.ErrorKind;
import dev.g4j.G4jException;
import dev.g4j.http.HttpErrors;
import dev.g4j.http.HttpRequest;
import dev.g4j.http.HttpResponse;
import dev.g4j.http.Json;
import dev.g4j.spi.CallContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the ZeroGPU identity of a visitor (protocols.md §2.1, g4f's {@code get_zerogpu_token}): the
 * {@code sessionUuid} and, for a logged-in page, a {@code token} from the Space page's HTML-escaped
 * hydration props; then, when huggingface.co cookies are configured, a fresh token from the hub's JWT
 * endpoint. An anonymous page has no token, and the token stays {@code [object Object]} as g4f sends it.
 */
final class ZeroGpu {
    private static final Logger LOG = LoggerFactory.getLogger(ZeroGpu.class);

    /** What g4f (and the Gradio frontend outside an iframe) sends when it has no token. */
    static final String NO_TOKEN = "[object Object]";

    // g4f's regexes: they stop at the first '&', which holds for base64url JWTs and the 21-character uuid
    private static final Pattern UUID = Pattern.compile("&quot;sessionUuid&quot;:&quot;([^&]+?)&quot;");
    private static final Pattern TOKEN = Pattern.compile("&quot;token&quot;:&quot;([^&]+?)&quot;");
    private static final Duration JWT_LIFETIME = Duration.ofMinutes(10);
    // Python's datetime.isoformat(timespec='milliseconds') for a UTC time: 2025-06-12T01:10:00.000+00:00
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");

    private ZeroGpu() {}

    /**
     * The session with its identity filled in. An {@code apiKey} is the token and nothing is fetched.
     * Otherwise the page is read unless the uuid is known already (g4f's rule: a session that carries a
     * token but no uuid reads it too, so the Space can bill the visitor); the page's token replaces the
     * session's, and a page without one keeps the token the session had (g4f reset it to
     * {@code [object Object]}). With cookies the token is then refreshed from the JWT endpoint.
     */
    static GradioSession identify(
            GradioSpace space, CallContext ctx, GradioSession session, Optional<String> apiKey, Optional<String> cookies) {
        if (apiKey.isPresent()) {
            return session.withIdentity(apiKey, session.zeroGpuUuid());
        }
        Optional<String> uuid = session.zeroGpuUuid();
        String token = session.zeroGpuToken().orElse(NO_TOKEN);
        if (uuid.isEmpty()) {
            String page = page(space, ctx, cookies);
            uuid = find(UUID, page);
            token = find(TOKEN, page).orElse(token);
        }
        if (cookies.isPresent()) {
            token = jwt(space, ctx, cookies.get()).orElse(token);
        }
        return session.withIdentity(Optional.of(token), uuid);
    }

    private static String page(GradioSpace space, CallContext ctx, Optional<String> cookies) {
        HttpRequest.Builder request = HttpRequest.get(space.hubUrl() + "/spaces/" + space.spaceId())
                .header("Accept", "text/html");
        cookies.ifPresent(c -> request.header("Cookie", c));
        try (HttpResponse response = ctx.http().send(request.build())) {
            HttpErrors.check(response, ctx.provider());
            return response.readText(ctx.http().bodyLimit());
        }
    }

    /** A token from the hub's JWT endpoint, or empty when it refuses (the caller keeps the token it has). */
    private static Optional<String> jwt(GradioSpace space, CallContext ctx, String cookies) {
        String expiration = ctx.clock().instant().plus(JWT_LIFETIME).truncatedTo(ChronoUnit.MILLIS)
                .atOffset(ZoneOffset.UTC).format(ISO_MILLIS);
        String url = space.hubUrl() + "/api/spaces/" + space.spaceId() + "/jwt?expiration="
                + URLEncoder.encode(expiration, StandardCharsets.UTF_8) + "&include_pro_status=true";
        try {
            JsonNode answer = ctx.http().json(HttpRequest.get(url).header("Cookie", cookies).build());
            String token = Json.text(answer.get("token"));
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        } catch (G4jException e) {
            if (e.kind() == ErrorKind.CANCELLED || e.kind() == ErrorKind.TIMEOUT) {
                throw e;
            }
            LOG.debug("{}: the JWT endpoint refused ({}); keeping the token we have", ctx.provider(), e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<String> find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
