package dev.g4j.bench.jmh;

import java.util.Objects;

/**
 * The correctness checks every benchmark's setup runs before it measures anything: a benchmark whose
 * path is broken fails (JMH reports the exception) instead of timing the wrong work.
 */
final class Check {
    private Check() {}

    static void that(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("benchmark setup check failed: " + what);
        }
    }

    static void equal(Object expected, Object actual, String what) {
        if (!Objects.equals(expected, actual)) {
            throw new IllegalStateException("benchmark setup check failed: " + what + "\n  expected: "
                    + abbreviate(expected) + "\n  actual:   " + abbreviate(actual));
        }
    }

    private static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() <= 400 ? s : s.substring(0, 400) + "... (" + s.length() + " chars)";
    }
}
