package dev.g4j.spi;

import java.time.Duration;

/** Waits. Injected so that tests of polling never sleep for real. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d);

    void sleep(Duration duration) throws InterruptedException;
}
