package dev.g4j.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.g4j.ChatEvent;
import dev.g4j.ChatRequest;
import dev.g4j.ConnectionException;
import dev.g4j.ErrorKind;
import dev.g4j.G4jException;
import dev.g4j.G4jTimeoutException;
import dev.g4j.MalformedResponseException;
import dev.g4j.Timeouts;
import dev.g4j.http.Redaction;
import dev.g4j.spi.CallContext;
import dev.g4j.spi.Emitter;
import dev.g4j.spi.Provider;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One provider call: {@link Provider#generate} runs on its own virtual thread and hands events to the
 * consumer through a small bounded queue. The consumer side enforces the first-event and idle timeouts
 * and the total deadline; {@link #close()} cancels the call's HTTP exchanges and interrupts the producer.
 * A {@link ChatEvent.Finished} from the provider is held back and delivered last.
 */
final class ProducerStream {
    private static final Logger LOG = LoggerFactory.getLogger(ProducerStream.class);
    private static final int CAPACITY = 64;
    private static final Object END = new Object();
    /** Put by {@link #close()} so that a consumer blocked in {@link #next()} on another thread wakes up. */
    private static final Object CLOSED = new Object();

    private record Failure(G4jException error) {}

    /** Thrown inside the producer when the consumer is gone; unwinds the provider. */
    static final class Closed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Closed() {
            super("stream closed", null, false, false);
        }
    }

    private final Provider provider;
    private final String name;
    private final ChatRequest request;
    private final CallContext ctx;
    private final Timeouts timeouts;
    private final long deadlineNanos;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY);
    private volatile boolean closed;
    private volatile String model = "";
    private Thread thread;
    private ChatEvent.Finished held;
    private volatile boolean sawEvent;
    private boolean ended;
    /** When the consumer began waiting for the next event; 0 while it is not waiting. */
    private volatile long waitingSince;
    private final long startNanos = System.nanoTime();
    private volatile G4jTimeoutException timedOut;

    private final java.util.concurrent.atomic.AtomicInteger active;
    private final Watchdog watchdog;
    private final Watchdog.Watched watch = this::check;

    ProducerStream(Provider provider, ChatRequest request, CallContext ctx, Timeouts timeouts, long deadlineNanos,
            java.util.concurrent.atomic.AtomicInteger active, Watchdog watchdog) {
        this.active = active;
        this.watchdog = watchdog;
        this.provider = provider;
        this.name = provider.info().name();
        this.request = request;
        this.ctx = ctx;
        this.timeouts = timeouts;
        this.deadlineNanos = deadlineNanos;
    }

    ProducerStream start() {
        watchdog.watch(watch);
        active.incrementAndGet();
        try {
            thread = Thread.ofVirtual().name("g4j-" + name).start(this::run);
        } catch (RuntimeException | Error e) {
            active.decrementAndGet();
            throw e;
        }
        return this;
    }

    String providerName() {
        return name;
    }

    /** The model as resolved by the provider's catalog; empty until resolved. */
    String model() {
        return model;
    }

    /**
     * The next event; null at the end of a successful call (or once closed). Waits without a timer: the
     * {@link Watchdog} ends a wait that outlives the first-byte, idle or total deadline.
     */
    ChatEvent next() {
        if (ended) {
            return null;
        }
        Object o = queue.poll();
        if (o == null) {
            waitingSince = System.nanoTime();
            try {
                o = queue.take();
            } catch (InterruptedException e) {
                close();
                Thread.currentThread().interrupt();
                ended = true;
                throw new G4jException(ErrorKind.CANCELLED, "interrupted while waiting for " + name);
            } finally {
                waitingSince = 0;
            }
        }
        // once closed nothing more is delivered: a failure the producer queued while the consumer closed
        // (the race between its 'not closed' check and its put) belongs to no one
        if (o == END || o == CLOSED || closed) {
            ended = true;
            G4jTimeoutException t = timedOut;
            if (t != null) {
                throw t;
            }
            return null;
        }
        if (o instanceof Failure f) {
            ended = true;
            throw f.error();
        }
        sawEvent = true;
        return (ChatEvent) o;
    }

    /** Whether {@link #next()} would return at once. */
    boolean hasReadyEvent() {
        return !ended && !queue.isEmpty();
    }

    /** The watchdog's look: times the stream out when a deadline passed; false once it is over. */
    private boolean check(long now) {
        if (closed || ended) {
            return false;
        }
        if (now - deadlineNanos >= 0) {
            timeOut(timeout(true));
            return false;
        }
        long waiting = waitingSince;
        if (waiting != 0) {
            boolean late = sawEvent
                    ? now - waiting >= timeouts.idle().toNanos()
                    : now - startNanos >= timeouts.firstByte().toNanos();
            if (late) {
                timeOut(timeout(false));
                return false;
            }
        }
        return true;
    }

    private void timeOut(G4jTimeoutException e) {
        timedOut = e;
        close();
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        watchdog.unwatch(watch);
        ctx.cancellation().cancel();
        if (thread != null) {
            thread.interrupt();
        }
        do {
            queue.clear();
        } while (!queue.offer(CLOSED));
    }

    /** Waits for the producer thread to end (tests and leak checks). */
    boolean awaitTermination(Duration d) throws InterruptedException {
        return thread == null || thread.join(d);
    }

    private G4jTimeoutException timeout(boolean deadlineBound) {
        String what;
        if (deadlineBound) {
            what = "the call's deadline of " + seconds(timeouts.total()) + " passed";
        } else if (sawEvent) {
            what = "no event for " + seconds(timeouts.idle()) + " (idle timeout)";
        } else {
            what = "no answer within " + seconds(timeouts.firstByte()) + " (first-byte timeout)";
        }
        return new G4jTimeoutException(what, name, 0, null);
    }

    private void run() {
        try {
            produce();
        } finally {
            active.decrementAndGet();
        }
    }

    private void produce() {
        Emitter emitter = this::emit;
        try {
            requireSettings();
            String resolved = provider.info().models().resolve(
                    request.model(), request.task(), !request.images().isEmpty(), ctx);
            model = resolved;
            ChatRequest call = resolved.equals(request.model()) ? request : request.toBuilder().model(resolved).build();
            provider.generate(call, ctx, emitter);
            put(held != null ? held : new ChatEvent.Finished("stop"));
            put(END);
        } catch (Closed c) {
            // the consumer left; nothing to report
        } catch (Throwable t) {
            if (!closed) {
                G4jException error = classify(t);
                if (!closed) {
                    try {
                        put(new Failure(error));
                    } catch (Closed ignored) {
                        // the consumer left while we reported
                    }
                }
            }
        }
    }

    /**
     * A provider named explicitly without the settings it cannot work without fails with the clear
     * message of {@link dev.g4j.spi.Options#require} before anything is sent, even a model-list fetch:
     * the key of a provider that needs auth, and every required option.
     */
    private void requireSettings() {
        dev.g4j.ProviderInfo info = provider.info();
        if (info.needsAuth()) {
            ctx.options().require(dev.g4j.ProviderOption.API_KEY);
        }
        for (dev.g4j.ProviderOption o : info.options()) {
            if (o.required()) {
                ctx.options().require(o.name());
            }
        }
    }

    private void emit(ChatEvent event) {
        if (closed) {
            throw new Closed();
        }
        if (event instanceof ChatEvent.Finished f) {
            held = f;
            return;
        }
        put(event);
    }

    private void put(Object o) {
        try {
            queue.put(o);
        } catch (InterruptedException e) {
            throw new Closed();
        }
        if (closed) {
            throw new Closed();
        }
    }

    /** Maps whatever a provider threw to a typed failure naming the provider. */
    G4jException classify(Throwable t) {
        if (t instanceof G4jException g) {
            return g.attachProvider(name);
        }
        if (t instanceof UncheckedIOException u && u.getCause() != null) {
            return classify(u.getCause());
        }
        if (t instanceof JsonProcessingException j) {
            return new MalformedResponseException(ErrorKind.INVALID_RESPONSE,
                    "malformed JSON from the service: " + Redaction.excerpt(j.getOriginalMessage(), 160), j)
                    .attachProvider(name);
        }
        if (t instanceof InterruptedException || t instanceof InterruptedIOException && !(isTimeout(t))) {
            return new G4jException(ErrorKind.CANCELLED, "interrupted").attachProvider(name);
        }
        if (t instanceof IOException io) {
            if (isTimeout(io)) {
                // the transport's backstop, set to the larger of the two (see JettyTransport)
                Duration quiet = timeouts.idle().compareTo(timeouts.firstByte()) >= 0
                        ? timeouts.idle() : timeouts.firstByte();
                return new G4jTimeoutException("no data for " + seconds(quiet) + " while reading the answer",
                        name, 0, null);
            }
            if (io instanceof EOFException) {
                // the body ended before its declared end: cut short, as a broken event stream is
                return new MalformedResponseException(ErrorKind.TRUNCATED_STREAM, "answer cut: "
                        + Redaction.text(String.valueOf(io.getMessage())), io).attachProvider(name);
            }
            return new ConnectionException(
                    "connection lost while reading the answer: " + Redaction.ioCause(io),
                    name, 0, null);
        }
        LOG.warn("{} failed unexpectedly", name, t);
        return new MalformedResponseException(ErrorKind.INVALID_RESPONSE,
                "unexpected failure reading the answer: " + t.getClass().getSimpleName()
                        + (t.getMessage() == null ? "" : ": " + Redaction.text(t.getMessage())), t)
                .attachProvider(name);
    }

    static boolean isTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TimeoutException || c instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
