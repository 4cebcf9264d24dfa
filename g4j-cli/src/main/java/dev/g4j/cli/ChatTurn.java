package dev.g4j.cli;

import dev.g4j.Attempt;
import dev.g4j.ChatEvent;
import dev.g4j.ChatRequest;
import dev.g4j.ChatStream;
import dev.g4j.ErrorKind;
import dev.g4j.G4j;
import dev.g4j.G4jException;
import dev.g4j.G4jTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request, streamed to a sink: the runner shared by a single {@code chat}, each turn of the
 * interactive session, and {@code image}. Ctrl-C closes the stream; a watchdog gives up on a network
 * that does not answer at all (see {@link #giveUpAfter}).
 */
final class ChatTurn {
    /**
     * How one turn ended.
     *
     * @param error empty on success; a {@code cancelled} failure when interrupted
     */
    record Outcome(
            String text,
            List<ChatEvent.ImageOutput> images,
            Optional<ChatEvent.ConversationState> conversation,
            String provider,
            String model,
            Optional<Throwable> error,
            List<Attempt> attempts) {

        boolean ok() {
            return error.isEmpty();
        }

        boolean interrupted() {
            return error.filter(e -> e instanceof G4jException g && g.kind() == ErrorKind.CANCELLED).isPresent();
        }

        int exitCode() {
            return error.map(Errors::exitCode).orElse(Errors.OK);
        }
    }

    private final G4j g4j;
    private final Interrupts interrupts;
    private final Duration giveUpAfter;
    private final int verbosity;

    /**
     * @param giveUpAfter after this long without a single event, the turn is abandoned as soon as one
     *     provider has failed to connect: with no network, every provider of a long chain would otherwise
     *     spend its own connect timeout, and the command must end within seconds
     */
    ChatTurn(G4j g4j, Interrupts interrupts, Duration giveUpAfter, int verbosity) {
        this.g4j = g4j;
        this.interrupts = interrupts;
        this.giveUpAfter = giveUpAfter;
        this.verbosity = verbosity;
    }

    Outcome run(ChatRequest request, EventSink sink) {
        ChatStream stream;
        try {
            stream = g4j.chat().stream(request);
        } catch (G4jException e) {
            return failed(e, List.of(), sink, null);
        }
        StringBuilder text = new StringBuilder();
        List<ChatEvent.ImageOutput> images = new ArrayList<>();
        ChatEvent.ConversationState state = null;
        AtomicBoolean anyEvent = new AtomicBoolean();
        Watchdog watchdog = new Watchdog(stream, anyEvent);
        SinkTurn turn = new SinkTurn(stream, verbosity);
        // closing the stream wakes the reader and stops the provider; no thread interrupt, which could
        // land after the turn ended and break the session's next read of the terminal
        try (stream; Interrupts.Scope scope = interrupts.arm(stream::close)) {
            watchdog.start();
            try {
                for (ChatEvent e : stream) {
                    anyEvent.set(true);
                    switch (e) {
                        case ChatEvent.TextDelta t -> text.append(t.text());
                        case ChatEvent.ImageOutput i -> images.add(i);
                        case ChatEvent.ConversationState c -> state = c;
                        default -> { }
                    }
                    sink.accept(e, turn);
                }
            } catch (G4jException e) {
                if (interrupts.requested()) {
                    return failed(cancelled(), stream.attempts(), sink, turn);
                }
                return failed(e, stream.attempts(), sink, turn);
            } catch (TextSink.BrokenOutput e) {
                // nobody reads the answer any more (`g4j chat ... | head -1`): stop it, quietly
                stream.close();
                return new Outcome(text.toString(), images, Optional.ofNullable(state), turn.provider(),
                        turn.model(), Optional.empty(), stream.attempts());
            } finally {
                watchdog.stop();
            }
            if (interrupts.requested()) {
                return failed(cancelled(), stream.attempts(), sink, turn);
            }
            if (watchdog.gaveUp()) {
                return failed(watchdog.failure(), watchdog.attempts(), sink, turn);
            }
            sink.end(turn, true);
            return new Outcome(text.toString(), images, Optional.ofNullable(state), turn.provider(), turn.model(),
                    Optional.empty(), stream.attempts());
        }
    }

    private static G4jException cancelled() {
        return new G4jException(ErrorKind.CANCELLED, "interrupted");
    }

    private static Outcome failed(Throwable e, List<Attempt> attempts, EventSink sink, SinkTurn turn) {
        if (turn != null) {
            sink.end(turn, false);
        }
        sink.failure(e, attempts);
        String provider = turn == null ? "" : turn.provider();
        return new Outcome("", List.of(), Optional.empty(), provider, "", Optional.of(e), attempts);
    }

    /** The sink's view of the stream. */
    private record SinkTurn(ChatStream stream, int verbosity) implements EventSink.Turn {
        @Override
        public String provider() {
            return stream.provider().orElse("");
        }

        @Override
        public String model() {
            return stream.model().orElse("");
        }
    }

    /** Abandons a turn when nothing has answered and the network looks unreachable. */
    private final class Watchdog {
        private final ChatStream stream;
        private final AtomicBoolean anyEvent;
        private volatile boolean stopped;
        private volatile boolean gaveUp;
        private volatile List<Attempt> attempts = List.of();
        private Thread thread;

        Watchdog(ChatStream stream, AtomicBoolean anyEvent) {
            this.stream = stream;
            this.anyEvent = anyEvent;
        }

        void start() {
            thread = Thread.ofVirtual().name("g4j-watchdog").start(this::watch);
        }

        void stop() {
            stopped = true;
            if (thread != null) {
                thread.interrupt();
            }
        }

        boolean gaveUp() {
            return gaveUp;
        }

        List<Attempt> attempts() {
            return attempts;
        }

        G4jException failure() {
            return new G4jException(ErrorKind.CONNECTION_FAILED, "no provider answered within "
                    + Errors.seconds(giveUpAfter) + " and the network looks unreachable");
        }

        private void watch() {
            long start = System.nanoTime();
            try {
                Thread.sleep(giveUpAfter);
                while (!stopped && !anyEvent.get()) {
                    List<Attempt> tried = stream.attempts();
                    boolean unreachable = tried.stream().anyMatch(a -> a.error()
                            .filter(e -> e.kind() == ErrorKind.CONNECTION_FAILED || e.kind() == ErrorKind.TIMEOUT)
                            .isPresent());
                    if (unreachable) {
                        List<Attempt> all = new ArrayList<>(tried);
                        String current = stream.provider().orElse("");
                        if (!current.isEmpty() && tried.stream().noneMatch(a -> a.provider().equals(current))) {
                            Duration spent = Duration.ofNanos(System.nanoTime() - start)
                                    .minus(tried.stream().map(Attempt::elapsed).reduce(Duration.ZERO, Duration::plus));
                            all.add(new Attempt(current, stream.model().orElse(""), spent.isNegative() ? Duration.ZERO
                                    : spent, Optional.of(new G4jTimeoutException("abandoned while connecting"))));
                        }
                        attempts = List.copyOf(all);
                        gaveUp = true;
                        stream.close();
                        return;
                    }
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                // stopped: the turn ended
            }
        }
    }
}
