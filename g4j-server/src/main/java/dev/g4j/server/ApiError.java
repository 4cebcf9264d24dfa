package dev.g4j.server;

import dev.g4j.Attempt;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One error answer in OpenAI's shape: {@code {"error":{"message","type","param","code"}}}, plus the
 * g4j extensions {@code provider} and {@code attempts} when known, and the headers it needs
 * ({@code Retry-After}).
 */
record ApiError(int status, String type, String code, String param, String message, String provider,
        List<Attempt> attempts, Map<String, String> headers) {

    ApiError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
        attempts = List.copyOf(attempts);
        headers = Map.copyOf(headers);
    }

    static ApiError of(int status, String type, String code, String message) {
        return new ApiError(status, type, code, null, message, null, List.of(), Map.of());
    }

    static ApiError badRequest(String message, String param) {
        return new ApiError(400, "invalid_request_error", "invalid_request", param, message, null, List.of(), Map.of());
    }

    static ApiError badRequest(String message, String param, String code) {
        return new ApiError(400, "invalid_request_error", code, param, message, null, List.of(), Map.of());
    }

    ApiError withHeader(String name, String value) {
        Map<String, String> h = new java.util.LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiError(status, type, code, param, message, provider, attempts, h);
    }

    /** The body: the error object inside {@code {"error": ...}}. */
    byte[] body() {
        JsonBytes j = new JsonBytes(256 + message.length());
        write(j);
        return j.toByteArray();
    }

    void write(JsonBytes j) {
        j.ascii("{\"error\":{\"message\":").string(message)
                .ascii(",\"type\":").string(type)
                .ascii(",\"param\":").string(param)
                .ascii(",\"code\":").string(code);
        if (provider != null) {
            j.ascii(",\"provider\":").string(provider);
        }
        if (!attempts.isEmpty()) {
            j.ascii(",\"attempts\":[");
            for (int i = 0; i < attempts.size(); i++) {
                Attempt a = attempts.get(i);
                j.ascii(i == 0 ? "{" : ",{").ascii("\"provider\":").string(a.provider())
                        .ascii(",\"model\":").string(a.model())
                        .ascii(",\"elapsed_ms\":").number(a.elapsed().toMillis());
                if (a.error().isPresent()) {
                    var e = a.error().get();
                    j.ascii(",\"error\":{\"kind\":").string(e.kind().wireName())
                            .ascii(",\"message\":").string(e.getMessage());
                    if (e.status().isPresent()) {
                        j.ascii(",\"status\":").number(e.status().getAsInt());
                    }
                    j.ascii("}");
                } else {
                    j.ascii(",\"error\":null");
                }
                j.ascii("}");
            }
            j.ascii("]");
        }
        j.ascii("}}");
    }
}
