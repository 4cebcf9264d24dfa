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
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Loads media from bytes, files, data URIs and (when the policy allows) http(s) URLs, sniffs the type
 * from the bytes, and refuses what is not an accepted image. URLs are checked by {@link MediaUrls}
 * before any connection, and so is every redirect, which is followed here rather than by the transport.
 */
final class DefaultMediaLoader implements MediaLoader {
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final int MAX_REDIRECTS = 5;

    private final MediaPolicy policy;
    private final Http http;
    private final MediaUrls.Resolver resolver;

    DefaultMediaLoader(MediaPolicy policy, Http http) {
        this(policy, http, MediaUrls.SYSTEM);
    }

    DefaultMediaLoader(MediaPolicy policy, Http http, MediaUrls.Resolver resolver) {
        this.policy = policy;
        this.http = http;
        this.resolver = resolver;
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

    /** Downloads an image, checking the URL and every redirect against the policy before connecting. */
    private byte[] fetch(String url) {
        URI uri = MediaUrls.check(policy, url, resolver);
        for (int redirects = 0; ; redirects++) {
            try (HttpResponse r = http.send(HttpRequest.get(uri.toString()).header("Accept", "image/*")
                    .followRedirects(false).build())) {
                Optional<String> location = r.headers().first("Location");
                if (REDIRECTS.contains(r.status()) && location.isPresent()) {
                    if (redirects == MAX_REDIRECTS) {
                        throw new UnsupportedMediaException("cannot download " + url + ": more than "
                                + MAX_REDIRECTS + " redirects");
                    }
                    uri = MediaUrls.check(policy, resolve(uri, location.get()), resolver);
                    continue;
                }
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
    }

    private static String resolve(URI base, String location) {
        try {
            return base.resolve(new URI(location.strip())).toString();
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new UnsupportedMediaException("an image URL redirected to an invalid location");
        }
    }
}
