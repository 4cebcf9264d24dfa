package dev.g4j.providers.gradio;

import dev.g4j.ChatEvent;
import dev.g4j.ChatRequest;
import dev.g4j.ChatStream;
import dev.g4j.G4j;
import dev.g4j.G4jConfig;
import dev.g4j.Media;
import dev.g4j.Message;
import dev.g4j.Timeouts;
import dev.g4j.testkit.Fixtures;
import dev.g4j.testkit.GradioSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** Real g4j clients pointed at a {@link GradioSimulator}, and small helpers for the tests of this package. */
final class JanusClients {
    static final String PROVIDER = DeepseekAiJanusPro7b.NAME;

    private JanusClients() {}

    /** A client whose Space and hub are the simulator, with extra environment entries. */
    static G4j client(GradioSimulator space, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("G4J_DEEPSEEKAI_JANUSPRO7B_SPACE_URL", space.uri().toString());
        env.put("G4J_DEEPSEEKAI_JANUSPRO7B_HUB_URL", space.uri().toString());
        return G4j.builder()
                .providers(List.of(new DeepseekAiJanusPro7b()))
                .config(G4jConfig.builder().environment(env).configFile(Optional.empty())
                        .timeouts(Timeouts.DEFAULT.withIdle(Duration.ofSeconds(30)).withFirstByte(Duration.ofSeconds(30)))
                        .build())
                .sleeper(d -> {})
                .random(new Random(7))
                .build();
    }

    static G4j client(GradioSimulator space) {
        return client(space, Map.of());
    }

    static Media kitten() {
        return Media.of(Fixtures.bytes("janus/kitten.png"), "kitten.png");
    }

    /** A question about the kitten picture. */
    static ChatRequest vision(String question) {
        return ChatRequest.builder().provider(PROVIDER).addMessage(Message.user(question, kitten())).build();
    }

    /** Every event of a call, in order (the call must succeed). */
    static List<ChatEvent> events(G4j g4j, ChatRequest request) {
        List<ChatEvent> events = new ArrayList<>();
        try (ChatStream stream = g4j.chat().stream(request)) {
            stream.forEach(events::add);
        }
        return events;
    }

    static List<String> statuses(List<ChatEvent> events) {
        return events.stream().filter(e -> e instanceof ChatEvent.Status).map(e -> ((ChatEvent.Status) e).message())
                .toList();
    }

    static List<String> texts(List<ChatEvent> events) {
        return events.stream().filter(e -> e instanceof ChatEvent.TextDelta).map(e -> ((ChatEvent.TextDelta) e).text())
                .toList();
    }
}
