package dev.g4j.http;

import dev.g4j.ConnectionException;
import dev.g4j.ErrorKind;
import dev.g4j.G4jException;
import dev.g4j.G4jTimeoutException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import dev.g4j.internal.Watchdog;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.client.BasicAuthentication;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.FormRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpProxy;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.MultiPartRequestContent;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Socks4Proxy;
import org.eclipse.jetty.client.Socks5;
import org.eclipse.jetty.client.Socks5Proxy;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The default {@link Transport}, on Jetty 12's {@link HttpClient}: pooled keep-alive connections, and
 * one client per distinct proxy so that proxies are configured per client, never through JVM-wide
 * settings. Clients start lazily on first use, so a process that sends nothing starts no threads.
 */
public final class JettyTransport implements Transport {
    /**
     * Tuning of the transport.
     *
     * @param connectTimeout to open a TCP (and proxy) connection
     * @param maxConnectionsPerHost pooled connections per destination (a gateway relaying thousands of
     *     streams to one upstream needs thousands)
     * @param userAgent the User-Agent sent when a provider sets none
     */
    public record Settings(Duration connectTimeout, int maxConnectionsPerHost, String userAgent) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(5), 2048, "g4j");

        public Settings {
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(userAgent, "userAgent");
            if (maxConnectionsPerHost <= 0) {
                throw new IllegalArgumentException("maxConnectionsPerHost must be positive");
            }
        }
    }

    private static final Optional<ProxySpec> DIRECT = Optional.empty();

    private final Settings settings;
    private final Watchdog watchdog = new Watchdog("g4j-http-deadlines", java.time.Duration.ofMillis(25));
    private final Map<Optional<ProxySpec>, HttpClient> clients = new ConcurrentHashMap<>();
    private final ReentrantLock startLock = new ReentrantLock();
    private volatile boolean closed;

    private JettyTransport(Settings settings) {
        this.settings = settings;
    }

    public static JettyTransport create() {
        return new JettyTransport(Settings.DEFAULT);
    }

    public static JettyTransport create(Settings settings) {
        return new JettyTransport(settings);
    }

    @Override
    public HttpResponse send(HttpRequest request, CallSettings call) {
        if (call.cancellation().isCancelled()) {
            throw new G4jException(ErrorKind.CANCELLED, "call cancelled");
        }
        Duration remaining = call.remaining();
        if (remaining.isZero()) {
            throw new G4jTimeoutException("deadline passed before " + request.method() + " "
                    + Redaction.url(request.uri().toString()), call.provider(), 0, null);
        }
        HttpClient client = client(call.proxy());
        Request req = client.newRequest(request.uri()).method(request.method())
                .followRedirects(request.followRedirects());
        req.headers(h -> {
            if (request.headers().contains("User-Agent")) {
                h.remove(HttpHeader.USER_AGENT); // the provider's own replaces the default (Settings.userAgent)
            }
            request.headers().fields().forEach(f -> h.add(f.name(), f.value()));
        });
        applyBody(req, request.body());
        // Jetty's idle timeout also runs while the answer's head is awaited, so it must not be shorter
        // than the first-byte wait (a non-streamed answer may think longer than the gap allowed between
        // streamed events); that gap is enforced per event by the runtime, this is the backstop
        req.idleTimeout(Math.max(call.timeouts().idle().toMillis(), call.timeouts().firstByte().toMillis()),
                TimeUnit.MILLISECONDS);

        HeadersListener listener = new HeadersListener();
        long wait = Math.min(call.timeouts().firstByte().toMillis(), remaining.toMillis());
        Deadlines deadlines = new Deadlines(req, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait),
                call.deadlineNanos());
        Cancellation.Registration registration =
                call.cancellation().onCancel(() -> req.abort(new CancelledByCaller()));
        watchdog.watch(deadlines);
        req.send(listener);
        try {
            Response response = listener.headers.get();
            deadlines.headersArrived = true;
            return new JettyResponse(response, listener.getInputStream(), req, () -> {
                registration.close();
                watchdog.unwatch(deadlines);
            });
        } catch (ExecutionException e) {
            registration.close();
            watchdog.unwatch(deadlines);
            if (deadlines.firstByteFired) {
                throw new G4jTimeoutException("no answer within " + wait + " ms from "
                        + Redaction.url(request.uri().toString()), call.provider(), 0, null);
            }
            throw failure(e.getCause(), request.uri(), call);
        } catch (InterruptedException e) {
            req.abort(new CancelledByCaller());
            registration.close();
            watchdog.unwatch(deadlines);
            Thread.currentThread().interrupt();
            throw new G4jException(ErrorKind.CANCELLED, "call interrupted");
        }
    }

    /** Completes a future with the answer's head, so the caller waits without a timer. */
    private static final class HeadersListener extends InputStreamResponseListener {
        final CompletableFuture<Response> headers = new CompletableFuture<>();

        @Override
        public void onHeaders(Response response) {
            super.onHeaders(response);
            headers.complete(response);
        }

        @Override
        public void onComplete(org.eclipse.jetty.client.Result result) {
            super.onComplete(result);
            if (result.isFailed()) {
                headers.completeExceptionally(result.getFailure());
            } else {
                headers.complete(result.getResponse());
            }
        }
    }

    /**
     * The first-byte and total deadlines of one exchange, enforced by the transport's {@link Watchdog}
     * (one look per tick instead of a timer armed and cancelled per request).
     */
    private static final class Deadlines implements Watchdog.Watched {
        private final Request request;
        private final long firstByteNanos;
        private final long totalNanos;
        volatile boolean headersArrived;
        volatile boolean firstByteFired;

        Deadlines(Request request, long firstByteNanos, long totalNanos) {
            this.request = request;
            this.firstByteNanos = firstByteNanos;
            this.totalNanos = totalNanos;
        }

        @Override
        public boolean check(long now) {
            if (!headersArrived && now - firstByteNanos >= 0) {
                firstByteFired = true;
                request.abort(new TimeoutException("no answer before the first-byte deadline"));
                return false;
            }
            if (now - totalNanos >= 0) {
                request.abort(new TimeoutException("the call's deadline passed"));
                return false;
            }
            return true;
        }
    }

    @Override
    public int openConnections() {
        int n = 0;
        for (HttpClient c : clients.values()) {
            for (var d : c.getDestinations()) {
                if (d.getConnectionPool() instanceof org.eclipse.jetty.client.AbstractConnectionPool p) {
                    n += p.getConnectionCount();
                }
            }
        }
        return n;
    }

    /** Exchanges whose deadlines are still watched: sent, and their answer not closed (nor timed out). */
    @Override
    public int openExchanges() {
        return watchdog.size();
    }

    @Override
    public void close() {
        closed = true;
        watchdog.close();
        for (HttpClient c : clients.values()) {
            try {
                c.stop();
            } catch (Exception ignored) {
                // stopping is best effort
            }
        }
        clients.clear();
    }

    private HttpClient client(Optional<ProxySpec> proxy) {
        HttpClient c = clients.get(proxy);
        if (c != null) {
            return c;
        }
        startLock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("transport is closed");
            }
            return clients.computeIfAbsent(proxy, this::start);
        } finally {
            startLock.unlock();
        }
    }

    private HttpClient start(Optional<ProxySpec> proxy) {
        QueuedThreadPool pool = new QueuedThreadPool(64, 2);
        pool.setName("g4j-http" + (proxy.isPresent() ? "-proxy" : ""));
        pool.setDaemon(true);
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        connector.setExecutor(pool);
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        client.setExecutor(pool);
        // Heap buffers from small buckets: Jetty's pool scans a bucket per acquire, so with thousands of
        // open streams an unbounded bucket costs O(connections) per read, and direct buffers cost a
        // zeroed allocation plus a Cleaner each time the pool is full. Beyond a bucket's 256 entries a
        // buffer is a plain young-generation array.
        client.setByteBufferPool(new ArrayByteBufferPool(0, 4096, 65536, 256));
        client.setUseInputDirectByteBuffers(false);
        client.setUseOutputDirectByteBuffers(false);
        // an open stream holds its connection's read buffer between chunks: 4 KiB instead of Jetty's 16
        // (SSE chunks are small; a large body is simply read in more pieces)
        client.setResponseBufferSize(4096);
        client.setConnectTimeout(settings.connectTimeout().toMillis());
        client.setMaxConnectionsPerDestination(settings.maxConnectionsPerHost());
        client.setMaxRequestsQueuedPerDestination(Math.max(1024, settings.maxConnectionsPerHost() * 4));
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, settings.userAgent()));
        client.setFollowRedirects(true);
        proxy.ifPresent(p -> configureProxy(client, p));
        try {
            client.start();
            // a 401 is an answer to report with its body, not a challenge for Jetty to take over
            client.getProtocolHandlers().remove(org.eclipse.jetty.client.WWWAuthenticationProtocolHandler.NAME);
        } catch (Exception e) {
            throw new ConnectionException("could not start the HTTP client: " + e.getMessage(), e);
        }
        return client;
    }

    private static void configureProxy(HttpClient client, ProxySpec p) {
        Origin.Address address = new Origin.Address(p.host(), p.port());
        switch (p.scheme()) {
            case HTTP, HTTPS -> {
                boolean secure = p.scheme() == ProxySpec.Scheme.HTTPS;
                client.getProxyConfiguration().addProxy(new HttpProxy(address, secure));
                if (p.user().isPresent()) {
                    URI proxyUri = URI.create((secure ? "https://" : "http://") + p.host() + ":" + p.port());
                    client.getAuthenticationStore().addAuthenticationResult(new BasicAuthentication.BasicResult(
                            proxyUri, HttpHeader.PROXY_AUTHORIZATION, p.user().get(), p.password().orElse("")));
                }
            }
            case SOCKS5 -> {
                Socks5Proxy socks = new Socks5Proxy(address, false);
                if (p.user().isPresent()) {
                    socks.putAuthenticationFactory(new Socks5.UsernamePasswordAuthenticationFactory(
                            p.user().get(), p.password().orElse("")));
                }
                client.getProxyConfiguration().addProxy(socks);
            }
            case SOCKS4 -> client.getProxyConfiguration().addProxy(new Socks4Proxy(address, false));
        }
    }

    private static void applyBody(Request req, Body body) {
        switch (body) {
            case Body.Empty e -> {}
            case Body.Bytes b -> req.body(new BytesRequestContent(b.contentType(), b.bytes()));
            case Body.Form f -> {
                Fields fields = new Fields();
                f.fields().forEach(field -> fields.add(field.name(), field.value()));
                req.body(new FormRequestContent(fields));
            }
            case Body.Multipart m -> {
                MultiPartRequestContent content = new MultiPartRequestContent();
                for (Body.Part part : m.parts()) {
                    HttpFields fields = HttpFields.build().put(HttpHeader.CONTENT_TYPE, part.contentType());
                    content.addPart(new MultiPart.ByteBufferPart(
                            part.name(), part.filename(), fields, ByteBuffer.wrap(part.bytes())));
                }
                content.close();
                req.body(content);
            }
        }
    }

    /** Maps a failed exchange to a typed failure. */
    static G4jException failure(Throwable cause, URI uri, CallSettings call) {
        String where = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        if (cause instanceof G4jException g) {
            return g;
        }
        if (cause instanceof CancelledByCaller || call.cancellation().isCancelled()) {
            return new G4jException(ErrorKind.CANCELLED, "call cancelled");
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException) {
                return new G4jTimeoutException(
                        "timed out talking to " + where + ": " + message(t), call.provider(), 0, null);
            }
            if (t instanceof java.net.ConnectException) {
                return new ConnectionException("cannot connect to " + where + ": " + message(t)
                        + call.proxy().map(p -> " (via proxy " + p + ")").orElse(""), call.provider(), 0, null);
            }
            if (t instanceof java.net.UnknownHostException || t instanceof java.nio.channels.UnresolvedAddressException) {
                return new ConnectionException("unknown host " + uri.getHost(), call.provider(), 0, null);
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return new ConnectionException("TLS failure with " + where + ": " + message(t), call.provider(), 0, null);
            }
        }
        return new ConnectionException("connection to " + where + " failed: " + message(cause)
                + call.proxy().map(p -> " (via proxy " + p + ")").orElse(""), call.provider(), 0, null);
    }

    private static String message(Throwable t) {
        return Redaction.ioCause(t);
    }

    /** The abort cause we use when the caller closes a stream. */
    static final class CancelledByCaller extends IOException {
        private static final long serialVersionUID = 1L;

        CancelledByCaller() {
            super("cancelled by the caller", null);
        }
    }

    /** An answer whose body is read from Jetty's listener stream. */
    private static final class JettyResponse implements HttpResponse {
        private final Response response;
        private final Request request;
        private final Runnable onClose;
        private final Headers headers;
        private final TrackingStream body;

        JettyResponse(Response response, InputStream in, Request request, Runnable onClose) {
            this.response = response;
            this.request = request;
            this.onClose = onClose;
            this.headers = Headers.of(response.getHeaders().stream()
                    .map(f -> new Headers.Field(f.getName(), f.getValue() == null ? "" : f.getValue()))
                    .toList());
            this.body = new TrackingStream(in);
        }

        @Override
        public int status() {
            return response.getStatus();
        }

        @Override
        public Headers headers() {
            return headers;
        }

        @Override
        public InputStream body() {
            return body;
        }

        @Override
        public void close() {
            if (!body.atEnd) {
                // unread body: abort so the connection is closed rather than pooled half-read
                request.abort(new CancelledByCaller());
            }
            try {
                body.in.close();
            } catch (IOException ignored) {
                // closing after abort may fail; the exchange is over either way
            }
            onClose.run();
        }
    }

    /**
     * Remembers whether the body was read to its end. A body that ends early fails with a plain
     * {@link EOFException}: Jetty's own says nothing but a dump of its connection's state.
     */
    private static final class TrackingStream extends InputStream {
        final InputStream in;
        volatile boolean atEnd;

        TrackingStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b;
            try {
                b = in.read();
            } catch (EOFException e) {
                throw endedEarly(e);
            }
            if (b < 0) {
                atEnd = true;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (EOFException e) {
                throw endedEarly(e);
            }
            if (n < 0) {
                atEnd = true;
            }
            return n;
        }

        private static EOFException endedEarly(EOFException cause) {
            EOFException e = new EOFException("the connection closed before the answer ended");
            e.initCause(cause);
            return e;
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
