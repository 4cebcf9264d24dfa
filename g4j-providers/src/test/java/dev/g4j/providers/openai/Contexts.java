package dev.g4j.providers.openai;

import dev.g4j.ConnectionException;
import dev.g4j.LoadedMedia;
import dev.g4j.Media;
import dev.g4j.MediaTypes;
import dev.g4j.Timeouts;
import dev.g4j.UnsupportedMediaException;
import dev.g4j.http.CallSettings;
import dev.g4j.http.Http;
import dev.g4j.http.HttpRequest;
import dev.g4j.http.HttpResponse;
import dev.g4j.http.Transport;
import dev.g4j.spi.CallContext;
import dev.g4j.spi.Options;
import dev.g4j.spi.Provider;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** Call contexts for tests of the engine's parts: no network, options as given, media loaded by a fake. */
final class Contexts {
    private Contexts() {}

    /** A 2x2 PNG, the one in the fixture {@code chat_request_vision.json}. */
    static final String PNG_DATA_URI = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4n"
            + "GN4VqEBRAwQCgAtrgYZVHPERgAAAABJRU5ErkJggg==";

    static byte[] png() {
        return Base64.getDecoder().decode(PNG_DATA_URI.substring(PNG_DATA_URI.indexOf(',') + 1));
    }

    static final Transport NO_NETWORK = new Transport() {
        @Override
        public HttpResponse send(HttpRequest request, CallSettings settings) {
            throw new ConnectionException("no network in this test: " + request.uri(), settings.provider(), 0, null);
        }
    };

    static CallContext of(Provider p, Map<String, String> options) {
        Map<String, Options.Value> values = new java.util.LinkedHashMap<>();
        options.forEach((k, v) -> values.put(k, new Options.Value(v, "test")));
        Options resolved = new Options(p.info().name(), p.info().options(), values);
        Http http = new Http(NO_NETWORK, CallSettings.standalone(p.info().name(), Optional.empty(), Timeouts.DEFAULT),
                1 << 20);
        return CallContext.builder(p.info().name(), resolved, http).media(Contexts::load).build();
    }

    /** Loads bytes only (what the tests give), sniffing the type as the real loader does. */
    private static LoadedMedia load(Media media) {
        byte[] bytes = media.bytes().orElseThrow(() -> new UnsupportedMediaException("not bytes: " + media));
        String type = MediaTypes.sniff(bytes).orElseThrow(() -> new UnsupportedMediaException("not an image"));
        return new LoadedMedia(bytes, type, media.filename().orElse("image." + MediaTypes.extension(type)));
    }
}
