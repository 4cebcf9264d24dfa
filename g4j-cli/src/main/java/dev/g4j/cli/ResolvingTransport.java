package dev.g4j.cli;

import dev.g4j.ConnectionException;
import dev.g4j.ErrorKind;
import dev.g4j.G4jException;
import dev.g4j.http.CallSettings;
import dev.g4j.http.HttpRequest;
import dev.g4j.http.HttpResponse;
import dev.g4j.http.Transport;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bounds name resolution by the connect timeout. The JDK's resolver waits as long as the system's does
 * (a dead DNS server costs 10 s and more per lookup), and Jetty's connect timeout starts only after it:
 * with no network, a chain of providers could take minutes to fail. Here a host that does not resolve
 * within the call's connect timeout is a connection failure at once; a host that resolves is then in
 * the JDK's cache, so the transport's own lookup is free. Calls through a proxy are left alone (the
 * proxy resolves).
 */
final class ResolvingTransport implements Transport {
    /** Looks a host up; the JDK's resolver outside tests. */
    interface Resolver {
        void resolve(String host) throws UnknownHostException;
    }

    private final Transport delegate;
    private final Resolver resolver;

    ResolvingTransport(Transport delegate) {
        this(delegate, InetAddress::getAllByName);
    }

    ResolvingTransport(Transport delegate, Resolver resolver) {
        this.delegate = delegate;
        this.resolver = resolver;
    }

    @Override
    public HttpResponse send(HttpRequest request, CallSettings settings) {
        String host = request.uri().getHost();
        if (settings.proxy().isEmpty() && host != null && !isLiteral(host)) {
            Duration limit = settings.timeouts().connect();
            Duration left = settings.remaining();
            resolve(host, left.compareTo(limit) < 0 ? left : limit, settings.provider());
        }
        return delegate.send(request, settings);
    }

    private void resolve(String host, Duration limit, String provider) {
        CompletableFuture<Void> lookup = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().daemon().name("g4j-resolve").unstarted(() -> {
            try {
                resolver.resolve(host);
                lookup.complete(null);
            } catch (UnknownHostException | RuntimeException e) {
                lookup.completeExceptionally(e);
            }
        });
        t.start();
        try {
            lookup.get(Math.max(1, limit.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ConnectionException("cannot resolve " + host + " within " + Errors.seconds(limit)
                    + " (is the network down?)", provider, 0, null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException) {
                throw new ConnectionException("unknown host " + host, provider, 0, null);
            }
            throw new ConnectionException("cannot resolve " + host + ": " + e.getCause().getMessage(), provider, 0,
                    null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new G4jException(ErrorKind.CANCELLED, "interrupted while resolving " + host);
        }
    }

    /** An IPv4 or bracketed/bare IPv6 literal, or localhost: nothing to resolve. */
    static boolean isLiteral(String host) {
        return host.equalsIgnoreCase("localhost") || host.indexOf(':') >= 0 || host.startsWith("[")
                || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    @Override
    public int openConnections() {
        return delegate.openConnections();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
