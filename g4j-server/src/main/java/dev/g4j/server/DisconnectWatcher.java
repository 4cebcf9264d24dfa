package dev.g4j.server;

import io.helidon.common.socket.HelidonSocket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Notices clients that went away while their request waits, and cancels the upstream call at once.
 *
 * <p>A write to a closed connection fails, so a stream that is flowing notices by itself. Silent
 * requests are watched by one ticking virtual thread:
 * <ul>
 *   <li>Before any output (waiting for a first event, or for a whole non-streamed answer), a request
 *       silent for {@code armAfter} gets a probe: a virtual thread blocked in a read of its socket,
 *       which returns end-of-stream when the client hangs up. Nothing else reads the socket while a
 *       request is handled; so that the probe cannot race the connection's next request, a probed
 *       request's answer carries {@code Connection: close}. Fast requests are never probed, and keep
 *       their connection.</li>
 *   <li>After output started, a stream silent for {@code keepAlive} gets an SSE comment
 *       ({@code : keep-alive}), which clients ignore, proxies take as life, and which fails when the
 *       client is gone.</li>
 * </ul>
 */
final class DisconnectWatcher implements AutoCloseable {
    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final long armAfterNanos;
    private final long keepAliveNanos;
    private final long tickMillis;
    private final Thread ticker;
    private volatile boolean closed;

    DisconnectWatcher(Duration armAfter, Duration keepAlive) {
        this.armAfterNanos = armAfter.toNanos();
        this.keepAliveNanos = keepAlive.toNanos();
        this.tickMillis = Math.clamp(Math.min(armAfter.toMillis(), keepAlive.toMillis()) / 2, 5, 100);
        this.ticker = Thread.ofVirtual().name("g4j-server-disconnect-watcher").start(this::run);
    }

    /**
     * Starts watching a request; {@code onDisconnect} runs at most once, never after the watch is
     * closed. Without a socket (not HTTP/1.1 on a plain socket) only write failures are noticed.
     */
    Watch watch(Call call, HelidonSocket socket, Runnable onDisconnect) {
        Watch w = new Watch(call, socket, onDisconnect);
        watches.add(w);
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
                    w.call.log(false, "disconnect check failed: {}", e.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        ticker.interrupt();
    }

    /** One request's watch. Close it before the handler returns. */
    final class Watch implements AutoCloseable {
        private final Call call;
        private final HelidonSocket socket;
        private final Runnable onDisconnect;
        private final ReentrantLock lock = new ReentrantLock();
        private volatile long lastActivity = System.nanoTime();
        private volatile boolean disconnected;
        private volatile Runnable keepAlive;
        private boolean output; // guarded by lock
        private boolean probing; // guarded by lock
        private boolean done; // guarded by lock
        private boolean keepAliveRunning; // guarded by lock

        private Watch(Call call, HelidonSocket socket, Runnable onDisconnect) {
            this.call = call;
            this.socket = socket;
            this.onDisconnect = onDisconnect;
        }

        /**
         * The answer is about to be sent: no probe starts after this. Returns whether one is running,
         * in which case the answer must close the connection.
         */
        boolean startOutput() {
            lock.lock();
            try {
                output = true;
                return probing;
            } finally {
                lock.unlock();
            }
        }

        /** Once streaming: how to write a keep-alive comment (must be safe against the stream's own writes). */
        void keepAlive(Runnable writeComment) {
            this.keepAlive = writeComment;
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
            lock.lock();
            try {
                gone();
            } finally {
                lock.unlock();
            }
        }

        private void check(long now) {
            long silent = now - lastActivity;
            if (disconnected || silent < Math.min(armAfterNanos, keepAliveNanos)) {
                return;
            }
            lock.lock();
            try {
                if (done) {
                    return;
                }
                if (!output && !probing && socket != null && silent >= armAfterNanos) {
                    probing = true;
                    Thread.ofVirtual().name("g4j-server-probe").start(this::probe);
                } else if (output && keepAlive != null && !keepAliveRunning && silent >= keepAliveNanos) {
                    keepAliveRunning = true;
                    touch();
                    Thread.ofVirtual().name("g4j-server-keepalive").start(this::sendKeepAlive);
                }
            } finally {
                lock.unlock();
            }
        }

        /** Blocks in a read of the request's socket: end-of-stream (or a reset) means the client hung up. */
        private void probe() {
            byte[] data;
            try {
                data = socket.get();
            } catch (RuntimeException e) {
                data = null; // reset by the peer, or closed by the server after the answer
            }
            if (data == null) {
                call.log(false, "the client hung up while waiting");
                writeFailed();
            }
            // data: the client sent more on this connection; the answer closes it (Connection: close)
        }

        private void sendKeepAlive() {
            try {
                keepAlive.run();
            } finally {
                lock.lock();
                try {
                    keepAliveRunning = false;
                } finally {
                    lock.unlock();
                }
            }
        }

        /** Under the lock: after close() has returned, onDisconnect never runs. */
        private void gone() {
            if (!disconnected && !done) {
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
