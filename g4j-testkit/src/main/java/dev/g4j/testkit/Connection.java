package dev.g4j.testkit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** One accepted socket: reads requests in turn, runs the handler, keeps the connection alive or not. */
final class Connection implements Runnable {

    private final LoopbackServer server;
    private final Socket socket;
    private final int id;
    private final InputStream in;
    private final OutputStream out;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean gone = new AtomicBoolean();

    Connection(LoopbackServer server, Socket socket, int id) throws IOException {
        this.server = server;
        this.socket = socket;
        this.id = id;
        socket.setTcpNoDelay(true); // streamed events must leave at once, not wait for Nagle
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    }

    int id() {
        return id;
    }

    @Override
    public void run() {
        try {
            serve();
        } catch (ClientGoneException e) {
            markGone();
        } catch (IOException | RuntimeException e) {
            // the client vanished between requests, or the server is closing: nothing to report
        } finally {
            close();
            server.connectionClosed(this);
        }
    }

    private void serve() throws IOException {
        RequestReader reader = new RequestReader(in);
        while (!closed.get()) {
            RecordedRequest request;
            boolean keepAlive;
            try {
                Optional<RequestReader.Head> head = reader.readHead();
                if (head.isEmpty()) {
                    return; // the client closed an idle connection: normal
                }
                keepAlive = head.get().keepAlive();
                request = readRequest(reader, head.get());
            } catch (RequestReader.MalformedRequestException e) {
                answerMalformed(e);
                return;
            }
            Exchange exchange = new Exchange(this, request, keepAlive);
            server.record(request);
            if (!server.dispatch(request, exchange)) {
                return;
            }
        }
    }

    private RecordedRequest readRequest(RequestReader reader, RequestReader.Head head) throws IOException {
        boolean chunked = head.chunked();
        long length = chunked ? 0 : head.contentLength();
        if (head.expectsContinue() && (chunked || length > 0)) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        byte[] body = chunked ? reader.readChunked() : reader.readFixed(length);
        String target = head.target();
        String pathAndQuery = target;
        int scheme = target.indexOf("://");
        if (scheme > 0 && !target.startsWith("/")) { // absolute form, as sent to a proxy
            int slash = target.indexOf('/', scheme + 3);
            pathAndQuery = slash < 0 ? "/" : target.substring(slash);
        }
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        String query = question < 0 ? "" : pathAndQuery.substring(question + 1);
        Map<String, List<String>> params = Forms.parseUrlEncoded(query);
        return new RecordedRequest(server.nextSequence(), id, head.method(), target, path, query, params,
                head.version(), head.headers(), body, chunked);
    }

    private void answerMalformed(RequestReader.MalformedRequestException e) {
        try {
            byte[] text = (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 " + e.status + " " + Reasons.phrase(e.status) + "\r\n"
                    + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + text.length
                    + "\r\nConnection: close\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(text);
            out.flush();
        } catch (IOException ignored) {
            // the client is gone as well
        }
    }

    // ---- byte output used by Exchange ----

    void write(byte[] bytes, int offset, int length) throws IOException {
        try {
            out.write(bytes, offset, length);
        } catch (IOException e) {
            throw translate(e);
        }
    }

    void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw translate(e);
        }
    }

    private IOException translate(IOException e) {
        if (e instanceof ClientGoneException || closed.get() || server.isClosed()) {
            return e;
        }
        markGone();
        return new ClientGoneException("the client closed the connection: " + e.getMessage(), e);
    }

    /**
     * Waits up to {@code duration}, watching for the client to go away. True when it did. A read of -1
     * (FIN) or a reset reveals it; data from the client ends the watch, the wait goes on as a sleep.
     */
    boolean awaitClientGone(Duration duration) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        long remaining = duration.toNanos();
        if (remaining <= 0) {
            return false;
        }
        try {
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.ceilDiv(remaining, 1_000_000))));
            in.mark(1);
            int b = in.read();
            if (b < 0) {
                return gone();
            }
            in.reset();
        } catch (SocketTimeoutException timeout) {
            return false;
        } catch (IOException e) {
            if (closed.get() || server.isClosed()) {
                throw e;
            }
            return gone();
        } finally {
            resetTimeout();
        }
        long left = deadline - System.nanoTime();
        if (left > 0) {
            Thread.sleep(Duration.ofNanos(left));
        }
        return false;
    }

    /** Blocks until the client goes away (true) or the server closes the socket (IOException). */
    void awaitClientGone() throws IOException {
        byte[] scratch = new byte[4096];
        try {
            while (in.read(scratch) >= 0) {
                // a stalled server ignores anything the client still sends
            }
        } catch (IOException e) {
            if (closed.get() || server.isClosed()) {
                throw e;
            }
        }
        gone();
    }

    private boolean gone() {
        markGone();
        return true;
    }

    private void resetTimeout() {
        try {
            socket.setSoTimeout(0);
        } catch (IOException ignored) {
            // socket already closed
        }
    }

    void markGone() {
        if (gone.compareAndSet(false, true)) {
            server.clientWentAway(this);
        }
    }

    boolean isGone() {
        return gone.get();
    }

    // ---- endings ----

    /** Sends FIN after what was written: a clean close, or a cut when the body was unfinished. */
    void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                out.flush();
                socket.shutdownOutput();
            } catch (IOException ignored) {
                // the peer is gone already
            }
            closeQuietly();
        }
    }

    /** Aborts with a TCP RST: SO_LINGER 0 makes close() discard unsent data and reset. */
    void reset() {
        if (closed.compareAndSet(false, true)) {
            try {
                out.flush();
            } catch (IOException ignored) {
                // reset anyway
            }
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException ignored) {
                // closing below is the best we can do
            }
            closeQuietly();
        }
    }

    /** Closes at once, for server shutdown; unblocks a thread reading or writing this socket. */
    void abort() {
        closed.set(true);
        closeQuietly();
    }

    boolean isClosed() {
        return closed.get();
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
