package dev.g4j.testkit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The host-name resolver of every test JVM that has the testkit on its class path (registered as a
 * {@link InetAddressResolverProvider} service): {@code localhost} resolves, every other name fails with
 * an {@link UnknownHostException} and is remembered, so that {@link OfflineGuard} fails the test that
 * tried to reach a real service instead of a loopback simulator. Names under the reserved
 * {@code .invalid} top-level domain (RFC 6761) fail without being remembered: tests use them on purpose
 * to exercise "unknown host".
 */
public final class OfflineResolver extends InetAddressResolverProvider {
    private static final List<String> REFUSED = new CopyOnWriteArrayList<>();

    /** Every non-loopback name looked up so far in this JVM, in order. */
    public static List<String> refused() {
        return List.copyOf(REFUSED);
    }

    /** Forgets one lookup (for the guard's own test, which makes one on purpose). */
    static void forget(String host) {
        REFUSED.remove(host);
    }

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                String name = host.toLowerCase(Locale.ROOT);
                if (name.equals("localhost") || name.endsWith(".localhost")) {
                    return builtin.lookupByName(host, policy);
                }
                if (!name.endsWith(".invalid")) {
                    REFUSED.add(host);
                }
                throw new UnknownHostException(host + ": tests run offline; point this call at a loopback simulator");
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                return builtin.lookupByAddress(addr);
            }
        };
    }

    @Override
    public String name() {
        return "g4j-testkit offline resolver";
    }
}
