package dev.g4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.g4j.Timeouts;
import dev.g4j.testkit.ChatReply;
import dev.g4j.testkit.OpenAiSimulator;
import dev.g4j.testkit.UpstreamFault;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix through the command line: the real {@code g4j chat} (in-process, see {@link Harness})
 * with the real {@code OpenAICompatible} provider pointed at the OpenAI simulator by
 * {@code G4J_OPENAICOMPATIBLE_BASE_URL}, one row per {@link UpstreamFault}. A row says what reached
 * stdout (only what was streamed before the fault), the exit code and the whole of stderr: one line,
 * ending with the same kind as the library's row ({@code LibraryFaultMatrixIT}) and the server's code
 * ({@code ServerFaultMatrixIT}).
 */
class CliFaultMatrixIT {
    static final Duration IDLE = Duration.ofMillis(500);
    static final long LIMIT = 64 * 1024;

    /** One row: the fault, then stdout, the exit code and stderr ({@code {port}}: the upstream's port). */
    record Row(UpstreamFault fault, String stdout, int exit, String stderr) {
        @Override
        public String toString() {
            return fault + ": exit " + exit + (stdout.isEmpty() ? "" : " after \"" + stdout + "\"");
        }
    }

    static final List<Row> MATRIX = List.of(
            new Row(UpstreamFault.CONNECTION_REFUSED, "", 5,
                    "g4j: OpenAICompatible: cannot connect to 127.0.0.1:{port}: Connection refused (connection_failed)"),
            new Row(UpstreamFault.RESET_MID_STREAM, "Hel", 5, "g4j: OpenAICompatible: event stream cut: "
                    + "the connection closed before the answer ended (truncated_stream)"),
            new Row(UpstreamFault.STALL_MID_STREAM, "Hel", 5,
                    "g4j: OpenAICompatible: no event for 500ms (idle timeout) (timeout)"),
            new Row(UpstreamFault.RATE_LIMITED_429, "", 5,
                    "g4j: OpenAICompatible: HTTP 429: Model busy, retry later (retry after 7s) (rate_limited)"),
            new Row(UpstreamFault.SERVER_ERROR_500, "", 5,
                    "g4j: OpenAICompatible: HTTP 500: internal trouble (http_status)"),
            new Row(UpstreamFault.BAD_GATEWAY_502_HTML, "", 5,
                    "g4j: OpenAICompatible: HTTP 502: HTML content (502 Bad Gateway) (bad_gateway)"),
            new Row(UpstreamFault.GATEWAY_TIMEOUT_504_HTML, "", 5,
                    "g4j: OpenAICompatible: HTTP 504: HTML content (504 Gateway Time-out) (gateway_timeout)"),
            new Row(UpstreamFault.CLOUDFLARE_CHALLENGE, "", 5,
                    "g4j: OpenAICompatible: HTTP 403: blocked by a bot wall (Cloudflare) (cloudflare)"),
            new Row(UpstreamFault.MALFORMED_SSE_LINE, "Hello", 0, ""),
            new Row(UpstreamFault.TRUNCATED_JSON, "", 5, "g4j: OpenAICompatible: answer cut: "
                    + "the connection closed before the answer ended (truncated_stream)"),
            new Row(UpstreamFault.OVERSIZED_JSON, "", 5,
                    "g4j: OpenAICompatible: response body larger than 65536 bytes (invalid_response)"),
            new Row(UpstreamFault.OVERSIZED_EVENT, "Hel", 5,
                    "g4j: OpenAICompatible: an event of the stream is larger than 65536 bytes (invalid_response)"));

    static OpenAiSimulator api;

    @BeforeAll
    static void start() {
        api = OpenAiSimulator.builder().reply(ChatReply.text("Hel", "lo")).start();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static Stream<Row> matrix() {
        return MATRIX.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void eachFaultEndsTheCommandWithItsExitCodeAndOneLineOnStderr(Row row) {
        URI base = row.fault() == UpstreamFault.CONNECTION_REFUSED ? UpstreamFault.refusedUri() : api.baseUri();
        row.fault().fault().ifPresent(api::failNextChat);
        List<String> args = new ArrayList<>(List.of("chat", "-p", "OpenAICompatible", "-m", "g4j-sim-model"));
        if (!row.fault().streamed()) {
            args.add("--no-stream");
        }
        args.add("Hi");

        Harness.Result r = Harness.classPath()
                .env("G4J_OPENAICOMPATIBLE_BASE_URL", base.toString())
                .tune(c -> c.timeouts(new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), IDLE,
                        Duration.ofSeconds(30))).maxResponseBytes(LIMIT))
                .run(args.toArray(String[]::new));

        assertThat(r.stdout()).as(r.toString()).isEqualTo(row.stdout());
        assertThat(r.exit()).as(r.toString()).isEqualTo(row.exit());
        String line = row.stderr().replace("{port}", String.valueOf(base.getPort()));
        assertThat(r.stderr()).as(r.toString()).isEqualTo(line.isEmpty() ? "" : line + System.lineSeparator());
        assertThat(api.loopback().failures()).isEmpty();
    }

    @Test
    void theMatrixHasOneRowPerFault() {
        assertThat(MATRIX.stream().map(Row::fault).toList())
                .containsExactlyInAnyOrderElementsOf(EnumSet.allOf(UpstreamFault.class));
    }
}
