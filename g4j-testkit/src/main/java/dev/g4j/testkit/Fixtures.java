package dev.g4j.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Reads the recorded-style fixture files that ship inside this jar, under
 * {@code dev/g4j/testkit/fixtures/}: one folder per service ({@code deepinfra}, {@code janus},
 * {@code replicate}, {@code dynaspark}) plus {@code common} for shared error pages. Paths are relative
 * to that root, e.g. {@code "common/bad_gateway_502.html"}; {@code ..} segments are resolved, so
 * {@code "deepinfra/../common/x.html"} works as scenario files write it. Bytes are returned exactly as
 * stored.
 */
public final class Fixtures {

    /** The classpath folder that holds the fixtures. */
    public static final String ROOT = "dev/g4j/testkit/fixtures/";

    private Fixtures() {}

    /** The bytes of a fixture file. */
    public static byte[] bytes(String path) {
        return find(path).orElseThrow(() -> new IllegalArgumentException("no fixture file " + ROOT + normalize(path)));
    }

    /** A fixture file decoded as UTF-8. */
    public static String text(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }

    /** Whether the fixture file exists. */
    public static boolean exists(String path) {
        return find(path).isPresent();
    }

    /** The bytes of a fixture file, if it exists. */
    public static Optional<byte[]> find(String path) {
        String resource = ROOT + normalize(path);
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** Resolves {@code .} and {@code ..} segments; a path may not climb above the fixture root. */
    static String normalize(String path) {
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : path.replace('\\', '/').split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    throw new IllegalArgumentException("fixture path leaves the fixture root: " + path);
                }
                segments.removeLast();
            } else {
                segments.addLast(segment);
            }
        }
        return String.join("/", segments);
    }

    /** A path inside a service folder: {@code resolve("deepinfra", "../common/x.html")}. */
    static String resolve(String service, String relative) {
        return normalize(service + "/" + relative);
    }
}
