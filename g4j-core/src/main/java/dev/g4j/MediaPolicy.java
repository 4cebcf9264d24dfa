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
}
