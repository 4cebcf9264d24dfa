package dev.g4j.providers.dynaspark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.ErrorKind;
import dev.g4j.LoadedMedia;
import dev.g4j.MalformedResponseException;
import dev.g4j.UpstreamException;
import dev.g4j.http.Body;
import dev.g4j.http.Headers;
import dev.g4j.http.HttpErrors;
import dev.g4j.http.HttpRequest;
import dev.g4j.http.Json;
import dev.g4j.http.Redaction;
import dev.g4j.spi.CallContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The single-form protocol engine (protocols.md §4): text fields and at most one file POSTed as a form,
 * answered with one JSON object whose {@code response} field is the whole answer.
 *
 * <p>The encoding is the one aiohttp's {@code FormData} chooses (AIOHTTP), so the service sees what it
 * saw from g4f: {@code application/x-www-form-urlencoded} when every field is text, and
 * {@code multipart/form-data} (text parts as {@code text/plain; charset=utf-8}, then the file with its
 * name and sniffed type) when there is a file.
 *
 * <p>Status errors go through the shared {@link HttpErrors} mapper; an HTML page with status 200 is a
 * bot wall or {@code invalid_response}, never a crash (g4f raised JSONDecodeError).
 */
final class FormPost {
    private FormPost() {}

    /** The form request: urlencoded without a file, multipart with one. */
    static HttpRequest request(String url, Headers headers, List<Body.Field> fields, Optional<LoadedMedia> file) {
        HttpRequest.Builder request = HttpRequest.post(url).headers(headers);
        if (file.isEmpty()) {
            // aiohttp sends the bare media type, as the service has always received it; the transport's
            // default would append ";charset=utf-8"
            return request.header("content-type", "application/x-www-form-urlencoded").body(new Body.Form(fields))
                    .build();
        }
        List<Body.Part> parts = new ArrayList<>();
        fields.forEach(f -> parts.add(Body.Part.text(f.name(), f.value())));
        LoadedMedia m = file.get();
        parts.add(Body.Part.file("file", m.filename(), m.mimeType(), m.bytes()));
        return request.body(new Body.Multipart(parts)).build();
    }

    /**
     * Sends the form and returns the answer's text: the {@code response} field, possibly empty. An
     * {@code error} field in a 2xx answer is {@code response_error}; an answer without a text
     * {@code response} is {@code invalid_response} (g4f raised KeyError).
     */
    static String send(CallContext ctx, HttpRequest request) {
        JsonNode answer = ctx.http().json(request);
        JsonNode error = answer.get("error");
        if (error != null && !error.isNull()) {
            String message = HttpErrors.jsonMessage(answer);
            throw new UpstreamException(ErrorKind.RESPONSE_ERROR,
                    message.isBlank() ? "the service answered with an error: " + error : message);
        }
        JsonNode response = answer.get("response");
        if (response == null || !response.isTextual()) {
            throw MalformedResponseException.invalid("the answer has no response text: "
                    + Redaction.excerpt(Json.write(answer), 160));
        }
        return response.asText();
    }
}
