package dev.g4j.internal;

import dev.g4j.MediaPolicy;
import dev.g4j.UnsupportedMediaException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Which image URLs a {@link MediaPolicy} lets media loading fetch. Without private networks, a URL is
 * refused when its host is a loopback, private, link-local, unique-local, CGNAT, multicast, reserved or
 * unspecified address, when a name resolves to one, and when it is a numeric host other than a plain
 * dotted quad ({@code 2130706433}, {@code 0177.0.0.1}, {@code 127.1}): such forms are read differently
 * by different resolvers and proxies (WHATWG URL "IPv4 parser" versus {@code inet_aton}), so none is
 * trusted. IPv6 addresses that embed an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by it.
 */
public final class MediaUrls {
    /** Looks a host name up; the JDK's resolver (and its cache) outside tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public static final Resolver SYSTEM = InetAddress::getAllByName;

    private MediaUrls() {}

    /**
     * The URL, parsed, when the policy allows fetching it.
     *
     * @throws UnsupportedMediaException when it does not
     */
    public static URI check(MediaPolicy policy, String url, Resolver resolver) {
        if (!policy.fetchUrls()) {
            throw new UnsupportedMediaException("fetching image URLs is disabled here; send the image as a data URI");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new UnsupportedMediaException("not a valid image URL: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new UnsupportedMediaException("not an http(s) image URL");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new UnsupportedMediaException("image URL without a host");
        }
        if (!policy.allowPrivateNetworks()) {
            refusePrivate(host, resolver);
        }
        return uri;
    }

    private static void refusePrivate(String host, Resolver resolver) {
        String bare = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            if (bare.startsWith("[")) {
                addresses = new InetAddress[] {InetAddress.getByName(bare)}; // a literal: no lookup
            } else if (endsInNumber(bare)) {
                addresses = new InetAddress[] {InetAddress.getByAddress(dottedQuad(host, bare))};
            } else {
                addresses = resolver.resolve(host);
            }
        } catch (UnknownHostException e) {
            throw new UnsupportedMediaException("unknown host in image URL: " + host, e);
        }
        for (InetAddress a : addresses) {
            if (isPrivate(a)) {
                throw new UnsupportedMediaException("image URLs to private or local addresses are refused: " + host);
            }
        }
    }

    /** WHATWG URL: a host whose last label is a number is an IPv4 address. */
    private static boolean endsInNumber(String host) {
        String last = host.substring(host.lastIndexOf('.') + 1);
        return !last.isEmpty() && (last.chars().allMatch(c -> c >= '0' && c <= '9')
                || last.length() >= 2 && last.charAt(0) == '0' && (last.charAt(1) | 0x20) == 'x'
                        && last.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0));
    }

    /** The four bytes of a plain {@code a.b.c.d} (decimal, no leading zeros, each at most 255). */
    private static byte[] dottedQuad(String host, String bare) {
        String[] parts = bare.split("\\.", -1);
        byte[] b = new byte[4];
        boolean plain = parts.length == 4;
        for (int i = 0; plain && i < 4; i++) {
            String p = parts[i];
            plain = !p.isEmpty() && p.length() <= 3 && p.chars().allMatch(c -> c >= '0' && c <= '9')
                    && (p.length() == 1 || p.charAt(0) != '0') && Integer.parseInt(p) <= 255;
            b[i] = plain ? (byte) Integer.parseInt(p) : 0;
        }
        if (!plain) {
            throw new UnsupportedMediaException("image URLs with a numeric host other than a dotted quad (a.b.c.d) "
                    + "are refused: " + host);
        }
        return b;
    }

    /** Whether an address is anything but a public unicast one. */
    public static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xFF;
            int second = b[1] & 0xFF;
            return first == 0 || first == 10 || first == 127 || first >= 224
                    || (first == 100 && second >= 64 && second <= 127) // CGNAT 100.64/10
                    || (first == 169 && second == 254) // link-local, cloud metadata
                    || (first == 172 && second >= 16 && second <= 31)
                    || (first == 192 && second == 168)
                    || (first == 192 && second == 0 && (b[2] & 0xFF) == 0) // IETF protocol assignments
                    || (first == 198 && (second == 18 || second == 19)); // benchmarking 198.18/15
        }
        if (!(a instanceof Inet6Address)) {
            return true;
        }
        if ((b[0] & 0xFE) == 0xFC) {
            return true; // fc00::/7 unique local
        }
        if (zeros(b, 0, 10) && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
            return isPrivate(v4(b, 12)); // ::ffff:a.b.c.d, mapped
        }
        if (zeros(b, 0, 12)) {
            return true; // ::a.b.c.d, the deprecated IPv4-compatible form
        }
        if (b[0] == 0 && b[1] == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B && zeros(b, 4, 12)) {
            return isPrivate(v4(b, 12)); // 64:ff9b::/96, NAT64
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return isPrivate(v4(b, 2)); // 2002::/16, 6to4
        }
        return false;
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress v4(byte[] b, int at) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(b, at, at + 4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }
}
