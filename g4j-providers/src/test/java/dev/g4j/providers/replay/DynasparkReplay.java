package dev.g4j.providers.replay;

import dev.g4j.ChatRequest;
import dev.g4j.Media;
import dev.g4j.Message;
import dev.g4j.testkit.ExpectedPart;
import dev.g4j.testkit.ExpectedRequest;
import dev.g4j.testkit.Scenario;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays of the dynaspark fixtures: Dynaspark pointed at the server with {@code base_url}; the request
 * is rebuilt from the recorded form (its {@code ai_model}, the conversation behind its
 * {@code user_input}, the image of its {@code file} part), and a form path other than the default
 * becomes the {@code path} option of the call.
 */
final class DynasparkReplay implements ReplaySpec {
    private static final String DEFAULT_PATH = "/dsai_fuck_u_spammer";

    @Override
    public String service() {
        return "dynaspark";
    }

    @Override
    public Map<String, String> environment(URI server) {
        return Map.of("G4J_DYNASPARK_BASE_URL", server.toString());
    }

    @Override
    public ChatRequest request(Scenario scenario) {
        ExpectedRequest form = scenario.exchanges().getFirst().request();
        ChatRequest.Builder request = ChatRequest.builder().provider("Dynaspark");
        if (!form.path().equals(DEFAULT_PATH)) {
            request.option("path", form.path());
        }
        if (form.isMultipart()) {
            List<ExpectedPart> parts = form.multipart();
            ExpectedPart file = part(parts, "file");
            Media image = Media.of(file.body(), file.filename().orElseThrow());
            return request.model(text(part(parts, "ai_model")))
                    .addMessage(Message.user(text(part(parts, "user_input")), image))
                    .build();
        }
        Map<String, String> fields = urlencoded(form.bodyText());
        return request.model(fields.get("ai_model")).messages(Transcript.messages(fields.get("user_input"))).build();
    }

    private static ExpectedPart part(List<ExpectedPart> parts, String name) {
        return parts.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static String text(ExpectedPart part) {
        return new String(part.body(), StandardCharsets.UTF_8);
    }

    private static Map<String, String> urlencoded(String body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.strip().split("&")) {
            int eq = pair.indexOf('=');
            fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }
}
