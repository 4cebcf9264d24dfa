package dev.g4j.testkit;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * For leak checks: the live platform threads, the ones started since a snapshot, and a poll that
 * waits for a condition to settle instead of sleeping a fixed time.
 *
 * <pre>{@code
 * Set<Thread> before = ThreadCensus.platformThreads();
 * ... start a component, use it, close it ...
 * ThreadCensus.await("no thread left behind", Duration.ofSeconds(10),
 *         () -> ThreadCensus.startedSince(before).isEmpty(), () -> ThreadCensus.startedSince(before).toString());
 * }</pre>
 *
 * <p>The JDK's own threads behind virtual threads and fork-join pools (carriers, pollers, unparkers,
 * the common pool) are not counted: they start on first use and grow and shrink on their own schedule,
 * whoever used them.
 */
public final class ThreadCensus {
    private static final Pattern JDK_POOLS = Pattern.compile(
            "ForkJoinPool[-.].*|VirtualThread-.*|(Master|Read|Write|Sub)-?Poller.*");
    private static final Duration POLL = Duration.ofMillis(20);

    private ThreadCensus() {}

    /** The live platform threads (virtual threads are not listed by the JVM). */
    public static Set<Thread> platformThreads() {
        return new HashSet<>(Thread.getAllStackTraces().keySet());
    }

    /** The names of live platform threads that were not in {@code before}, the JDK's pools aside. */
    public static List<String> startedSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t) && !JDK_POOLS.matcher(t.getName()).matches())
                .map(Thread::getName).sorted().toList();
    }

    /**
     * Polls {@code condition} until it holds; throws an {@link AssertionError} naming {@code what} and
     * the last {@code state} when it still does not after {@code within}.
     */
    public static void await(String what, Duration within, BooleanSupplier condition, Supplier<String> state) {
        long end = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError(what + " within " + within.toMillis() + " ms; still: " + state.get());
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
    }
}
