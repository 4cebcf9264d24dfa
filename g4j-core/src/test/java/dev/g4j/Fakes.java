package dev.g4j;

import dev.g4j.http.CallSettings;
import dev.g4j.http.HttpRequest;
import dev.g4j.http.HttpResponse;
import dev.g4j.http.Transport;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Clients over fake providers, with an environment and config of the test's choosing and no network. */
final class Fakes {
    private Fakes() {}

    static final Transport NO_NETWORK = new Transport() {
        @Override
        public HttpResponse send(HttpRequest request, CallSettings settings) {
            throw new ConnectionException("no network in this test: " + request.uri(), settings.provider(), 0, null);
        }
    };

    /** A call context for a provider, without a client: no network, default options. */
    static dev.g4j.spi.CallContext context(dev.g4j.spi.Provider p) {
        dev.g4j.spi.Options options = new dev.g4j.spi.Options(p.info().name(), p.info().options(), Map.of());
        dev.g4j.http.Http http = new dev.g4j.http.Http(NO_NETWORK,
                CallSettings.standalone(p.info().name(), Optional.empty(), Timeouts.DEFAULT), 1 << 20);
        return dev.g4j.spi.CallContext.builder(p.info().name(), options, http).build();
    }

    static G4j client(List<? extends dev.g4j.spi.Provider> providers) {
        return client(providers, Map.of(), Timeouts.DEFAULT);
    }

    static G4j client(List<? extends dev.g4j.spi.Provider> providers, Map<String, String> env, Timeouts timeouts) {
        return G4j.builder()
                .providers(providers)
                .transport(NO_NETWORK)
                .config(G4jConfig.builder().environment(env).configFile(Optional.empty()).timeouts(timeouts).build())
                .build();
    }
}
