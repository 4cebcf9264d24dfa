package dev.g4j.http;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A cancel signal shared by one call: the consumer's {@code close()} fires it, and whatever registered
 * an abort hook (an in-flight HTTP exchange) is aborted at once. Thread-safe; {@link #cancel()} is
 * idempotent.
 */
public final class Cancellation {
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Runnable> hooks = new ArrayList<>();
    private volatile boolean cancelled;

    /** A registration to close once the guarded work is over. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Registers an abort hook; it runs at once when the call is already cancelled. */
    public Registration onCancel(Runnable hook) {
        lock.lock();
        try {
            if (!cancelled) {
                hooks.add(hook);
                return () -> remove(hook);
            }
        } finally {
            lock.unlock();
        }
        hook.run();
        return () -> {};
    }

    public void cancel() {
        List<Runnable> toRun;
        lock.lock();
        try {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = new ArrayList<>(hooks);
            hooks.clear();
        } finally {
            lock.unlock();
        }
        for (Runnable r : toRun) {
            try {
                r.run();
            } catch (RuntimeException ignored) {
                // an abort hook failing must not stop the others
            }
        }
    }

    private void remove(Runnable hook) {
        lock.lock();
        try {
            hooks.remove(hook);
        } finally {
            lock.unlock();
        }
    }
}
