package dev.g4j.providers.openai;

import static dev.g4j.ErrorKind.BAD_GATEWAY;
import static dev.g4j.ErrorKind.CLOUDFLARE;
import static dev.g4j.ErrorKind.CONNECTION_FAILED;
import static dev.g4j.ErrorKind.GATEWAY_TIMEOUT;
import static dev.g4j.ErrorKind.HTTP_STATUS;
import static dev.g4j.ErrorKind.INVALID_RESPONSE;
import static dev.g4j.ErrorKind.RATE_LIMITED;
import static dev.g4j.ErrorKind.TIMEOUT;
import static dev.g4j.ErrorKind.TRUNCATED_STREAM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.g4j.BlockedException;
import dev.g4j.ChatEvent;
import dev.g4j.ChatRequest;
import dev.g4j.ChatStream;
import dev.g4j.ConnectionException;
import dev.g4j.ErrorKind;
import dev.g4j.G4j;
import dev.g4j.G4jConfig;
import dev.g4j.G4jException;
import dev.g4j.G4jTimeoutException;
import dev.g4j.HttpStatusException;
import dev.g4j.MalformedResponseException;
import dev.g4j.Message;
import dev.g4j.RateLimitedException;
import dev.g4j.Timeouts;
import dev.g4j.testkit.ChatReply;
import dev.g4j.testkit.OpenAiSimulator;
import dev.g4j.testkit.UpstreamFault;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix through the library: the real {@code OpenAICompatible} provider in a real client,
 * against the testkit's OpenAI simulator, one row per {@link UpstreamFault}. A row says what the
 * consumer read before the fault and the one failure it then gets (class, kind, status and message;
 * the provider is always {@code OpenAICompatible}), or the whole answer when the fault is one we read
 * past. The CLI's and the server's tables ({@code CliFaultMatrixIT}, {@code ServerFaultMatrixIT}) have
 * the same rows and the same kinds.
 */
class LibraryFaultMatrixIT {
    static final String PROVIDER = "OpenAICompatible";
    /** Short enough that the stall row takes half a second, long enough for a loaded machine. */
    static final Duration IDLE = Duration.ofMillis(500);
    static final long LIMIT = 64 * 1024;

    /** What one call ends with: an error of this class, kind, status and message, or success. */
    record Outcome(Class<? extends G4jException> type, ErrorKind kind, int status, String message) {
        static final Outcome COMPLETES = new Outcome(null, null, 0, null);

        @Override
        public String toString() {
            return type == null ? "completes" : type.getSimpleName() + " " + kind.wireName()
                    + (status == 0 ? "" : " " + status);
        }
    }

    /** One row: the fault, the text read before it, the outcome. */
    record Row(UpstreamFault fault, String before, Outcome outcome) {
        @Override
        public String toString() {
            return fault + ": \"" + before + "\" then " + outcome;
        }
    }

    static Row row(UpstreamFault fault, String before, Class<? extends G4jException> type, ErrorKind kind, int status,
            String message) {
        return new Row(fault, before, new Outcome(type, kind, status, message));
    }

    static final List<Row> MATRIX = List.of(
            row(UpstreamFault.CONNECTION_REFUSED, "", ConnectionException.class, CONNECTION_FAILED, 0,
                    "cannot connect to 127.0.0.1:{port}: Connection refused"),
            row(UpstreamFault.RESET_MID_STREAM, "Hel", MalformedResponseException.class, TRUNCATED_STREAM, 0,
                    "event stream cut: the connection closed before the answer ended"),
            row(UpstreamFault.STALL_MID_STREAM, "Hel", G4jTimeoutException.class, TIMEOUT, 0,
                    "no event for 500ms (idle timeout)"),
            row(UpstreamFault.RATE_LIMITED_429, "", RateLimitedException.class, RATE_LIMITED, 429,
                    "HTTP 429: Model busy, retry later (retry after 7s)"),
            row(UpstreamFault.SERVER_ERROR_500, "", HttpStatusException.class, HTTP_STATUS, 500,
                    "HTTP 500: internal trouble"),
            row(UpstreamFault.BAD_GATEWAY_502_HTML, "", HttpStatusException.class, BAD_GATEWAY, 502,
                    "HTTP 502: HTML content (502 Bad Gateway)"),
            row(UpstreamFault.GATEWAY_TIMEOUT_504_HTML, "", HttpStatusException.class, GATEWAY_TIMEOUT, 504,
                    "HTTP 504: HTML content (504 Gateway Time-out)"),
            row(UpstreamFault.CLOUDFLARE_CHALLENGE, "", BlockedException.class, CLOUDFLARE, 403,
                    "HTTP 403: blocked by a bot wall (Cloudflare)"),
            new Row(UpstreamFault.MALFORMED_SSE_LINE, "Hello", Outcome.COMPLETES),
            row(UpstreamFault.TRUNCATED_JSON, "", MalformedResponseException.class, TRUNCATED_STREAM, 0,
                    "answer cut: the connection closed before the answer ended"),
            row(UpstreamFault.OVERSIZED_JSON, "", MalformedResponseException.class, INVALID_RESPONSE, 0,
                    "response body larger than 65536 bytes"),
            row(UpstreamFault.OVERSIZED_EVENT, "Hel", MalformedResponseException.class, INVALID_RESPONSE, 0,
                    "an event of the stream is larger than 65536 bytes"));

    static OpenAiSimulator api;
    static G4j g4j;

    @BeforeAll
    static void start() {
        api = OpenAiSimulator.builder().reply(ChatReply.text("Hel", "lo")).start();
        g4j = G4j.builder().providers(List.of(new OpenAiCompatible())).config(config()).build();
    }

    /** The matrix's client: short idle timeout, small answer limit, no environment. */
    static G4jConfig config() {
        return G4jConfig.builder().environment(Map.of()).configFile(Optional.empty())
                .timeouts(new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), IDLE, Duration.ofSeconds(30)))
                .maxResponseBytes(LIMIT)
                .build();
    }

    @AfterAll
    static void stop() {
        g4j.close();
        api.close();
    }

    static Stream<Row> matrix() {
        return MATRIX.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void eachFaultEndsTheCallWithItsOneOutcome(Row row) {
        URI base = row.fault() == UpstreamFault.CONNECTION_REFUSED ? UpstreamFault.refusedUri() : api.baseUri();
        row.fault().fault().ifPresent(api::failNextChat);
        ChatRequest request = ChatRequest.builder().provider(PROVIDER).model("g4j-sim-model")
                .addMessage(Message.user("Hi")).stream(row.fault().streamed())
                .option("base_url", base.toString()).build();

        StringBuilder text = new StringBuilder();
        G4jException error = null;
        try (ChatStream stream = g4j.chat().stream(request)) {
            for (ChatEvent e : stream) {
                if (e instanceof ChatEvent.TextDelta t) {
                    text.append(t.text());
                }
            }
        } catch (G4jException e) {
            error = e;
        }

        assertThat(text.toString()).as("text before the fault").isEqualTo(row.before());
        Outcome expected = row.outcome();
        if (expected.type() == null) {
            assertThat(error).as("the call completes").isNull();
            return;
        }
        assertThat(error).as("the call fails").isNotNull();
        assertThat(error).isExactlyInstanceOf(expected.type());
        assertThat(error.kind()).isEqualTo(expected.kind());
        assertThat(error.provider()).hasValue(PROVIDER);
        assertThat(error.status().orElse(0)).isEqualTo(expected.status());
        assertThat(error.getMessage()).isEqualTo(expected.message().replace("{port}", String.valueOf(base.getPort())));
        assertThat(api.loopback().failures()).isEmpty();
    }

    @Test
    void theMatrixHasOneRowPerFault() {
        assertThat(MATRIX.stream().map(Row::fault).collect(Collectors.toList()))
                .containsExactlyInAnyOrderElementsOf(EnumSet.allOf(UpstreamFault.class));
    }
}
