package dev.g4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.g4j.AllProvidersFailedException;
import dev.g4j.Attempt;
import dev.g4j.BlockedException;
import dev.g4j.ConnectionException;
import dev.g4j.ErrorKind;
import dev.g4j.G4jException;
import dev.g4j.G4jTimeoutException;
import dev.g4j.HttpStatusException;
import dev.g4j.InvalidRequestException;
import dev.g4j.MalformedResponseException;
import dev.g4j.MissingAuthException;
import dev.g4j.ModelNotFoundException;
import dev.g4j.ProviderNotFoundException;
import dev.g4j.RateLimitedException;
import dev.g4j.UnsupportedMediaException;
import dev.g4j.UpstreamException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ErrorsTest {

    static int status(G4jException e) {
        return Errors.of(e).status();
    }

    @Test
    void mapsEveryKindToAStatus() {
        assertThat(status(new InvalidRequestException("x"))).isEqualTo(400);
        assertThat(status(new UnsupportedMediaException("x"))).isEqualTo(400);
        assertThat(status(new MissingAuthException("x"))).isEqualTo(401);
        assertThat(status(new ModelNotFoundException("m", List.of(), null))).isEqualTo(404);
        assertThat(status(new ProviderNotFoundException("p", List.of()))).isEqualTo(404);
        assertThat(status(new RateLimitedException("x", "P", 429, null, null))).isEqualTo(429);
        assertThat(status(new UpstreamException(ErrorKind.QUOTA_EXCEEDED, "x"))).isEqualTo(429);
        assertThat(status(new G4jTimeoutException("x"))).isEqualTo(504);
        assertThat(status(new HttpStatusException("x", "P", 504, null))).isEqualTo(504);
        assertThat(status(new HttpStatusException("x", "P", 502, null))).isEqualTo(502);
        assertThat(status(new HttpStatusException("x", "P", 500, null))).isEqualTo(502);
        assertThat(status(new HttpStatusException("x", "P", 400, null))).isEqualTo(400);
        assertThat(status(new HttpStatusException("x", "P", 422, null))).isEqualTo(400);
        assertThat(status(new BlockedException("x"))).isEqualTo(502);
        assertThat(status(new ConnectionException("x"))).isEqualTo(502);
        assertThat(status(MalformedResponseException.truncated("x"))).isEqualTo(502);
        assertThat(status(new UpstreamException(ErrorKind.EMPTY_OUTPUT, "x"))).isEqualTo(502);
        assertThat(status(new G4jException(ErrorKind.CANCELLED, "x"))).isEqualTo(503);
        for (ErrorKind k : ErrorKind.values()) {
            assertThat(status(new G4jException(k, "x"))).as(k.name()).isBetween(400, 599);
        }
    }

    @Test
    void aMissingProviderKeyTellsTheClientHowToSendOneToTheServerNotTheCommandLine() {
        ApiError missing = Errors.of(new MissingAuthException("an API key is needed: use --api-key, set "
                + "G4J_DEEPINFRA_API_KEY, or add DeepInfra.api_key to the config file", "DeepInfra", 0, null));
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.message()).isEqualTo("DeepInfra needs an API key: send it in the request's \"api_key\" "
                + "field, or start the server with G4J_DEEPINFRA_API_KEY set").doesNotContain("--api-key");

        ApiError refused = Errors.of(new MissingAuthException("HTTP 401: Not authenticated", "DeepInfra", 401, null));
        assertThat(refused.message()).isEqualTo("DeepInfra: HTTP 401: Not authenticated");

        ApiError chain = Errors.of(new MissingAuthException("no provider for chat is usable without an API key"));
        assertThat(chain.message()).startsWith("no provider for chat is usable without an API key")
                .contains("\"api_key\"");
    }

    @Test
    void givesRetryAfterInWholeSecondsRoundedUp() {
        ApiError e = Errors.of(new RateLimitedException("x", "P", 429, null, Duration.ofMillis(1500)));
        assertThat(e.headers()).containsEntry("Retry-After", "2");
        assertThat(Errors.of(new RateLimitedException("x", "P", 429, null, null)).headers())
                .containsEntry("Retry-After", "1");
    }

    @Test
    void allFailedIs429WhenEveryAttemptWasRateLimitedAnd504WhenEveryOneTimedOut() {
        Attempt limited1 = attempt("A", new RateLimitedException("x", "A", 429, null, Duration.ofSeconds(3)));
        Attempt limited2 = attempt("B", new RateLimitedException("x", "B", 429, null, Duration.ofSeconds(9)));
        ApiError e = Errors.of(new AllProvidersFailedException(List.of(limited1, limited2)));
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.headers()).containsEntry("Retry-After", "9");
        assertThat(e.attempts()).hasSize(2);

        e = Errors.of(new AllProvidersFailedException(List.of(attempt("A", new G4jTimeoutException("t")),
                attempt("B", new G4jTimeoutException("t")))));
        assertThat(e.status()).isEqualTo(504);

        e = Errors.of(new AllProvidersFailedException(List.of(limited1, attempt("B", new ConnectionException("c")))));
        assertThat(e.status()).isEqualTo(502);
        String body = new String(e.body(), StandardCharsets.UTF_8);
        assertThat(body).contains("\"code\":\"all_failed\"", "\"attempts\":[{\"provider\":\"A\"",
                "\"kind\":\"rate_limited\"", "\"status\":429", "\"kind\":\"connection_failed\"");
    }

    static Attempt attempt(String provider, G4jException e) {
        return new Attempt(provider, "m", Duration.ofMillis(5), Optional.of(e));
    }
}
