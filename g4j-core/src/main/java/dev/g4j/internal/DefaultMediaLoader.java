package dev.g4j.internal;

import dev.g4j.G4jException;
import dev.g4j.LoadedMedia;
import dev.g4j.Media;
import dev.g4j.MediaPolicy;
import dev.g4j.MediaTypes;
import dev.g4j.UnsupportedMediaException;
import dev.g4j.http.Http;
import dev.g4j.http.HttpErrors;
import dev.g4j.http.HttpRequest;
import dev.g4j.http.HttpResponse;
import dev.g4j.spi.MediaLoader;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;

/**
 * Loads media from bytes, files, data URIs and (when the policy allows) http(s) URLs, sniffs the type
 * from the bytes, and refuses what is not an accepted image. URLs that resolve to loopback, private,
 * link-local or unique-local addresses are refused unless the policy allows private networks.
 */
final class DefaultMediaLoader implements MediaLoader {
    private final MediaPolicy policy;
    private final Http http;

    DefaultMediaLoader(MediaPolicy policy, Http http) {
        this.policy = policy;
        this.http = http;
    }

    @Override
    public LoadedMedia load(Media media) {
        byte[] bytes = switch (media.source()) {
            case BYTES -> media.bytes().orElseThrow();
            case FILE -> readFile(Path.of(media.reference().orElseThrow()));
            case DATA_URI -> decodeDataUri(media.reference().orElseThrow());
            case URL -> fetch(media.reference().orElseThrow());
        };
        if (bytes.length > policy.maxBytes()) {
            throw new UnsupportedMediaException(media + " is larger than " + policy.maxBytes() + " bytes");
        }
        String mime = MediaTypes.sniff(bytes).orElseThrow(() -> new UnsupportedMediaException(
                media + " is not a supported image (png, jpeg, gif, webp, bmp, svg, heic/avif)"));
        String filename = media.filename()
                .filter(n -> !n.isBlank())
                .orElse("image." + MediaTypes.extension(mime));
        return new LoadedMedia(bytes, mime, filename);
    }

    private byte[] readFile(Path path) {
        try {
            long size = Files.size(path);
            if (size > policy.maxBytes()) {
                throw new UnsupportedMediaException(path + " is larger than " + policy.maxBytes() + " bytes");
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new UnsupportedMediaException("no such file: " + path, e);
        } catch (IOException e) {
            throw new UnsupportedMediaException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** {@code data:[<mediatype>][;base64],<data>} (RFC 2397). */
    static byte[] decodeDataUri(String uri) {
        int comma = uri.indexOf(',');
        if (!uri.regionMatches(true, 0, "data:", 0, 5) || comma < 0) {
            throw new UnsupportedMediaException("malformed data URI");
        }
        String meta = uri.substring(5, comma).toLowerCase(Locale.ROOT);
        String data = uri.substring(comma + 1);
        try {
            if (meta.endsWith(";base64")) {
                return Base64.getMimeDecoder().decode(data.strip());
            }
            return URLDecoder.decode(data, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedMediaException("data URI with invalid base64", e);
        }
    }

    private byte[] fetch(String url) {
        if (!policy.fetchUrls()) {
            throw new UnsupportedMediaException("fetching image URLs is disabled here; send the image as a data URI");
        }
        URI uri = URI.create(url);
        if (!policy.allowPrivateNetworks()) {
            refusePrivate(uri);
        }
        try (HttpResponse r = http.send(HttpRequest.get(url).header("Accept", "image/*").build())) {
            HttpErrors.check(r, http.provider());
            try (InputStream in = r.body()) {
                byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, policy.maxBytes() + 1));
                if (b.length > policy.maxBytes()) {
                    throw new UnsupportedMediaException(url + " is larger than " + policy.maxBytes() + " bytes");
                }
                return b;
            }
        } catch (G4jException e) {
            if (e instanceof UnsupportedMediaException) {
                throw e;
            }
            throw new UnsupportedMediaException("cannot download " + url + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UnsupportedMediaException("cannot download " + url + ": " + e.getMessage(), e);
        }
    }

    /** Refuses hosts that resolve to loopback, private, link-local, unique-local or wildcard addresses. */
    static void refusePrivate(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            throw new UnsupportedMediaException("image URL without a host");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new UnsupportedMediaException("unknown host in image URL: " + host, e);
        }
        for (InetAddress a : addresses) {
            if (isPrivate(a)) {
                throw new UnsupportedMediaException("image URLs to private or local addresses are refused: " + host);
            }
        }
    }

    static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xFE) == 0xFC) {
                return true; // fc00::/7 unique local
            }
            boolean v4Mapped = true;
            for (int i = 0; i < 10; i++) {
                v4Mapped &= b[i] == 0;
            }
            if (v4Mapped && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
                try {
                    return isPrivate(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
            return false;
        }
        int first = b[0] & 0xFF;
        int second = b[1] & 0xFF;
        return first == 0 || first == 127 || (first == 100 && second >= 64 && second <= 127) // CGNAT
                || (first == 169 && second == 254) || (first == 192 && second == 0 && (b[2] & 0xFF) == 0)
                || first >= 224;
    }
}
