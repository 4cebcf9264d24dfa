package dev.g4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What an OpenAI-compatible service refuses before it runs anything (protocols.md §1.2, §1.4, §1.5), so
 * that the {@link OpenAiSimulator} is no more lenient than the service: a body that is not a JSON object
 * sent as {@code application/json}, a chat request without {@code model} or without messages, a message
 * without a role, an inference body without its {@code prompt} (or, for a cog model, without
 * {@code input.prompt}). The refusal is worded the way the service words it: FastAPI's validation list
 * ({@code {"detail":[{"loc","msg","type"}]}}, status 422) for DeepInfra, OpenAI's error object (status
 * 400) otherwise.
 */
final class OpenAiRequests {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

    /** The body of an accepted request, or the answer that refuses it. */
    record Checked(JsonNode body, Optional<Response> refusal) {
        static Checked refused(Response answer) {
            return new Checked(Json.object(), Optional.of(answer));
        }
    }

    private static final Response UNAUTHORIZED =
            Response.json(401, Fixtures.text("deepinfra/error_401_not_authenticated.json"));
    private static final Response NOT_AUTHENTICATED =
            Response.json(403, Fixtures.text("deepinfra/error_403_detail_not_authenticated.json"));

    private OpenAiRequests() {}

    /**
     * The authentication refusal of a request, if any: not the configured key (DeepInfra's 401), or no
     * bearer token at all where one is required (DeepInfra's 403 {@code {"detail":{"error":"Not authenticated"}}}).
     */
    static Optional<Response> authRefusal(RecordedRequest request, Optional<String> apiKey, boolean requireBearer) {
        Optional<String> token = request.header("Authorization").filter(v -> v.startsWith("Bearer "))
                .map(v -> v.substring("Bearer ".length()).strip()).filter(t -> !t.isEmpty());
        if (apiKey.isPresent()) {
            return token.equals(apiKey) ? Optional.empty() : Optional.of(UNAUTHORIZED);
        }
        return requireBearer && token.isEmpty() ? Optional.of(NOT_AUTHENTICATED) : Optional.empty();
    }

    /** {@code GET .../models}: an OpenAI model list of these ids. */
    static Response modelList(List<String> ids) {
        ObjectNode body = Json.object().put("object", "list");
        ArrayNode data = body.putArray("data");
        ids.forEach(id -> data.addObject().put("id", id).put("object", "model").put("created", 1749691342L)
                .put("owned_by", "g4j-testkit"));
        return SimulatorCore.json(200, body);
    }

    /** The answer to an accepted image generation: one image, base64 when {@code response_format} asks for it. */
    static Response generatedImage(RecordedRequest request) {
        ObjectNode body = Json.object().put("created", 1749691342L);
        ArrayNode data = body.putArray("data");
        if (Json.parse(request.body()).path("response_format").asText("").equals("b64_json")) {
            data.addObject().put("b64_json", Base64.getEncoder().encodeToString(Fixtures.bytes("janus/kitten.png")));
        } else {
            data.addObject().put("url", "https://images.g4j-testkit.invalid/generated-0.png");
        }
        return SimulatorCore.json(200, body);
    }

    /** {@code POST .../chat/completions}: JSON with a {@code model} and a non-empty list of messages. */
    static Checked chat(RecordedRequest request, boolean fastApi) {
        Checked json = jsonObject(request, fastApi);
        if (json.refusal().isPresent()) {
            return json;
        }
        JsonNode body = json.body();
        if (!body.path("model").isTextual() || body.get("model").asText().isBlank()) {
            return Checked.refused(missing(fastApi, "model"));
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray()) {
            return Checked.refused(missing(fastApi, "messages"));
        }
        if (messages.isEmpty()) {
            return Checked.refused(invalid(fastApi, "messages", "[] is too short - 'messages'"));
        }
        for (int i = 0; i < messages.size(); i++) {
            Optional<String> problem = messageProblem(messages.get(i));
            if (problem.isPresent()) {
                return Checked.refused(invalid(fastApi, "messages." + i, problem.get()));
            }
        }
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            return Checked.refused(invalid(fastApi, "stream", "value could not be parsed to a boolean"));
        }
        return json;
    }

    /** {@code POST /v1/inference/{model}}: {@code {"prompt": ...}}, or {@code {"input": {"prompt": ...}}} for a cog model. */
    static Checked inference(RecordedRequest request, boolean cog) {
        Checked json = jsonObject(request, true);
        if (json.refusal().isPresent()) {
            return json;
        }
        JsonNode fields = cog ? json.body().path("input") : json.body();
        if (!fields.path("prompt").isTextual() || fields.get("prompt").asText().isBlank()) {
            return Checked.refused(missing(true, cog ? "input.prompt" : "prompt"));
        }
        return json;
    }

    /** {@code POST .../images/generations}: JSON with a {@code prompt}. */
    static Checked imageGeneration(RecordedRequest request) {
        Checked json = jsonObject(request, false);
        if (json.refusal().isPresent()) {
            return json;
        }
        if (!json.body().path("prompt").isTextual() || json.body().get("prompt").asText().isBlank()) {
            return Checked.refused(missing(false, "prompt"));
        }
        return json;
    }

    private static Checked jsonObject(RecordedRequest request, boolean fastApi) {
        String type = request.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        String media = (semicolon < 0 ? type : type.substring(0, semicolon)).strip();
        if (!media.equals("application/json")) {
            return Checked.refused(fastApi
                    ? detail("body", "value is not a valid dict", "type_error.dict")
                    : error("We could not parse the JSON body of your request. (HINT: This likely means you aren't "
                            + "using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was "
                            + "sent was not valid JSON.)", null));
        }
        JsonNode body;
        try {
            body = Json.parse(request.body());
        } catch (IllegalArgumentException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            return Checked.refused(fastApi ? detail("body", "Expecting value", "value_error.jsondecode")
                    : error("We could not parse the JSON body of your request.", null));
        }
        return new Checked(body, Optional.empty());
    }

    private static Optional<String> messageProblem(JsonNode message) {
        if (!message.isObject()) {
            return Optional.of("value is not a valid dict");
        }
        if (!message.path("role").isTextual() || !ROLES.contains(message.get("role").asText())) {
            return Optional.of("'role' is required and must be one of " + ROLES);
        }
        JsonNode content = message.get("content");
        boolean hasCalls = message.path("tool_calls").isArray() && !message.get("tool_calls").isEmpty();
        if (content == null || content.isNull()) {
            return hasCalls ? Optional.empty() : Optional.of("'content' is required");
        }
        if (content.isTextual()) {
            return Optional.empty();
        }
        if (!content.isArray()) {
            return Optional.of("'content' must be a string or a list of content parts");
        }
        for (JsonNode part : content) {
            String type = part.path("type").asText("");
            boolean ok = switch (type) {
                case "text" -> part.path("text").isTextual();
                case "image_url" -> part.path("image_url").path("url").isTextual();
                case "input_audio" -> part.path("input_audio").isObject();
                default -> false;
            };
            if (!ok) {
                return Optional.of("invalid content part: " + part);
            }
        }
        return Optional.empty();
    }

    private static Response missing(boolean fastApi, String field) {
        return fastApi ? detail(field, "field required", "value_error.missing")
                : error("Missing required parameter: '" + field + "'.", field);
    }

    private static Response invalid(boolean fastApi, String field, String message) {
        return fastApi ? detail(field, message, "value_error") : error("Invalid '" + field + "': " + message, field);
    }

    /** FastAPI's validation answer (the shape of the fixture {@code deepinfra/error_422_detail_list.json}). */
    private static Response detail(String field, String message, String type) {
        ObjectNode body = Json.object();
        ObjectNode item = body.putArray("detail").addObject();
        var loc = item.putArray("loc").add("body");
        if (!field.equals("body")) {
            for (String part : field.split("\\.")) {
                if (part.chars().allMatch(Character::isDigit)) {
                    loc.add(Integer.parseInt(part));
                } else {
                    loc.add(part);
                }
            }
        }
        item.put("msg", message).put("type", type);
        return SimulatorCore.json(422, body);
    }

    /** OpenAI's error object, status 400. */
    private static Response error(String message, String param) {
        ObjectNode body = Json.object();
        body.putObject("error").put("message", message).put("type", "invalid_request_error").put("param", param)
                .putNull("code");
        return SimulatorCore.json(400, body);
    }
}
