package dev.g4j;

/**
 * What media loading may do.
 *
 * @param fetchUrls whether http(s) image URLs are downloaded (the server turns this off unless told)
 * @param allowPrivateNetworks whether URLs may point at loopback, private, link-local or unique-local
 *     addresses (off in the server, always)
 * @param maxBytes the largest image accepted
 */
public record MediaPolicy(boolean fetchUrls, boolean allowPrivateNetworks, long maxBytes) {
    /** The library default: the caller is trusted with its own inputs. */
    public static final MediaPolicy TRUSTED = new MediaPolicy(true, true, 20L * 1024 * 1024);

    /** For inputs from the network: public URLs only, when enabled. */
    public static MediaPolicy untrusted(boolean fetchUrls) {
        return new MediaPolicy(fetchUrls, false, 20L * 1024 * 1024);
    }

    /**
     * Refuses an image URL this policy does not let media loading fetch: when fetching is off, when it is
     * not an absolute http(s) URL, and, unless private networks are allowed, when its host is a loopback,
     * private, link-local, unique-local or otherwise non-public address, a name that resolves to one, or
     * a numeric host other than a plain {@code a.b.c.d} ({@code http://2130706433/}). Names are resolved
     * here (the JDK's resolver and cache). Media loading checks every URL it fetches, redirects included;
     * a server calls this to refuse a request before any work.
     *
     * @throws UnsupportedMediaException when the URL is refused
     */
    public void checkUrl(String url) {
        dev.g4j.internal.MediaUrls.check(this, java.util.Objects.requireNonNull(url, "url"),
                dev.g4j.internal.MediaUrls.SYSTEM);
    }
}
