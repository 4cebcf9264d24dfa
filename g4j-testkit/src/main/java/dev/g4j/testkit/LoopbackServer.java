package dev.g4j.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A raw HTTP/1.1 server on 127.0.0.1, written on plain JDK sockets so that every byte and every fault
 * is under the test's control. One virtual thread per connection; keep-alive, chunked request bodies
 * and {@code Expect: 100-continue} are supported.
 *
 * <pre>{@code
 * try (LoopbackServer server = LoopbackServer.start((request, exchange) -> {
 *     exchange.header("Content-Type", "text/plain").send("hello");
 * })) {
 *     // point the client at server.uri()
 *     RecordedRequest seen = server.takeRequest(Duration.ofSeconds(1)).orElseThrow();
 * }
 * }</pre>
 *
 * <p>Besides the requests, it keeps the accounting a test needs to prove that a client hung up:
 * {@link #acceptedConnections()}, {@link #openConnections()}, and {@link #clientDisconnects()} (clients
 * that left while a response was being written, paused or stalled) with
 * {@link #awaitClientDisconnects(int, Duration)}.
 */
public final class LoopbackServer implements AutoCloseable {

    private final ServerSocket listener;
    private final Handler handler;
    private final Thread acceptor;
    private final Set<Connection> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<RecordedRequest> unread = new LinkedBlockingQueue<>();
    private final List<HandlerFailure> failures = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition disconnected = lock.newCondition();
    private int disconnects; // guarded by lock
    private volatile boolean closed;

    private LoopbackServer(ServerSocket listener, Handler handler) {
        this.listener = listener;
        this.handler = handler;
        this.acceptor = Thread.ofVirtual().name("g4j-loopback-" + listener.getLocalPort() + "-accept")
                .unstarted(this::acceptLoop);
    }

    /**
     * Binds 127.0.0.1 on an ephemeral port and starts serving.
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static LoopbackServer start(Handler handler) {
        Objects.requireNonNull(handler, "handler");
        try {
            ServerSocket listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
            LoopbackServer server = new LoopbackServer(listener, handler);
            server.acceptor.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a loopback port", e);
        }
    }

    /** The port the server listens on. */
    public int port() {
        return listener.getLocalPort();
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** {@code http://127.0.0.1:PORT} followed by the given path (which should start with {@code /}). */
    public URI uri(String path) {
        return URI.create(uri() + path);
    }

    /** Every request received so far, in arrival order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The number of requests received so far. */
    public int requestCount() {
        return requests.size();
    }

    /**
     * The oldest request not yet taken, waiting up to the timeout for one to arrive. Independent of
     * {@link #requests()}, which always holds every request.
     */
    public Optional<RecordedRequest> takeRequest(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(unread.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** Connections accepted since the start. */
    public int acceptedConnections() {
        return accepted.get();
    }

    /** Connections currently open. */
    public int openConnections() {
        return live.size();
    }

    /** Clients that went away while a response was being written, paused or stalled. */
    public int clientDisconnects() {
        lock.lock();
        try {
            return disconnects;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until at least {@code count} client disconnects were counted; false on timeout. */
    public boolean awaitClientDisconnects(int count, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (disconnects < count) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = disconnected.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the first client disconnect; false on timeout. */
    public boolean awaitClientDisconnect(Duration timeout) throws InterruptedException {
        return awaitClientDisconnects(1, timeout);
    }

    /** Handlers that threw, in order. A healthy test expects this to be empty. */
    public List<HandlerFailure> failures() {
        return List.copyOf(failures);
    }

    /** Closes the listener and every live connection; handlers blocked on I/O are released. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        live.forEach(Connection::abort);
        try {
            acceptor.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isClosed() {
        return closed;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            try {
                Connection connection = new Connection(this, socket, accepted.getAndIncrement());
                live.add(connection);
                if (closed) {
                    connection.abort();
                }
                Thread.ofVirtual().name("g4j-loopback-" + port() + "-conn-" + connection.id()).start(connection);
            } catch (IOException e) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // dropped
                }
            }
        }
    }

    long nextSequence() {
        return sequence.getAndIncrement();
    }

    void record(RecordedRequest request) {
        requests.add(request);
        unread.add(request);
    }

    /** Runs the handler; true when the connection may serve another request. */
    boolean dispatch(RecordedRequest request, Exchange exchange) throws IOException {
        try {
            handler.handle(request, exchange);
            exchange.complete();
        } catch (ClientGoneException gone) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.fail(e);
            return false;
        } catch (Exception | Error e) {
            if (closed) {
                return false; // shutdown broke the handler's I/O: not the handler's fault
            }
            failures.add(new HandlerFailure(request, e));
            exchange.fail(e);
            return false;
        }
        return exchange.reusable();
    }

    void clientWentAway(Connection connection) {
        if (closed) {
            return;
        }
        lock.lock();
        try {
            disconnects++;
            disconnected.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void connectionClosed(Connection connection) {
        live.remove(connection);
    }

    @Override
    public String toString() {
        return "LoopbackServer[" + uri() + ", " + requests.size() + " requests, " + live.size() + " open connections]";
    }
}
