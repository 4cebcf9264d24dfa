package dev.g4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.g4j.ChatEvent;
import dev.g4j.ChatRequest;
import dev.g4j.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The interactive session, over a dumb terminal fed from a stream (as JLine reads a terminal). */
class SessionTest {

    @Test
    void theSessionKeepsTheHistoryAndContinuesTheRemoteSession() {
        AtomicInteger turn = new AtomicInteger();
        ScriptedProvider janus = ScriptedProvider.of("Janus", (req, ctx, out) -> {
            int n = turn.incrementAndGet();
            if (n == 1) {
                out.emit(new ChatEvent.ConversationState("Janus", "{\"session_hash\":\"abc\"}"));
            }
            out.text("answer " + n);
            out.finish("stop");
        });
        ScriptedProvider other = ScriptedProvider.of("Other", ScriptedProvider.says("other"));
        Harness.Result r = Harness.with(janus, other).tty(true, false, false)
                .stdin("First question\nSecond question\n")
                .run("chat", "--system", "Be brief");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo("answer 1answer 2");
        assertThat(janus.requests).hasSize(2);
        ChatRequest second = janus.requests.get(1);
        assertThat(second.messages()).extracting(Message::role)
                .containsExactly("system", "user", "assistant", "user");
        assertThat(second.messages()).extracting(Message::text)
                .containsExactly("Be brief", "First question", "answer 1", "Second question");
        assertThat(second.conversation()).hasValue(new ChatEvent.ConversationState("Janus", "{\"session_hash\":\"abc\"}"));
        assertThat(second.provider()).isEqualTo("Janus");
        assertThat(other.requests).isEmpty();
        assertThat(r.stderr()).contains("> ");
    }

    @Test
    void aTrailingBackslashOrAFencedBlockMakesOnePromptOfSeveralLines() {
        ScriptedProvider p = ScriptedProvider.of("A", ScriptedProvider.says("ok"));
        Harness.Result r = Harness.with(p).tty(true, false, false)
                .stdin("first line \\\nsecond line\n\"\"\"\ndon't stop\nhere\n\"\"\"\n/exit\n")
                .run("chat");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(p.requests).extracting(q -> q.messages().getLast().text())
                .containsExactly("first line \nsecond line", "don't stop\nhere");
    }

    @Test
    void aFailedTurnIsToldAndTheSessionGoesOn() {
        AtomicInteger turn = new AtomicInteger();
        ScriptedProvider p = ScriptedProvider.of("A", (req, ctx, out) -> {
            if (turn.incrementAndGet() == 1) {
                throw ScriptedProvider.error("bad_gateway", "upstream down");
            }
            out.text("fine");
        });
        Harness.Result r = Harness.with(p).tty(true, false, false).stdin("one\ntwo\n").run("chat");

        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).isEqualTo("fine");
        assertThat(r.stderr()).contains("g4j: A: upstream down (bad_gateway)");
        assertThat(p.requests.get(1).messages()).hasSize(1); // the failed turn is not history
    }

    @Test
    void ctrlCStopsTheAnswerButNotTheSession() throws Exception {
        AtomicInteger turn = new AtomicInteger();
        ScriptedProvider p = ScriptedProvider.of("A", (req, ctx, out) -> {
            if (turn.incrementAndGet() == 1) {
                out.text("long answer...");
                Thread.sleep(30_000);
            }
            out.text("second answer");
        });
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys);
        CountDownLatch answering = new CountDownLatch(1);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream() {
            @Override
            public void flush() {
                if (toString(StandardCharsets.UTF_8).contains("long answer")) {
                    answering.countDown();
                }
            }
        };
        Harness h = Harness.with(p).tty(true, false, false).stdin(in).stdout(stdout);
        CompletableFuture<Harness.Result> run = CompletableFuture.supplyAsync(() -> h.run("chat"));
        type(keys, "tell me everything\n");
        assertThat(answering.await(5, TimeUnit.SECONDS)).isTrue();
        h.interrupts.triggerIfArmed();
        type(keys, "and now?\n");
        keys.close(); // Ctrl-D
        Harness.Result r = run.get(10, TimeUnit.SECONDS);

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("long answer...second answer");
        assertThat(r.stderr()).contains("interrupted");
        assertThat(h.halted).isFalse();
        assertThat(p.requests.get(1).messages()).extracting(Message::text).containsExactly("and now?");
    }

    @Test
    void theParserKnowsWhenAPromptContinues() {
        assertThat(PromptParser.incomplete("a \\")).isTrue();
        assertThat(PromptParser.incomplete("a \\\\")).isFalse();
        assertThat(PromptParser.incomplete("\"\"\"\nx")).isTrue();
        assertThat(PromptParser.incomplete("\"\"\"\nx\n\"\"\"")).isFalse();
        assertThat(PromptParser.incomplete("it's fine")).isFalse();
        assertThat(PromptParser.text("a\\\nb")).isEqualTo("a\nb");
        assertThat(List.of(PromptParser.text("\"\"\"\nx\ny\n\"\"\""))).containsExactly("x\ny");
    }

    private static void type(PipedOutputStream keys, String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }
}
