package dev.g4j;

import java.time.Duration;
import java.util.Objects;

/**
 * The layered timeouts of one call.
 *
 * @param connect to open a connection (TCP, TLS, proxy handshake)
 * @param firstByte from sending a request to its answer's headers, and from the start of a call to its
 *     first event (a non-streamed answer may think for a long time)
 * @param idle the longest silence between two events of a stream, and between two reads of a body
 * @param total the deadline of the whole call
 */
public record Timeouts(Duration connect, Duration firstByte, Duration idle, Duration total) {
    public static final Timeouts DEFAULT =
            new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(120), Duration.ofSeconds(60), Duration.ofMinutes(10));

    public Timeouts {
        positive(connect, "connect");
        positive(firstByte, "firstByte");
        positive(idle, "idle");
        positive(total, "total");
    }

    public Timeouts withConnect(Duration d) {
        return new Timeouts(d, firstByte, idle, total);
    }

    public Timeouts withFirstByte(Duration d) {
        return new Timeouts(connect, d, idle, total);
    }

    public Timeouts withIdle(Duration d) {
        return new Timeouts(connect, firstByte, d, total);
    }

    /** A total deadline; the other layers are capped to it. */
    public Timeouts withTotal(Duration d) {
        return new Timeouts(min(connect, d), min(firstByte, d), min(idle, d), d);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " timeout must be positive: " + d);
        }
    }
}
