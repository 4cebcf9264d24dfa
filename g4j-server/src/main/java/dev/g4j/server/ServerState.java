package dev.g4j.server;

import dev.g4j.Attempt;
import dev.g4j.G4j;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;

/** What every endpoint shares: the client, the configuration, the limits, metrics and health. */
final class ServerState {
    final G4j client;
    final ServerConfig config;
    final ChatParser parser;
    final ConnectionProbe probe = new ConnectionProbe();
    final DisconnectWatcher watcher;
    final ServerMetrics metrics;
    final ProviderHealth health;
    final Clock clock;
    final long startedNanos = System.nanoTime();
    private final Semaphore calls;

    ServerState(G4j client, ServerConfig config, Clock clock) {
        this.client = client;
        this.config = config;
        this.clock = clock;
        this.parser = new ChatParser(config.allowMediaUrls(), client.config().media()::checkUrl);
        this.calls = new Semaphore(config.maxConcurrentStreams());
        this.watcher = new DisconnectWatcher(config.disconnectCheckAfter(), config.sseKeepAlive());
        this.metrics = new ServerMetrics(this::activeCalls, client::activeCalls);
        this.health = new ProviderHealth(clock);
    }

    int activeCalls() {
        return config.maxConcurrentStreams() - calls.availablePermits();
    }

    /** Takes a slot for one upstream call, or answers 503. Release it with {@link #release()}. */
    void acquire() {
        if (!calls.tryAcquire()) {
            throw new ApiException(Errors.overloaded(config.maxConcurrentStreams()));
        }
    }

    void release() {
        calls.release();
    }

    /** Records what a request's provider attempts say about each provider. */
    void recordAttempts(List<Attempt> attempts) {
        health.record(attempts);
        for (Attempt a : attempts) {
            metrics.attempt(a.provider(), a.error().map(e -> e.kind().wireName()).orElse("ok"));
        }
    }

    /**
     * Reads the body, at most {@code maxBodyBytes}. A larger one is a 413 that closes the connection. Up to
     * {@link #DRAIN_LIMIT} of the rest is read and thrown away first: a server that answers and closes
     * while the client is still sending resets the connection, and the client never sees the 413 (only
     * "connection reset"). Nothing of it is kept; a larger body is refused without reading.
     */
    byte[] body(ServerRequest req) {
        long max = config.maxBodyBytes();
        OptionalLong declared = req.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > max
                && req.headers().first(io.helidon.http.HeaderNames.EXPECT).filter(v -> v.strip()
                        .equalsIgnoreCase("100-continue")).isPresent()) {
            // the client waits for a go-ahead before sending: refuse before inviting the body
            throw new ApiException(Errors.tooLarge(max).withHeader("Connection", "close"));
        }
        try (InputStream in = req.content().inputStream()) {
            if (declared.isPresent() && declared.getAsLong() > max) {
                if (declared.getAsLong() <= DRAIN_LIMIT) {
                    drain(in);
                }
                throw new ApiException(Errors.tooLarge(max).withHeader("Connection", "close"));
            }
            if (declared.isPresent()) {
                return in.readNBytes((int) declared.getAsLong());
            }
            try {
                return readChunked(in, max);
            } catch (ApiException e) {
                drain(in); // a chunked body over the limit: the rest of it
                throw e;
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw ApiException.badRequest("the request body could not be read: " + e.getMessage(), null);
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            // Helidon's chunked decoder fails with whatever it met (a NumberFormatException for a bad chunk
            // size): the framing is broken, so is the connection, and it is the client's mistake, not ours
            throw new ApiException(ApiError.badRequest("the request body is not valid chunked encoding", null)
                    .withHeader("Connection", "close"));
        }
    }

    /** How much of a refused body is read (and dropped) so that the client gets to read its 413. */
    static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    private static void drain(InputStream in) {
        try {
            byte[] sink = new byte[16 * 1024];
            long left = DRAIN_LIMIT;
            for (int n; left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0; ) {
                left -= n;
            }
        } catch (IOException | RuntimeException e) {
            // the client stopped sending or left: the 413 goes out (or not) either way
        }
    }

    private static byte[] readChunked(InputStream in, long max) throws IOException {
        int cap = (int) Math.min(max + 1, Integer.MAX_VALUE - 16);
        byte[] buf = new byte[Math.min(cap, 8192)];
        int n = 0;
        while (true) {
            if (n == buf.length) {
                if (n >= cap) {
                    throw new ApiException(Errors.tooLarge(max).withHeader("Connection", "close"));
                }
                buf = Arrays.copyOf(buf, (int) Math.min(cap, (long) buf.length * 2));
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                return Arrays.copyOf(buf, n);
            }
            n += r;
            if (n > max) {
                throw new ApiException(Errors.tooLarge(max).withHeader("Connection", "close"));
            }
        }
    }
}
