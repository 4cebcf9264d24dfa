package dev.g4j.internal;

import dev.g4j.AllProvidersFailedException;
import dev.g4j.Attempt;
import dev.g4j.ChatEvent;
import dev.g4j.ChatStream;
import dev.g4j.ErrorKind;
import dev.g4j.G4jException;
import dev.g4j.ModelNotFoundException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chain of providers tried in order. A retryable failure before any content event moves on to the
 * next provider; once content has reached the consumer, a failure is reported, never retried, so output
 * is never repeated. The final failure lists every attempt.
 */
final class FallbackStream implements ChatStream {
    private static final Logger LOG = LoggerFactory.getLogger(FallbackStream.class);

    private final List<Route> routes;
    private final Function<Route, ProducerStream> starter;
    private final Health health;
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final AtomicBoolean iterated = new AtomicBoolean();
    private volatile ProducerStream current;
    private volatile String lastProvider;
    private volatile String lastModel;
    private volatile boolean closed;
    private int index = -1;
    private long attemptStart;
    private boolean contentSeen;
    private boolean done;

    FallbackStream(List<Route> routes, Function<Route, ProducerStream> starter, Health health) {
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("no provider to try");
        }
        this.routes = List.copyOf(routes);
        this.starter = starter;
        this.health = health;
    }

    @Override
    public Iterator<ChatEvent> iterator() {
        if (!iterated.compareAndSet(false, true)) {
            throw new IllegalStateException("a ChatStream can be iterated once");
        }
        return new Iterator<>() {
            private ChatEvent next;

            @Override
            public boolean hasNext() {
                if (next == null && !done) {
                    next = pull();
                }
                return next != null;
            }

            @Override
            public ChatEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ChatEvent e = next;
                next = null;
                return e;
            }
        };
    }

    @Override
    public Optional<String> provider() {
        return Optional.ofNullable(lastProvider);
    }

    @Override
    public Optional<String> model() {
        ProducerStream c = current;
        if (c != null && !c.model().isEmpty()) {
            return Optional.of(c.model());
        }
        return Optional.ofNullable(lastModel).filter(m -> !m.isEmpty());
    }

    @Override
    public List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    @Override
    public boolean hasReadyEvent() {
        ProducerStream c = current;
        return c != null && !done && !closed && c.hasReadyEvent();
    }

    @Override
    public void close() {
        closed = true;
        ProducerStream c = current;
        if (c != null) {
            c.close();
        }
    }

    private ChatEvent pull() {
        while (true) {
            if (closed) {
                done = true;
                return null;
            }
            if (current == null) {
                index++;
                Route route = routes.get(index);
                attemptStart = System.nanoTime();
                lastProvider = route.provider().info().name();
                lastModel = route.request().model();
                current = starter.apply(route);
                if (closed) {
                    current.close();
                }
            }
            ProducerStream c = current;
            try {
                ChatEvent e = c.next();
                if (e == null && closed) {
                    done = true;
                    return null;
                }
                if (e == null) {
                    record(c, Optional.empty());
                    health.succeeded(c.providerName());
                    done = true;
                    return null;
                }
                if (e.isContent()) {
                    contentSeen = true;
                }
                return e;
            } catch (G4jException error) {
                c.close();
                if (closed) {
                    done = true;
                    return null;
                }
                record(c, Optional.of(error));
                if (error.kind() != ErrorKind.CANCELLED) {
                    health.failed(c.providerName());
                }
                lastModel = c.model();
                current = null;
                if (contentSeen || !error.retryable() || index + 1 >= routes.size()) {
                    done = true;
                    throw finalError(error);
                }
                LOG.debug("{} failed ({}), trying {}", c.providerName(), error.getMessage(),
                        routes.get(index + 1).provider().info().name());
            }
        }
    }

    private void record(ProducerStream c, Optional<G4jException> error) {
        String model = c.model().isEmpty() ? routes.get(index).request().model() : c.model();
        attempts.add(new Attempt(c.providerName(), model, Duration.ofNanos(System.nanoTime() - attemptStart), error));
    }

    private G4jException finalError(G4jException last) {
        if (attempts.size() <= 1 || contentSeen || !last.retryable()) {
            return last;
        }
        if (attempts.stream().allMatch(a -> a.error().orElse(null) instanceof ModelNotFoundException)) {
            return unknownEverywhere(last);
        }
        return new AllProvidersFailedException(attempts);
    }

    /**
     * No provider of the chain knows the model: that is the request's mistake, not the providers'
     * failure, so it stays a model-not-found error, listing every name any of them would have taken.
     */
    private ModelNotFoundException unknownEverywhere(G4jException last) {
        java.util.Set<String> available = new java.util.LinkedHashSet<>();
        for (Attempt a : attempts) {
            a.error().ifPresent(e -> available.addAll(((ModelNotFoundException) e).available()));
        }
        String model = ((ModelNotFoundException) last).model();
        return new ModelNotFoundException(model, List.copyOf(available), null);
    }
}
