package dev.g4j.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Enforces deadlines by looking, not by arming a timer per wait: one daemon thread wakes every tick and
 * asks each watched item whether its time is up. A timed wait per event (a timer scheduled and cancelled
 * for every chunk of every stream) cost more CPU than relaying the chunk; this costs a volatile write
 * per event. Deadlines fire within one tick of being due.
 */
public final class Watchdog implements AutoCloseable {
    /** Something with deadlines. */
    @FunctionalInterface
    public interface Watched {
        /** Acts on a passed deadline; returns false once it no longer needs watching. */
        boolean check(long nowNanos);
    }

    private final Set<Watched> watched = ConcurrentHashMap.newKeySet();
    private final long tickNanos;
    private final String name;
    private final ReentrantLock startLock = new ReentrantLock();
    private volatile Thread thread;
    private volatile boolean closed;

    public Watchdog(String name, Duration tick) {
        this.name = name;
        this.tickNanos = tick.toNanos();
    }

    public void watch(Watched w) {
        watched.add(w);
        if (thread == null) {
            start();
        }
    }

    public void unwatch(Watched w) {
        watched.remove(w);
    }

    /** How many items are watched (for tests and leak checks). */
    public int size() {
        return watched.size();
    }

    private void start() {
        startLock.lock();
        try {
            if (thread == null && !closed) {
                thread = Thread.ofPlatform().daemon().name(name).start(this::loop);
            }
        } finally {
            startLock.unlock();
        }
    }

    private void loop() {
        while (!closed) {
            try {
                Thread.sleep(Duration.ofNanos(tickNanos));
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Watched w : watched) {
                try {
                    if (!w.check(now)) {
                        watched.remove(w);
                    }
                } catch (RuntimeException e) {
                    watched.remove(w); // a broken item must not stop the others
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        watched.clear();
    }
}
