package dev.g4j.providers.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.g4j.MalformedResponseException;
import dev.g4j.http.Json;
import dev.g4j.http.Redaction;
import java.util.Objects;
import java.util.Optional;

/**
 * The fields of Replicate's prediction object that the protocol needs (protocols.md §3, RP-DOC): the
 * create answer must carry an {@code id}, every poll answer a {@code status}.
 *
 * @param id the prediction's id (empty in a poll answer that omits it)
 * @param status {@code starting}, {@code processing}, {@code succeeded}, {@code failed},
 *     {@code canceled}, {@code aborted}, or a status this client does not know (then treated as running)
 * @param output the output so far: a token list, a URL list, a string, or a null node
 * @param error the error text of a failed prediction
 */
record Prediction(String id, String status, JsonNode output, Optional<String> error) {
    static final String SUCCEEDED = "succeeded";
    static final String FAILED = "failed";
    static final String CANCELED = "canceled";
    static final String ABORTED = "aborted";

    Prediction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(error, "error");
    }

    /** The answer to the create request: it must name the prediction. */
    static Prediction created(JsonNode body) {
        String id = Json.text(body.get("id"));
        if (!body.isObject() || id.isBlank()) {
            throw invalid("the create answer has no prediction id", body);
        }
        return of(body, id);
    }

    /** The answer to a poll: it must carry a status (g4f fails with KeyError here). */
    static Prediction polled(JsonNode body) {
        if (!body.isObject() || Json.text(body.get("status")).isBlank()) {
            throw invalid("the poll answer has no prediction status", body);
        }
        return of(body, Json.text(body.get("id")));
    }

    private static Prediction of(JsonNode body, String id) {
        JsonNode output = body.get("output");
        String error = Json.text(body.get("error"));
        return new Prediction(id, Json.text(body.get("status")), output == null ? NullNode.getInstance() : output,
                error.isBlank() ? Optional.empty() : Optional.of(error));
    }

    private static MalformedResponseException invalid(String what, JsonNode body) {
        return MalformedResponseException.invalid(what + ": " + Redaction.excerpt(body.toString(), 160));
    }
}
