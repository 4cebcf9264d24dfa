package dev.g4j.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.ErrorKind;
import dev.g4j.UpstreamException;
import dev.g4j.http.HttpErrors;
import dev.g4j.http.Json;
import dev.g4j.http.Redaction;
import java.util.Optional;

/**
 * Error objects inside a successful (2xx) answer: a JSON body, one event of a stream, an image answer.
 * g4f's {@code raise_error} (protocols.md §1.5) looks at {@code error_message} and {@code error}; we do
 * the same, but read the message with the shared {@link HttpErrors#jsonMessage} so that every shape
 * ({@code error.message}, a string {@code error}, ...) gives a readable text, and never the
 * {@code "Error None: ..."} that g4f builds from {@code "code": null}.
 */
final class ErrorBodies {
    private static final int MESSAGE_LENGTH = 300;

    private ErrorBodies() {}

    /** Throws {@code response_error} when the value carries an error object. */
    static void check(JsonNode body) {
        Optional<UpstreamException> error = find(body);
        if (error.isPresent()) {
            throw error.get();
        }
    }

    /** The {@code response_error} a value carries, if any. */
    static Optional<UpstreamException> find(JsonNode body) {
        if (body == null || !body.isObject()) {
            return Optional.empty();
        }
        String explicit = Json.text(body.get("error_message"));
        if (!explicit.isBlank()) {
            return Optional.of(failure(explicit));
        }
        JsonNode error = body.get("error");
        if (error == null || error.isNull() || error.isMissingNode()
                || (error.isBoolean() && !error.asBoolean()) || (error.isContainerNode() && error.isEmpty())) {
            return Optional.empty();
        }
        String message = HttpErrors.jsonMessage(body);
        if (message.isBlank()) {
            message = "the service answered with an error: " + body;
        }
        return Optional.of(failure(message));
    }

    private static UpstreamException failure(String message) {
        return new UpstreamException(ErrorKind.RESPONSE_ERROR, Redaction.excerpt(message, MESSAGE_LENGTH));
    }
}
