package dev.g4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one poll of a Replicate prediction shows (RP-DOC lifecycle in protocols.md).
 *
 * @param status {@code starting}, {@code processing}, {@code succeeded}, {@code failed},
 *     {@code canceled} or {@code aborted}; empty to send a body without {@code status}
 * @param output the {@code output} value ({@code null} node for none)
 * @param error the {@code error} text, for {@code failed}
 * @param textPlain whether the body is served as {@code text/plain} instead of JSON
 */
public record PollState(Optional<String> status, JsonNode output, Optional<String> error, boolean textPlain) {

    /** Validates. */
    public PollState {
        Objects.requireNonNull(status, "status");
        output = output.deepCopy();
        Objects.requireNonNull(error, "error");
    }

    /** A copy of the output. */
    @Override
    public JsonNode output() {
        return output.deepCopy();
    }

    /** {@code starting}: a worker is booting. */
    public static PollState starting() {
        return of("starting", nothing());
    }

    /** {@code processing} with the tokens produced so far. */
    public static PollState processingTokens(List<String> tokensSoFar) {
        return of("processing", strings(tokensSoFar));
    }

    /** {@code processing} with no output yet. */
    public static PollState processing() {
        return of("processing", nothing());
    }

    /** {@code succeeded} with a language model's token list. */
    public static PollState succeededTokens(List<String> tokens) {
        return of("succeeded", strings(tokens));
    }

    /** {@code succeeded} with an image model's URL list. */
    public static PollState succeededUrls(String... urls) {
        return of("succeeded", strings(List.of(urls)));
    }

    /** {@code succeeded} with any output ({@code []}, {@code null}, ...). */
    public static PollState succeeded(JsonNode output) {
        return of("succeeded", output);
    }

    /** {@code failed} with an error text. */
    public static PollState failed(String error) {
        return new PollState(Optional.of("failed"), nothing(), Optional.of(error), false);
    }

    /** {@code canceled}. */
    public static PollState canceled() {
        return of("canceled", nothing());
    }

    /** {@code aborted}: the deadline passed before the run started. */
    public static PollState aborted() {
        return of("aborted", nothing());
    }

    /** A body without a {@code status} field. */
    public static PollState withoutStatus() {
        return new PollState(Optional.empty(), nothing(), Optional.empty(), false);
    }

    /** This state served as {@code text/plain; charset=utf-8}. */
    public PollState servedAsTextPlain() {
        return new PollState(status, output, error, true);
    }

    /** Whether the prediction is finished in this state. */
    public boolean terminal() {
        return status.map(s -> List.of("succeeded", "failed", "canceled", "aborted").contains(s)).orElse(false);
    }

    private static PollState of(String status, JsonNode output) {
        return new PollState(Optional.of(status), output, Optional.empty(), false);
    }

    private static JsonNode nothing() {
        return JsonNodeFactory.instance.nullNode();
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = Json.array();
        values.forEach(array::add);
        return array;
    }
}
