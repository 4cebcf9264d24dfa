package dev.g4j.bench.jmh;

import dev.g4j.Attempt;
import dev.g4j.ChatEvent;
import dev.g4j.ChatStream;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A chat stream of events that are all here already: what the relay reads, without the runtime's
 * hand-over between the provider's thread and the request's. {@code ready} is what
 * {@link #hasReadyEvent()} answers while events remain: false makes the relay write and flush every
 * chunk on its own (an upstream that trickles), true lets it batch (an upstream that bursts).
 */
final class FixedStream implements ChatStream {
    private final List<ChatEvent> events;
    private final boolean ready;
    private Iterator<ChatEvent> it;

    FixedStream(List<ChatEvent> events, boolean ready) {
        this.events = events;
        this.ready = ready;
    }

    @Override
    public Iterator<ChatEvent> iterator() {
        if (it != null) {
            throw new IllegalStateException("a chat stream is read once");
        }
        it = events.iterator();
        return it;
    }

    @Override
    public boolean hasReadyEvent() {
        return ready && it != null && it.hasNext();
    }

    @Override
    public Optional<String> provider() {
        return Optional.of("Bench");
    }

    @Override
    public Optional<String> model() {
        return Optional.of("bench-model");
    }

    @Override
    public List<Attempt> attempts() {
        return List.of();
    }

    @Override
    public void close() {}
}
