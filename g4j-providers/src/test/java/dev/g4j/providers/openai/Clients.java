package dev.g4j.providers.openai;

import dev.g4j.ChatEvent;
import dev.g4j.ChatRequest;
import dev.g4j.ChatStream;
import dev.g4j.G4j;
import dev.g4j.G4jConfig;
import dev.g4j.spi.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Real g4j clients for the simulator tests: the given providers and environment, no config file. */
final class Clients {
    private Clients() {}

    static G4j of(Map<String, String> environment, Provider... providers) {
        return G4j.builder()
                .providers(List.of(providers))
                .config(G4jConfig.builder().environment(environment).configFile(Optional.empty()).build())
                .build();
    }

    /** Every event of a request, in order. */
    static List<ChatEvent> events(G4j g4j, ChatRequest request) {
        List<ChatEvent> events = new ArrayList<>();
        try (ChatStream stream = g4j.chat().stream(request)) {
            stream.forEach(events::add);
        }
        return events;
    }
}
