package dev.g4j.server;

import dev.g4j.ModelEntry;
import dev.g4j.ProviderInfo;
import dev.g4j.ProviderOption;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** {@code GET /v1/models}, {@code /v1/models/{id}}, {@code /v1/providers}, {@code /health}, {@code /metrics}. */
final class InfoEndpoints {
    private final ServerState state;

    InfoEndpoints(ServerState state) {
        this.state = state;
    }

    /**
     * Every model and alias: OpenAI's {@code {"id","object":"model","created","owned_by"}} plus
     * {@code g4j_providers}, {@code g4j_capabilities} ({@code text}, {@code vision}, {@code image}) and
     * {@code g4j_alias_of}.
     */
    void models(ServerRequest req, ServerResponse res, Call call) {
        List<ModelEntry> models = state.client.models();
        JsonBytes j = new JsonBytes(64 + models.size() * 160);
        j.ascii("{\"object\":\"list\",\"data\":[");
        for (int i = 0; i < models.size(); i++) {
            if (i > 0) {
                j.ascii(",");
            }
            model(j, models.get(i));
        }
        j.ascii("]}");
        Call.json(res, 200, j.toByteArray());
    }

    void model(ServerRequest req, ServerResponse res, Call call) {
        String id = req.path().pathParameters().get("id");
        Optional<ModelEntry> found = state.client.models().stream().filter(m -> m.name().equals(id)).findFirst();
        if (found.isEmpty()) {
            throw new ApiException(ApiError.of(404, "invalid_request_error", "model_not_found",
                    "The model '" + id + "' does not exist"));
        }
        JsonBytes j = new JsonBytes(256);
        model(j, found.get());
        Call.json(res, 200, j.toByteArray());
    }

    private static void model(JsonBytes j, ModelEntry m) {
        j.ascii("{\"id\":").string(m.name()).ascii(",\"object\":\"model\",\"created\":0,\"owned_by\":")
                .string(m.providers().isEmpty() ? "g4j" : m.providers().getFirst())
                .ascii(",\"g4j_providers\":[");
        for (int p = 0; p < m.providers().size(); p++) {
            j.ascii(p == 0 ? "" : ",").string(m.providers().get(p));
        }
        j.ascii("],\"g4j_capabilities\":{\"text\":").ascii(Boolean.toString(m.text()))
                .ascii(",\"vision\":").ascii(Boolean.toString(m.vision()))
                .ascii(",\"image\":").ascii(Boolean.toString(m.image())).ascii("}");
        if (m.aliasOf().isPresent()) {
            j.ascii(",\"g4j_alias_of\":").string(m.aliasOf().get());
        }
        j.ascii("}");
    }

    /** Every provider with its flags, whether a key is configured (never the key), and its last real outcome. */
    void providers(ServerRequest req, ServerResponse res, Call call) {
        List<ProviderInfo> all = state.client.providers();
        JsonBytes j = new JsonBytes(256 + all.size() * 400);
        j.ascii("{\"object\":\"list\",\"data\":[");
        for (int i = 0; i < all.size(); i++) {
            ProviderInfo p = all.get(i);
            boolean keyed = p.option(ProviderOption.API_KEY).isPresent()
                    && state.client.options(p.name()).find(ProviderOption.API_KEY).isPresent();
            j.ascii(i == 0 ? "{" : ",{").ascii("\"id\":").string(p.name()).ascii(",\"object\":\"provider\",\"label\":")
                    .string(p.label()).ascii(",\"url\":").string(p.url())
                    .ascii(",\"login_url\":").string(p.loginUrl().orElse(null))
                    .ascii(",\"working\":").ascii(Boolean.toString(p.working()))
                    .ascii(",\"needs_auth\":").ascii(Boolean.toString(p.needsAuth()))
                    .ascii(",\"api_key_configured\":").ascii(Boolean.toString(keyed))
                    .ascii(",\"supports_stream\":").ascii(Boolean.toString(p.supportsStream()))
                    .ascii(",\"supports_vision\":").ascii(Boolean.toString(p.supportsVision()))
                    .ascii(",\"supports_images\":").ascii(Boolean.toString(p.supportsImages()))
                    .ascii(",\"default_model\":").string(p.models().defaultModel().orElse(null))
                    .ascii(",\"health\":");
            health(j, state.health.last(p.name()));
            j.ascii("}");
        }
        j.ascii("]}");
        Call.json(res, 200, j.toByteArray());
    }

    private static void health(JsonBytes j, Optional<ProviderHealth.Outcome> last) {
        if (last.isEmpty()) {
            j.ascii("{\"status\":\"unknown\"}");
            return;
        }
        ProviderHealth.Outcome o = last.get();
        j.ascii("{\"status\":").string(o.ok() ? "ok" : "failed")
                .ascii(",\"checked_at\":").number(o.at().getEpochSecond())
                .ascii(",\"latency_ms\":").number(o.latencyMillis())
                .ascii(",\"model\":").string(o.model());
        if (!o.ok()) {
            j.ascii(",\"error\":{\"kind\":").string(o.kind()).ascii(",\"message\":").string(o.message()).ascii("}");
        }
        j.ascii("}");
    }

    void health(ServerRequest req, ServerResponse res, Call call) {
        JsonBytes j = new JsonBytes(128);
        j.ascii("{\"status\":\"ok\",\"uptime_seconds\":").number((System.nanoTime() - state.startedNanos) / 1_000_000_000L)
                .ascii(",\"active_streams\":").number(state.activeCalls())
                .ascii(",\"providers\":").number(state.client.providers().size()).ascii("}");
        Call.json(res, 200, j.toByteArray());
    }

    void metrics(ServerRequest req, ServerResponse res, Call call) {
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        res.send(state.metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }
}
