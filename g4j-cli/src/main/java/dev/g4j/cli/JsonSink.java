package dev.g4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.g4j.AllProvidersFailedException;
import dev.g4j.Attempt;
import dev.g4j.ChatEvent;
import dev.g4j.G4jException;
import dev.g4j.ToolCall;
import dev.g4j.http.Json;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code --json}: every event as one JSON object on its own line of stdout, flushed as it comes; a
 * failure as a last {@code "type":"error"} line (and its human line on stderr). The shapes are in the
 * README ("chat --json").
 */
final class JsonSink implements EventSink {
    private final PrintStream out;
    private final PrintStream err;
    private final int verbosity;

    JsonSink(Io io, int verbosity) {
        this.out = io.out();
        this.err = io.err();
        this.verbosity = verbosity;
    }

    @Override
    public void accept(ChatEvent event, Turn turn) {
        write(toJson(event, turn));
    }

    @Override
    public void end(Turn turn, boolean ok) {
        out.flush();
    }

    @Override
    public void failure(Throwable error, List<Attempt> attempts) {
        write(error(error, attempts));
        Errors.print(error, attempts, err, verbosity);
    }

    static ObjectNode toJson(ChatEvent event, Turn turn) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        switch (event) {
            case ChatEvent.TextDelta t -> o.put("type", "text").put("text", t.text());
            case ChatEvent.ReasoningDelta r -> o.put("type", "reasoning").put("text", r.text());
            case ChatEvent.Status s -> o.put("type", "status").put("message", s.message());
            case ChatEvent.Progress p -> o.put("type", "progress").put("label", p.label()).put("done", p.done())
                    .put("total", p.total());
            case ChatEvent.ImageOutput i -> {
                o.put("type", "image");
                ArrayNode urls = o.putArray("urls");
                i.urls().forEach(urls::add);
                o.put("prompt", i.prompt());
            }
            case ChatEvent.Usage u -> {
                o.put("type", "usage").put("prompt_tokens", u.promptTokens())
                        .put("completion_tokens", u.completionTokens()).put("total_tokens", u.totalTokens());
                o.set("fields", Json.MAPPER.valueToTree(u.fields()));
            }
            case ChatEvent.ToolCalls c -> {
                o.put("type", "tool_calls");
                ArrayNode calls = o.putArray("calls");
                for (ToolCall call : c.calls()) {
                    calls.addObject().put("id", call.id()).put("type", call.type()).put("name", call.name())
                            .put("arguments", call.arguments());
                }
            }
            case ChatEvent.ConversationState c -> {
                o.put("type", "conversation").put("provider", c.provider());
                JsonNode state = Json.tryParse(c.json());
                if (state != null) {
                    o.set("state", state);
                } else {
                    o.put("state", c.json());
                }
            }
            case ChatEvent.Finished f -> o.put("type", "finished").put("reason", f.reason())
                    .put("provider", turn.provider()).put("model", turn.model());
        }
        return o;
    }

    static ObjectNode error(Throwable error, List<Attempt> attempts) {
        ObjectNode o = Json.MAPPER.createObjectNode().put("type", "error");
        if (error instanceof G4jException g) {
            o.put("kind", g.kind().wireName()).put("message", g.getMessage());
            g.provider().ifPresentOrElse(p -> o.put("provider", p), () -> o.putNull("provider"));
            List<Attempt> tried = g instanceof AllProvidersFailedException all ? all.attempts() : attempts;
            ArrayNode list = o.putArray("attempts");
            for (Attempt a : tried) {
                ObjectNode at = list.addObject().put("provider", a.provider()).put("model", a.model())
                        .put("elapsed_ms", a.elapsed().toMillis());
                a.error().ifPresent(e -> at.put("kind", e.kind().wireName()).put("message", e.getMessage()));
            }
        } else {
            o.put("kind", error instanceof Errors.UsageException ? "usage" : "internal")
                    .put("message", String.valueOf(error.getMessage()));
        }
        o.put("exit_code", Errors.exitCode(error));
        return o;
    }

    private void write(JsonNode node) {
        out.println(Json.write(node));
        out.flush();
        if (out.checkError()) {
            throw new TextSink.BrokenOutput();
        }
    }
}
