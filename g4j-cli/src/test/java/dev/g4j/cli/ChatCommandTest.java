package dev.g4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.ChatEvent;
import dev.g4j.ChatRequest;
import dev.g4j.ContentPart;
import dev.g4j.ErrorKind;
import dev.g4j.G4jException;
import dev.g4j.MissingAuthException;
import dev.g4j.ProviderOption;
import dev.g4j.http.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatCommandTest {

    @Test
    void streamedTextArrivesOnStdoutByteForByte() {
        String[] deltas = {"Hel", "lo, ", "wörld ✓\n", "ünïcode 🙂", "  trailing spaces, no newline  "};
        Harness.Result r = Harness.with(ScriptedProvider.of("A", ScriptedProvider.says(deltas))).run("chat", "Hi");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdoutBytes()).isEqualTo(String.join("", deltas).getBytes(StandardCharsets.UTF_8));
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void statusAndProgressGoToStderrAndNeverToStdout() {
        ScriptedProvider p = ScriptedProvider.of("A", (req, ctx, out) -> {
            out.status("Queued: position 3");
            out.emit(new ChatEvent.Progress("step", 5, 10));
            out.text("Answer");
            out.emit(ChatEvent.Usage.of(3, 1));
            out.finish("stop");
        });
        Harness.Result r = Harness.with(p).run("chat", "Hi");

        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).isEqualTo("Answer");
        assertThat(r.stderr()).contains("Queued: position 3").contains("step [############------------] 5/10");
    }

    @Test
    void onATerminalTheStatusLineIsRewrittenAndClearedBeforeTheAnswer() {
        ScriptedProvider p = ScriptedProvider.of("A", (req, ctx, out) -> {
            out.status("Connecting");
            out.status("Queued");
            out.text("Answer");
            out.finish("stop");
        });
        Harness.Result r = Harness.with(p).tty(false, true, true).run("chat", "Hi");

        assertThat(r.stderr()).isEqualTo("\r\u001b[KConnecting\r\u001b[KQueued\r\u001b[K");
        assertThat(r.stdout()).isEqualTo("Answer\n"); // a terminal gets its last newline
    }

    @Test
    void eachDeltaIsFlushedBeforeTheNextArrives() throws Exception {
        java.util.concurrent.CountDownLatch seen = new java.util.concurrent.CountDownLatch(1);
        ScriptedProvider p = ScriptedProvider.of("A", (req, ctx, out) -> {
            out.text("first ");
            boolean flushed = seen.await(5, java.util.concurrent.TimeUnit.SECONDS);
            out.text(flushed ? "second" : "NOT FLUSHED");
            out.finish("stop");
        });
        ByteArrayOutputStream sink = new ByteArrayOutputStream() {
            @Override
            public void flush() {
                if (toString(StandardCharsets.UTF_8).contains("first ")) {
                    seen.countDown();
                }
            }
        };
        Harness.Result r = Harness.with(p).stdout(sink).run("chat", "Hi");

        assertThat(r.exit()).isZero();
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("first second");
    }

    @Test
    void thePromptComesFromStdinWhenItIsPiped() {
        ScriptedProvider p = ScriptedProvider.of("A", ScriptedProvider.says("4"));
        Harness.Result r = Harness.with(p).stdin("What is 2+2?\n").run("chat");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(p.requests.getFirst().messages().getLast().text()).isEqualTo("What is 2+2?");
    }

    @Test
    void withoutAPromptAnywhereItIsAUsageError() {
        Harness.Result r = Harness.with(ScriptedProvider.of("A", ScriptedProvider.says("x"))).stdin("  \n").run("chat");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr()).contains("no prompt");
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void systemMessageImagesModelProviderAndNoStreamShapeTheRequest(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("cat.png");
        Files.write(png, Base64.getDecoder().decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="));
        ScriptedProvider a = ScriptedProvider.of("A", ScriptedProvider.says("ok"));
        ScriptedProvider b = ScriptedProvider.of("B", ScriptedProvider.says("ok"));
        Harness.Result r = Harness.with(a, b).workingDir(dir)
                .run("chat", "-p", "B", "-m", "short", "--system", "Be brief", "--image", "cat.png", "--no-stream",
                        "What", "is", "this?");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(a.requests).isEmpty();
        ChatRequest sent = b.requests.getFirst();
        assertThat(sent.model()).isEqualTo("b-model");
        assertThat(sent.stream()).isFalse();
        assertThat(sent.messages()).hasSize(2);
        assertThat(sent.messages().get(0).role()).isEqualTo("system");
        assertThat(sent.messages().get(0).text()).isEqualTo("Be brief");
        assertThat(sent.messages().get(1).text()).isEqualTo("What is this?");
        assertThat(sent.messages().get(1).content().getFirst()).isInstanceOf(ContentPart.Image.class);
    }

    @Test
    void anImageFileThatDoesNotExistIsAUsageErrorBeforeAnythingIsSent() {
        ScriptedProvider a = ScriptedProvider.of("A", ScriptedProvider.says("ok"));
        Harness.Result r = Harness.with(a).run("chat", "--image", "/nonexistent/cat.png", "Hi");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr()).contains("no such file: /nonexistent/cat.png");
        assertThat(a.requests).isEmpty();
    }

    @Test
    void anEmptyPromptArgumentIsAUsageErrorLikeAnEmptyStdin() {
        ScriptedProvider a = ScriptedProvider.of("A", ScriptedProvider.says("x"));
        for (String prompt : List.of("", "   ")) {
            Harness.Result r = Harness.with(a).run("chat", prompt);
            assertThat(r.exit()).as(r.toString()).isEqualTo(2);
            assertThat(r.stderr()).contains("no prompt");
            assertThat(r.stdout()).isEmpty();
        }
        assertThat(a.requests).isEmpty();
    }

    @Test
    void theApiKeyMayComeBeforeTheCommandNameAndTheCommandsOwnWins() {
        AtomicReference<String> seen = new AtomicReference<>();
        ScriptedProvider p = ScriptedProvider.of("A", (req, ctx, out) -> {
            seen.set(ctx.apiKey().orElse("-"));
            out.text("ok");
        });
        Harness.Result before = Harness.with(p).run("--api-key", "sk-before", "chat", "-p", "A", "Hi");
        assertThat(before.exit()).as(before.toString()).isZero();
        assertThat(seen.get()).isEqualTo("sk-before");

        Harness.Result both = Harness.with(p).run("--api-key", "sk-before", "chat", "-p", "A", "--api-key", "sk-own", "Hi");
        assertThat(both.exit()).as(both.toString()).isZero();
        assertThat(seen.get()).isEqualTo("sk-own");
    }

    @Test
    void aModelNoProviderOfAChainKnowsEndsWithThree() {
        ScriptedProvider a = ScriptedProvider.of("A", ScriptedProvider.says("x"));
        ScriptedProvider b = ScriptedProvider.of("B", ScriptedProvider.says("y"));
        Harness.Result r = Harness.with(a, b).run("chat", "-p", "A,B", "-m", "no-such-model", "Hi");

        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderr()).contains("model not found: 'no-such-model'");
    }

    @Test
    void apiKeyProxyTimeoutAndOptionsReachTheProvider() {
        AtomicReference<String> seen = new AtomicReference<>();
        ScriptedProvider p = ScriptedProvider.of("A", (req, ctx, out) -> {
            seen.set(ctx.apiKey().orElse("-") + " " + ctx.options().find(ProviderOption.PROXY).orElse("-") + " "
                    + ctx.options().find(ProviderOption.TIMEOUT).orElse("-") + " "
                    + ctx.options().find("base_url").orElse("-") + " " + ctx.options().source("base_url").orElse("-"));
            out.text("ok");
        });
        Harness.Result r = Harness.with(p).run("--option", "A.base_url=http://127.0.0.1:9", "chat", "-p", "A",
                "--api-key", "sk-test", "--proxy", "http://proxy.test:3128", "--timeout", "2m", "Hi");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(seen.get()).isEqualTo("sk-test http://proxy.test:3128 120000ms http://127.0.0.1:9 command line");
    }

    @Test
    void theJsonModePrintsOneParsableLinePerEvent() throws Exception {
        ScriptedProvider p = ScriptedProvider.of("A", (req, ctx, out) -> {
            out.emit(new ChatEvent.ConversationState("A", "{\"session\":\"s1\"}"));
            out.status("Generating");
            out.reasoning("thinking");
            out.text("Hel");
            out.text("lo");
            out.emit(new ChatEvent.Progress("step", 1, 2));
            out.emit(ChatEvent.Usage.of(3, 2));
            out.finish("stop");
        });
        Harness.Result r = Harness.with(p).run("chat", "--json", "Hi");

        assertThat(r.exit()).isZero();
        List<JsonNode> lines = r.stdout().lines().map(Json::parse).toList();
        assertThat(lines).extracting(n -> n.get("type").asText()).containsExactly(
                "conversation", "status", "reasoning", "text", "text", "progress", "usage", "finished");
        assertThat(lines.get(0).get("state").get("session").asText()).isEqualTo("s1");
        assertThat(lines.get(3).get("text").asText()).isEqualTo("Hel");
        assertThat(lines.get(5).get("total").asLong()).isEqualTo(2);
        assertThat(lines.get(6).get("total_tokens").asLong()).isEqualTo(5);
        assertThat(lines.get(7).get("provider").asText()).isEqualTo("A");
        assertThat(lines.get(7).get("model").asText()).isEqualTo("a-model");
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void inJsonModeAFailureIsAFinalJsonLineToo() {
        ScriptedProvider a = ScriptedProvider.of("A", ScriptedProvider.fails(new G4jException(ErrorKind.BAD_GATEWAY, "502 from upstream")));
        ScriptedProvider b = ScriptedProvider.of("B", ScriptedProvider.fails(new G4jException(ErrorKind.RATE_LIMITED, "slow down")));
        Harness.Result r = Harness.with(a, b).run("chat", "--json", "Hi");

        assertThat(r.exit()).isEqualTo(5);
        JsonNode last = Json.parse(r.stdout().lines().reduce((x, y) -> y).orElseThrow());
        assertThat(last.get("type").asText()).isEqualTo("error");
        assertThat(last.get("kind").asText()).isEqualTo("all_failed");
        assertThat(last.get("exit_code").asInt()).isEqualTo(5);
        assertThat(last.get("attempts")).hasSize(2);
        assertThat(last.get("attempts").get(1).get("kind").asText()).isEqualTo("rate_limited");
        assertThat(r.stderr()).contains("all 2 providers failed");
    }

    @Test
    void inJsonModeAUsageErrorIsAJsonLineToo() {
        Harness.Result r = Harness.with(ScriptedProvider.of("A", ScriptedProvider.says("x")))
                .run("chat", "--json", "--option", "A.nope=1", "Hi");

        assertThat(r.exit()).isEqualTo(2);
        JsonNode line = Json.parse(r.stdout());
        assertThat(line.get("type").asText()).isEqualTo("error");
        assertThat(line.get("kind").asText()).isEqualTo("usage");
        assertThat(line.get("exit_code").asInt()).isEqualTo(2);
    }

    @Test
    void whenStdoutIsClosedTheAnswerIsStoppedQuietly() {
        java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        ScriptedProvider endless = ScriptedProvider.of("A", (req, ctx, out) -> {
            while (true) {
                out.text("word ");
                sent.incrementAndGet();
                Thread.sleep(5);
            }
        });
        ByteArrayOutputStream closedAfterFirstWord = new ByteArrayOutputStream() {
            @Override
            public void flush() throws java.io.IOException {
                throw new java.io.IOException("Broken pipe");
            }
        };
        long t0 = System.nanoTime();
        Harness.Result r = Harness.with(endless).stdout(closedAfterFirstWord).run("chat", "Hi");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stderr()).isEmpty();
        assertThat(sent.get()).isLessThan(50);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0)).isLessThan(java.time.Duration.ofSeconds(3));
    }

    @Test
    void aMissingKeyEndsWithFourAndSaysHowToSetIt() {
        ScriptedProvider keyed = new ScriptedProvider(ScriptedProvider.info("Keyed").needsAuth(true).build(),
                (req, ctx, out) -> out.text(ctx.options().require(ProviderOption.API_KEY)));
        Harness.Result r = Harness.with(keyed).run("chat", "-p", "Keyed", "Hi");

        assertThat(r.exit()).isEqualTo(4);
        assertThat(r.stderr()).contains("Keyed").contains("G4J_KEYED_API_KEY").contains("(missing_auth)");
        assertThat(r.stderr().lines().count()).isEqualTo(1);
    }

    @Test
    void everyProviderFailingEndsWithFiveAndListsEveryAttempt() {
        ScriptedProvider a = ScriptedProvider.of("A", ScriptedProvider.fails(new G4jException(ErrorKind.BAD_GATEWAY, "bad gateway")));
        ScriptedProvider b = ScriptedProvider.of("B", ScriptedProvider.fails(new G4jException(ErrorKind.CLOUDFLARE, "challenge page")));
        Harness.Result r = Harness.with(a, b).run("chat", "Hi");

        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).startsWith("g4j: all 2 providers failed:\n")
                .contains("  - A (a-model): bad_gateway: bad gateway")
                .contains("  - B (b-model): cloudflare: challenge page")
                .doesNotContain("at dev.g4j");
    }

    @Test
    void anUpstreamErrorOfOneProviderEndsWithFiveNamingIt() {
        ScriptedProvider a = ScriptedProvider.of("A", ScriptedProvider.fails(
                new G4jException(ErrorKind.RESPONSE_ERROR, "the model is overloaded")));
        Harness.Result r = Harness.with(a).run("chat", "-p", "A", "Hi");

        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.stderr()).isEqualTo("g4j: A: the model is overloaded (response_error)\n");
    }

    @Test
    void withVerboseTheStackTraceIsShown() {
        ScriptedProvider a = ScriptedProvider.of("A", ScriptedProvider.fails(
                new G4jException(ErrorKind.RESPONSE_ERROR, "the model is overloaded")));
        Harness.Result r = Harness.with(a).run("chat", "-v", "-p", "A", "Hi");

        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.stderr()).contains("g4j: A: the model is overloaded").contains("\tat ");
    }

    @Test
    void unknownProviderOrModelEndsWithThree() {
        ScriptedProvider a = ScriptedProvider.of("A", ScriptedProvider.says("x"));
        Harness.Result provider = Harness.with(a).run("chat", "-p", "Nope", "Hi");
        Harness.Result model = Harness.with(a).run("chat", "-m", "no-such-model", "Hi");

        assertThat(provider.exit()).isEqualTo(3);
        assertThat(provider.stderr()).contains("provider not found: 'Nope'; available: A");
        assertThat(model.exit()).isEqualTo(3);
        assertThat(model.stderr()).contains("model not found: 'no-such-model'");
    }

    @Test
    void usageMistakesEndWithTwo() {
        ScriptedProvider a = ScriptedProvider.of("A", ScriptedProvider.says("x"));
        assertThat(Harness.with(a).run("chat", "--bogus", "Hi").exit()).isEqualTo(2);
        assertThat(Harness.with(a).run("chat", "--option", "Nope.base_url=x", "Hi").stderr())
                .contains("unknown provider in option Nope.base_url");
        assertThat(Harness.with(a).run("chat", "--option", "A.nope=x", "Hi").exit()).isEqualTo(2);
        assertThat(Harness.with(a).run("chat", "--option", "novalue", "Hi").exit()).isEqualTo(2);
        assertThat(Harness.with(a).run("chat", "--timeout", "soon", "Hi").exit()).isEqualTo(2);
        assertThat(Harness.with(a).run("nonsense").exit()).isEqualTo(2);
        assertThat(Harness.with(a).run().exit()).isEqualTo(2);
        assertThat(a.requests).isEmpty();
    }

    @Test
    void helpAndVersionGoToStdoutAndEndWithZero() {
        Harness.Result help = Harness.with().run("chat", "--help");
        Harness.Result version = Harness.with().run("--version");

        assertThat(help.exit()).isZero();
        assertThat(help.stdout()).contains("Usage: g4j chat").contains("--no-stream").contains("--option K=V");
        assertThat(version.exit()).isZero();
        assertThat(version.stdout()).startsWith("g4j ");
    }

    @Test
    void aMissingAuthAttemptAmongOthersIsStillAnUpstreamFailure() {
        ScriptedProvider a = ScriptedProvider.of("A", ScriptedProvider.fails(new MissingAuthException("no key")));
        ScriptedProvider b = ScriptedProvider.of("B", ScriptedProvider.fails(new G4jException(ErrorKind.BAD_GATEWAY, "x")));
        assertThat(Harness.with(a, b).run("chat", "Hi").exit()).isEqualTo(5);
        ScriptedProvider c = ScriptedProvider.of("C", ScriptedProvider.fails(new MissingAuthException("no key either")));
        assertThat(Harness.with(a, c).run("chat", "Hi").exit()).isEqualTo(4);
    }
}
