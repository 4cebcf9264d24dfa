package dev.g4j;

import dev.g4j.internal.Async;
import dev.g4j.internal.Completions;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A chat answer as it arrives: iterate its {@link ChatEvent}s (once), then it is over. Failures surface
 * from iteration as {@link G4jException}s; a successful stream ends with {@link ChatEvent.Finished}.
 *
 * <p>{@link #close()} is idempotent, may be called from any thread, stops the producer and aborts its
 * HTTP exchange. Read it with try-with-resources:
 *
 * <pre>{@code
 * try (ChatStream s = g4j.chat().stream(ChatRequest.of("Hello"))) {
 *     for (ChatEvent e : s) {
 *         if (e instanceof ChatEvent.TextDelta t) System.out.print(t.text());
 *     }
 * }
 * }</pre>
 */
public interface ChatStream extends Iterable<ChatEvent>, AutoCloseable {

    /** The events; may be called once. */
    @Override
    Iterator<ChatEvent> iterator();

    /** The provider serving (or last tried), once one has started. */
    Optional<String> provider();

    /** The model as the serving provider resolved it, once known. */
    Optional<String> model();

    /** Every provider tried so far, in order, with its outcome. */
    List<Attempt> attempts();

    @Override
    void close();

    /**
     * Whether the next event is already here, so that reading it will not wait. A front end relaying
     * events can batch its writes while this is true and flush when it turns false.
     */
    default boolean hasReadyEvent() {
        return false;
    }

    /** The events as a sequential {@link Stream}; closing the stream closes this. */
    default Stream<ChatEvent> stream() {
        return StreamSupport.stream(
                        Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
                        false)
                .onClose(this::close);
    }

    /** Reads to the end and returns the text; closes. */
    default String text() {
        return collect().text();
    }

    /** Reads to the end and returns every generated image; closes. */
    default List<ChatEvent.ImageOutput> images() {
        return collect().images();
    }

    /** Reads to the end and assembles the whole answer; closes. */
    default ChatCompletion collect() {
        try (this) {
            return Completions.collect(this);
        }
    }

    /** Collects on a virtual thread; cancelling the future closes the stream. */
    default CompletableFuture<ChatCompletion> collectAsync() {
        return Async.collect(this);
    }

    /**
     * The events as a {@link Flow.Publisher} for one subscriber, honouring demand; cancelling the
     * subscription closes the stream.
     */
    default Flow.Publisher<ChatEvent> publisher() {
        return Async.publisher(this);
    }
}
