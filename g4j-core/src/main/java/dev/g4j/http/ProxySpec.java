package dev.g4j.http;

import dev.g4j.InvalidRequestException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A proxy for one provider's calls: {@code http://host:port}, {@code https://host:port} (TLS to the
 * proxy), {@code socks5://user:pass@host:port}, {@code socks5h://...} (the proxy resolves names) or
 * {@code socks4://host:port}. Credentials never appear in {@link #toString()}.
 */
public record ProxySpec(Scheme scheme, String host, int port, Optional<String> user, Optional<String> password) {

    /** The proxy protocols g4j speaks. */
    public enum Scheme {
        HTTP,
        HTTPS,
        SOCKS4,
        SOCKS5
    }

    public ProxySpec {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** Parses a proxy URL; a bad one is an {@link InvalidRequestException} naming it (without secrets). */
    public static ProxySpec parse(String url) {
        String shown = Redaction.url(url);
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("not a proxy URL: " + shown);
        }
        String s = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Scheme scheme = switch (s) {
            case "http" -> Scheme.HTTP;
            case "https" -> Scheme.HTTPS;
            case "socks5", "socks5h", "socks" -> Scheme.SOCKS5;
            case "socks4", "socks4a" -> Scheme.SOCKS4;
            default -> throw new InvalidRequestException(
                    "unsupported proxy scheme in " + shown + " (use http, https, socks4 or socks5)");
        };
        if (uri.getHost() == null) {
            throw new InvalidRequestException("proxy URL has no host: " + shown);
        }
        int port = uri.getPort();
        if (port < 0) {
            port = switch (scheme) {
                case HTTP -> 80;
                case HTTPS -> 443;
                case SOCKS4, SOCKS5 -> 1080;
            };
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        String info = uri.getRawUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            user = Optional.of(decode(colon >= 0 ? info.substring(0, colon) : info));
            password = colon >= 0 ? Optional.of(decode(info.substring(colon + 1))) : Optional.empty();
        }
        return new ProxySpec(scheme, uri.getHost(), port, user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return scheme.name().toLowerCase(Locale.ROOT) + "://" + user.map(u -> u + ":***@").orElse("") + host + ":"
                + port;
    }
}
