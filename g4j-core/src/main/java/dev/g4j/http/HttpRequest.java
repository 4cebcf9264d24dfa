package dev.g4j.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One HTTP request as a provider describes it. Proxy, timeouts and cancellation come from the call.
 *
 * @param followRedirects whether the transport follows redirects itself (the default); off when the
 *     caller must see each one (media loading checks every location before connecting)
 */
public record HttpRequest(String method, URI uri, Headers headers, Body body, boolean followRedirects) {
    public HttpRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }

    /** A request whose redirects the transport follows. */
    public HttpRequest(String method, URI uri, Headers headers, Body body) {
        this(method, uri, headers, body, true);
    }

    public static Builder get(String uri) {
        return new Builder("GET", uri);
    }

    public static Builder post(String uri) {
        return new Builder("POST", uri);
    }

    public static Builder of(String method, String uri) {
        return new Builder(method, uri);
    }

    /** Builds an {@link HttpRequest}. */
    public static final class Builder {
        private final String method;
        private final URI uri;
        private final List<Headers.Field> headers = new ArrayList<>();
        private Body body = Body.empty();
        private boolean followRedirects = true;

        private Builder(String method, String uri) {
            this.method = method;
            try {
                this.uri = URI.create(uri);
            } catch (IllegalArgumentException e) {
                throw new dev.g4j.InvalidRequestException("not a valid URL: " + Redaction.url(uri), e);
            }
            String scheme = this.uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || this.uri.getHost() == null) {
                throw new dev.g4j.InvalidRequestException("not an absolute http(s) URL: " + Redaction.url(uri));
            }
        }

        /** Sets a header, replacing an earlier value of the same name. */
        public Builder header(String name, String value) {
            headers.removeIf(f -> f.name().equalsIgnoreCase(name));
            headers.add(new Headers.Field(name, value));
            return this;
        }

        public Builder headers(Headers h) {
            h.fields().forEach(f -> header(f.name(), f.value()));
            return this;
        }

        public Builder body(Body body) {
            this.body = Objects.requireNonNull(body, "body");
            return this;
        }

        /** A JSON body from its text. */
        public Builder json(String json) {
            return body(Body.json(json));
        }

        /** A JSON body serialized from a tree or any Jackson-serializable value. */
        public Builder jsonOf(Object value) {
            return json(Json.write(value));
        }

        /** Whether the transport follows redirects (default true); false answers a 3xx as it came. */
        public Builder followRedirects(boolean follow) {
            this.followRedirects = follow;
            return this;
        }

        public HttpRequest build() {
            return new HttpRequest(method, uri, Headers.of(headers), body, followRedirects);
        }
    }
}
