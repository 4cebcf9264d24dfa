package dev.g4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A {@code /gradio_api/queue/join} a {@link GradioSimulator} accepted.
 *
 * @param sessionHash the client's session hash
 * @param fnIndex the function index ({@code 2} understanding, {@code 3} text-to-image for Janus)
 * @param triggerId the {@code trigger_id}, when sent ({@code 10} and {@code 20} for Janus)
 * @param data the {@code data} array as sent
 * @param eventId the event id the simulator answered
 * @param zeroGpuToken the {@code x-zerogpu-token} header, if sent
 * @param zeroGpuUuid the {@code x-zerogpu-uuid} header, if sent
 */
public record GradioJoin(
        String sessionHash, int fnIndex, OptionalInt triggerId, JsonNode data, String eventId, Optional<String> zeroGpuToken,
        Optional<String> zeroGpuUuid) {

    /** Validates. */
    public GradioJoin {
        Objects.requireNonNull(sessionHash, "sessionHash");
        Objects.requireNonNull(triggerId, "triggerId");
        data = data.deepCopy();
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(zeroGpuToken, "zeroGpuToken");
        Objects.requireNonNull(zeroGpuUuid, "zeroGpuUuid");
    }

    /** The join a request made: its body's fields and the ZeroGPU headers. */
    static GradioJoin of(RecordedRequest request, JsonNode body, String eventId) {
        JsonNode trigger = body.path("trigger_id");
        return new GradioJoin(body.get("session_hash").asText(), body.path("fn_index").asInt(),
                trigger.isIntegralNumber() ? OptionalInt.of(trigger.asInt()) : OptionalInt.empty(), body.get("data"),
                eventId, request.header("x-zerogpu-token"), request.header("x-zerogpu-uuid"));
    }

    /** A copy of the {@code data} array. */
    @Override
    public JsonNode data() {
        return data.deepCopy();
    }

    @Override
    public String toString() {
        return "GradioJoin[session=" + sessionHash + ", fn=" + fnIndex + ", event=" + eventId + "]";
    }
}
