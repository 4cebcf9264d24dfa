package dev.g4j.testkit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/** The faults a simulator has been told to inject, each for the next request (of one path, or any). */
final class FaultQueue {

    private record Entry(Optional<String> path, Fault fault) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<Entry> entries = new ArrayDeque<>();

    void add(Optional<String> path, List<Fault> faults) {
        lock.lock();
        try {
            faults.forEach(f -> entries.addLast(new Entry(path, f)));
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns the first fault for this path (or for any path). */
    Optional<Fault> take(String requestPath) {
        lock.lock();
        try {
            for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
                Entry entry = it.next();
                if (entry.path().isEmpty() || entry.path().get().equals(requestPath)) {
                    it.remove();
                    return Optional.of(entry.fault());
                }
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** Serves {@code normal}, or what the next matching fault turns it into. */
    Response apply(String requestPath, Response normal) {
        return take(requestPath).map(f -> f.apply(normal)).orElse(normal);
    }

    void clear() {
        lock.lock();
        try {
            entries.clear();
        } finally {
            lock.unlock();
        }
    }
}
