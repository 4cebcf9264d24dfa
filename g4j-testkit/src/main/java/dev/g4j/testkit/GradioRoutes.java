package dev.g4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The stateless parts of the Gradio routes (GR-RT in protocols.md): uploads and join validation. */
final class GradioRoutes {

    private GradioRoutes() {}

    /** {@code POST /gradio_api/upload}: a JSON list of {@code /tmp/gradio/<sha256>/<name>} paths. */
    static Response upload(RecordedRequest request, long maxFileSize, List<MultipartPart> uploads, Set<String> issued) {
        String contentType = request.header("Content-Type").orElse("");
        if (Forms.boundary(contentType).isEmpty()) {
            return SimulatorCore.detail(400, "Invalid content type.");
        }
        List<MultipartPart> parts;
        try {
            parts = request.multipartParts();
        } catch (IllegalArgumentException e) {
            return Response.text(400, "There was an error parsing the body");
        }
        ArrayNode paths = Json.array();
        for (MultipartPart part : parts) {
            if (!part.name().equals("files")) {
                continue;
            }
            if (part.size() > maxFileSize) {
                return Response.text(413, "File size exceeded maximum allowed size of " + maxFileSize + " bytes.");
            }
            uploads.add(part);
            String sha = sha256(part.body());
            String name = part.filename().map(GradioRoutes::sanitize).filter(n -> !n.isEmpty())
                    .orElse("tmp" + sha.substring(0, 10));
            paths.add("/tmp/gradio/" + sha + "/" + name);
            issued.add("/tmp/gradio/" + sha + "/" + name);
        }
        return SimulatorCore.json(200, paths);
    }

    /**
     * The refusals of {@code POST /gradio_api/queue/join}, in the order Gradio checks them: the body's
     * content type, its fields, a full queue, then a function the app does not have (with a non-empty
     * {@code functions} table: Gradio's {@code fns[fn_index]} fails with a KeyError, a 500).
     */
    static Optional<Response> refuseJoin(
            RecordedRequest request, JsonNode body, boolean queueFull, Map<Integer, Integer> functions) {
        Optional<Response> refusal = refuseContentType(request).or(() -> refuseFields(body, queueFull));
        if (refusal.isEmpty() && !functions.isEmpty() && !functions.containsKey(body.get("fn_index").asInt())) {
            return Optional.of(Response.text(500, "Internal Server Error"));
        }
        return refusal;
    }

    private static Optional<Response> refuseFields(JsonNode body, boolean queueFull) {
        if (!body.isObject() || !body.has("data")) {
            ObjectNode error = Json.object();
            ObjectNode item = error.putArray("detail").addObject().put("type", "missing");
            item.putArray("loc").add("body").add("data");
            item.put("msg", "Field required").set("input", body);
            return Optional.of(SimulatorCore.json(422, error));
        }
        if (!body.hasNonNull("session_hash")) {
            return Optional.of(SimulatorCore.detail(400, "Session hash not found."));
        }
        if (!body.hasNonNull("fn_index")) {
            return Optional.of(SimulatorCore.detail(400, "No function index provided."));
        }
        if (queueFull) {
            return Optional.of(SimulatorCore.detail(503, "Queue is full. Max size is 20 and size is 20."));
        }
        return Optional.empty();
    }

    /**
     * {@code GET /api/spaces/{space}/jwt?expiration=...}: the token for a request with a Cookie and an
     * ISO-8601 {@code expiration}; the fixture's 401 without a Cookie, a 400 for a missing or unreadable
     * expiration.
     */
    static Response jwt(RecordedRequest request, String token) {
        if (request.header("Cookie").isEmpty()) {
            return Response.of(401).header("Content-Type", "application/json; charset=utf-8")
                    .body(Fixtures.bytes("janus/jwt_error_401.json"));
        }
        try {
            OffsetDateTime.parse(request.queryParam("expiration").orElse(""));
        } catch (DateTimeParseException e) {
            return SimulatorCore.json(400, Json.object().put("error", "Invalid expiration: "
                    + request.queryParam("expiration").orElse("(missing)")));
        }
        return SimulatorCore.json(200, Json.object().put("token", token));
    }

    /** FastAPI's answer to a join body not sent as {@code application/json}: it is not read as an object. */
    private static Optional<Response> refuseContentType(RecordedRequest request) {
        String type = request.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (type.startsWith("application/json")) {
            return Optional.empty();
        }
        ObjectNode error = Json.object();
        ObjectNode item = error.putArray("detail").addObject().put("type", "model_attributes_type");
        item.putArray("loc").add("body");
        item.put("msg", "Input should be a valid dictionary or object to extract fields from")
                .put("input", request.bodyText());
        return Optional.of(SimulatorCore.json(422, error));
    }

    /**
     * Why the app fails a job that joined (protocols.md §2.3: the function's inputs, files by FileData),
     * if it does: a wrong number of input values, or a FileData whose {@code path} the app never handed
     * out on an upload (Gradio refuses to read such a file). Empty for a job the app can run.
     */
    static Optional<String> inputProblem(JsonNode body, Map<Integer, Integer> inputCounts, Set<String> issued) {
        int fn = body.path("fn_index").asInt();
        JsonNode data = body.path("data");
        Integer needed = inputCounts.get(fn);
        if (needed != null && (!data.isArray() || data.size() != needed)) {
            return Optional.of("An event handler (fn_index " + fn + ") didn't receive enough input values (needed: "
                    + needed + ", got: " + (data.isArray() ? data.size() : 0) + ").");
        }
        return unknownFile(data, issued).map(path -> "File " + path + " is not in the upload folder and cannot be accessed.");
    }

    private static Optional<String> unknownFile(JsonNode value, Set<String> issued) {
        if (value.isObject() && value.path("meta").path("_type").asText().equals("gradio.FileData")
                && !issued.contains(value.path("path").asText())) {
            return Optional.of(value.path("path").asText());
        }
        for (JsonNode child : value) {
            Optional<String> found = unknownFile(child, issued);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    static Response invalidJson(String message) {
        ObjectNode error = Json.object();
        ObjectNode item = error.putArray("detail").addObject().put("type", "json_invalid");
        item.putArray("loc").add("body").add(0);
        item.put("msg", "JSON decode error").putObject("ctx").put("error", message);
        return SimulatorCore.json(422, error);
    }

    /** What Gradio sends for {@code /queue/data} of an unknown session: one event, then the connection dies. */
    static Response sessionNotFound() {
        return Response.sseRaw(Fixtures.bytes("janus/data_unexpected_error_session_not_found.sse")).thenReset();
    }

    /** Keeps letters, digits, {@code .}, {@code _} and {@code -}, like Gradio's file name cleaning. */
    static String sanitize(String filename) {
        String base = filename.substring(filename.lastIndexOf('/') + 1);
        return base.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
