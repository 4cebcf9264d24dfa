package dev.g4j.server;

import io.helidon.common.socket.HelidonSocket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices clients that went away while their request waits, and cancels the upstream call at once.
 *
 * <p>A streaming write to a closed connection fails, so a stream that is flowing notices by itself. A
 * request that writes nothing (waiting for a first event, a non-streamed answer, a long silence) is
 * watched instead: once it has been silent for {@code armAfter}, its socket is put in Helidon's idle
 * mode (a background one-byte read that ends on EOF), and one ticking virtual thread checks every
 * watched socket. Fast requests are never armed, so they pay nothing but a set insertion.
 */
final class DisconnectWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DisconnectWatcher.class);

    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final long armAfterNanos;
    private final long tickMillis;
    private final Thread ticker;
    private volatile boolean closed;

    DisconnectWatcher(Duration armAfter) {
        this.armAfterNanos = armAfter.toNanos();
        this.tickMillis = Math.clamp(armAfter.toMillis() / 2, 10, 100);
        this.ticker = Thread.ofVirtual().name("g4j-server-disconnect-watcher").start(this::run);
    }

    /** Starts watching a request; {@code onDisconnect} runs at most once, on the watcher's thread. */
    Watch watch(HelidonSocket socket, Runnable onDisconnect) {
        Watch w = new Watch(socket, onDisconnect);
        if (socket != null) {
            watches.add(w);
        }
        return w;
    }

    int watched() {
        return watches.size();
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(tickMillis);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Watch w : watches) {
                try {
                    w.check(now);
                } catch (RuntimeException e) {
                    LOG.debug("disconnect check failed: {}", e.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        ticker.interrupt();
    }

    /** One request's watch. Close it before the handler returns: the connection then owns its socket again. */
    final class Watch implements AutoCloseable {
        private final HelidonSocket socket;
        private final Runnable onDisconnect;
        private final ReentrantLock lock = new ReentrantLock();
        private volatile long lastActivity = System.nanoTime();
        private volatile boolean disconnected;
        private boolean armed; // guarded by lock
        private boolean done; // guarded by lock

        private Watch(HelidonSocket socket, Runnable onDisconnect) {
            this.socket = socket;
            this.onDisconnect = onDisconnect;
        }

        /** Something was written: the connection is evidently fine. */
        void touch() {
            lastActivity = System.nanoTime();
        }

        boolean disconnected() {
            return disconnected;
        }

        /** A write failed: the client is gone. Cancels like a detected disconnect would. */
        void writeFailed() {
            gone();
        }

        private void check(long now) {
            if (disconnected) {
                return;
            }
            lock.lock();
            try {
                if (done) {
                    return;
                }
                if (!armed) {
                    if (now - lastActivity < armAfterNanos) {
                        return;
                    }
                    socket.idle();
                    armed = true;
                }
                // under the lock: once close() has returned, onDisconnect never runs
                if (!socket.isConnected()) {
                    gone();
                }
            } finally {
                lock.unlock();
            }
        }

        private void gone() {
            if (!disconnected) {
                disconnected = true;
                onDisconnect.run();
            }
        }

        @Override
        public void close() {
            lock.lock();
            try {
                done = true;
            } finally {
                lock.unlock();
            }
            watches.remove(this);
        }
    }
}
