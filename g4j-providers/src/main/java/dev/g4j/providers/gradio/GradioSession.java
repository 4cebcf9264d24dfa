package dev.g4j.providers.gradio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.g4j.http.Json;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The client side of one Gradio queue session: the {@code session_hash} every queue request carries and
 * the ZeroGPU identity sent as {@code x-zerogpu-token} / {@code x-zerogpu-uuid} (protocols.md §2.1, §2.3).
 * It is the state a provider hands back as a {@link dev.g4j.ChatEvent.ConversationState} so that the next
 * call continues the same session.
 *
 * @param sessionHash the client-chosen session id (32 hex digits, like g4f's {@code uuid4().hex})
 * @param zeroGpuToken the ZeroGPU token, when known
 * @param zeroGpuUuid the ZeroGPU uuid (the Space page's {@code sessionUuid}), when known
 */
public record GradioSession(String sessionHash, Optional<String> zeroGpuToken, Optional<String> zeroGpuUuid) {

    /** Validates. */
    public GradioSession {
        Objects.requireNonNull(sessionHash, "sessionHash");
        if (sessionHash.isBlank()) {
            throw new IllegalArgumentException("a session hash is not blank");
        }
        Objects.requireNonNull(zeroGpuToken, "zeroGpuToken");
        Objects.requireNonNull(zeroGpuUuid, "zeroGpuUuid");
    }

    /** A new session with a random hash and no identity yet. */
    public static GradioSession create(RandomGenerator random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return new GradioSession(HexFormat.of().formatHex(bytes), Optional.empty(), Optional.empty());
    }

    /**
     * Reads a state written by {@link #toJson()}. Fields may be missing (a caller may pass only a
     * {@code session_hash} of its own choosing); a state without a session hash gets a new one.
     */
    public static GradioSession fromJson(String json, RandomGenerator random) {
        JsonNode node = Json.tryParse(json);
        if (node == null || !node.isObject()) {
            return create(random);
        }
        String hash = Json.text(node.get("session_hash"));
        return new GradioSession(hash.isBlank() ? create(random).sessionHash() : hash,
                nonEmpty(Json.text(node.get("zerogpu_token"))), nonEmpty(Json.text(node.get("zerogpu_uuid"))));
    }

    /** This session with a ZeroGPU identity. */
    public GradioSession withIdentity(Optional<String> token, Optional<String> uuid) {
        return new GradioSession(sessionHash, token, uuid);
    }

    /** {@code {"session_hash", "zerogpu_token", "zerogpu_uuid"}}, g4f's JsonConversation fields; unknown values are null. */
    public String toJson() {
        ObjectNode node = Json.object().put("session_hash", sessionHash);
        node.put("zerogpu_token", zeroGpuToken.orElse(null));
        node.put("zerogpu_uuid", zeroGpuUuid.orElse(null));
        return Json.write(node);
    }

    @Override
    public String toString() {
        return "GradioSession[" + sessionHash + (zeroGpuToken.isPresent() ? ", token=***" : "")
                + zeroGpuUuid.map(u -> ", uuid=" + u).orElse("") + "]";
    }

    private static Optional<String> nonEmpty(String s) {
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
}
