package dev.g4j.internal;

import dev.g4j.ChatCompletion;
import dev.g4j.ChatEvent;
import dev.g4j.ChatStream;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Async adapters over the pull stream: a future and a {@link Flow.Publisher}, each on a virtual thread. */
public final class Async {
    private Async() {}

    /** Collects on a virtual thread; cancelling the future closes the stream. */
    public static CompletableFuture<ChatCompletion> collect(ChatStream stream) {
        CompletableFuture<ChatCompletion> future = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterrupt) {
                stream.close();
                return super.cancel(mayInterrupt);
            }
        };
        Thread.ofVirtual().name("g4j-collect").start(() -> {
            try {
                future.complete(stream.collect());
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        });
        return future;
    }

    /** A publisher for one subscriber (Reactive Streams rules: demand, cancel, one terminal signal). */
    public static Flow.Publisher<ChatEvent> publisher(ChatStream stream) {
        AtomicBoolean subscribed = new AtomicBoolean();
        return subscriber -> {
            if (!subscribed.compareAndSet(false, true)) {
                subscriber.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {}

                    @Override
                    public void cancel() {}
                });
                subscriber.onError(new IllegalStateException("a ChatStream publisher takes one subscriber"));
                return;
            }
            new Pump(stream, subscriber).start();
        };
    }

    private static final class Pump implements Flow.Subscription {
        private final ChatStream stream;
        private final Flow.Subscriber<? super ChatEvent> subscriber;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition demanded = lock.newCondition();
        private long demand;
        private volatile boolean cancelled;
        private Throwable badRequest;

        Pump(ChatStream stream, Flow.Subscriber<? super ChatEvent> subscriber) {
            this.stream = stream;
            this.subscriber = subscriber;
        }

        void start() {
            subscriber.onSubscribe(this);
            Thread.ofVirtual().name("g4j-publisher").start(this::run);
        }

        @Override
        public void request(long n) {
            lock.lock();
            try {
                if (n <= 0) {
                    badRequest = new IllegalArgumentException("request(" + n + "): demand must be positive (§3.9)");
                } else {
                    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                }
                demanded.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            stream.close();
            lock.lock();
            try {
                demanded.signalAll();
            } finally {
                lock.unlock();
            }
        }

        private void run() {
            try {
                Iterator<ChatEvent> it = stream.iterator();
                while (true) {
                    if (!awaitDemand()) {
                        return;
                    }
                    if (!it.hasNext()) {
                        break;
                    }
                    ChatEvent e = it.next();
                    if (cancelled) {
                        return;
                    }
                    subscriber.onNext(e);
                }
                if (!cancelled) {
                    subscriber.onComplete();
                }
            } catch (Throwable t) {
                if (!cancelled) {
                    subscriber.onError(t);
                }
            } finally {
                stream.close();
            }
        }

        private boolean awaitDemand() throws InterruptedException {
            lock.lock();
            try {
                while (demand == 0 && !cancelled && badRequest == null) {
                    demanded.await();
                }
                if (badRequest != null) {
                    cancelled = true;
                    subscriber.onError(badRequest);
                    return false;
                }
                if (cancelled) {
                    return false;
                }
                demand--;
                return true;
            } finally {
                lock.unlock();
            }
        }
    }
}
