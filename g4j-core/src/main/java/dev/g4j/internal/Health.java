package dev.g4j.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Remembers which providers failed recently, so automatic chains try them last for a cool-down. */
final class Health {
    private final Map<String, Long> failedAt = new ConcurrentHashMap<>();
    private final long cooldownNanos;

    Health(Duration cooldown) {
        this.cooldownNanos = cooldown.toNanos();
    }

    void failed(String provider) {
        failedAt.put(provider, System.nanoTime());
    }

    void succeeded(String provider) {
        failedAt.remove(provider);
    }

    boolean coolingDown(String provider) {
        Long t = failedAt.get(provider);
        return t != null && System.nanoTime() - t < cooldownNanos;
    }

    /** A stable reordering: providers cooling down go last, otherwise in the given order. */
    <T> List<T> order(List<T> items, Function<T, String> name) {
        List<T> fresh = new ArrayList<>();
        List<T> cooling = new ArrayList<>();
        for (T t : items) {
            (coolingDown(name.apply(t)) ? cooling : fresh).add(t);
        }
        fresh.addAll(cooling);
        return fresh;
    }
}
