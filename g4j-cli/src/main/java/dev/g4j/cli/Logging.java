package dev.g4j.cli;

/**
 * Configures slf4j-simple for the real process, before the first logger exists: silent by default
 * (the command reports failures itself, one line each), {@code -v} info, {@code -vv} debug for g4j
 * (Jetty stays at info: its debug output is thousands of lines per request). Always on stderr.
 */
final class Logging {
    private static final String P = "org.slf4j.simpleLogger.";
    /** Helidon logs through java.util.logging; held here so its level is not lost with the logger. */
    private static final java.util.logging.Logger HELIDON = java.util.logging.Logger.getLogger("io.helidon");

    private Logging() {}

    static void configure(Io io, int verbosity) {
        if (!io.real()) {
            return; // a test's JVM keeps its own logging
        }
        String level = switch (verbosity) {
            case 0 -> "off";
            case 1 -> "info";
            default -> "debug";
        };
        System.setProperty(P + "logFile", "System.err");
        System.setProperty(P + "defaultLogLevel", level);
        System.setProperty(P + "log.org.eclipse.jetty", verbosity >= 2 ? "info" : verbosity == 1 ? "warn" : "off");
        System.setProperty(P + "showDateTime", "true");
        System.setProperty(P + "dateTimeFormat", "HH:mm:ss.SSS");
        System.setProperty(P + "showThreadName", "false");
        System.setProperty(P + "showShortLogName", "true");
        System.setProperty(P + "levelInBrackets", "true");
        // Helidon logs through java.util.logging: its banner, and its failures with their stack traces (a
        // port in use), which `serve` reports itself in one line. Silent like the rest unless -v.
        HELIDON.setLevel(verbosity > 0 ? java.util.logging.Level.INFO : java.util.logging.Level.OFF);
    }
}
