package dev.g4j.providers.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.ErrorKind;
import dev.g4j.UpstreamException;
import dev.g4j.http.Json;
import dev.g4j.spi.Emitter;

/**
 * A language model's output: a list of string tokens that grows while the prediction runs
 * (protocols.md §3). Each token is emitted once, as soon as a poll shows it; g4f waited for
 * {@code succeeded}. A plain string output (some models send one) is streamed by its new tail.
 */
final class TokenOutput implements PredictionOutput {
    private int tokens;
    private int chars;
    private boolean emitted;

    @Override
    public void running(JsonNode output, Emitter out) {
        emitNew(output, out);
    }

    @Override
    public void succeeded(JsonNode output, Emitter out) {
        emitNew(output, out);
        if (!emitted) {
            throw new UpstreamException(ErrorKind.EMPTY_OUTPUT, "the prediction succeeded without any text");
        }
    }

    private void emitNew(JsonNode output, Emitter out) {
        if (output.isArray()) {
            for (int i = tokens; i < output.size(); i++) {
                emit(Json.text(output.get(i)), out);
            }
            tokens = Math.max(tokens, output.size());
        } else if (output.isTextual()) {
            String text = output.asText();
            if (text.length() > chars) {
                emit(text.substring(chars), out);
                chars = text.length();
            }
        }
    }

    private void emit(String text, Emitter out) {
        if (!text.isEmpty()) {
            out.text(text);
            emitted = true;
        }
    }
}
