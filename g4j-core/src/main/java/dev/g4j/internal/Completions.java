package dev.g4j.internal;

import dev.g4j.ChatCompletion;
import dev.g4j.ChatEvent;
import dev.g4j.ChatStream;
import dev.g4j.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Assembles a {@link ChatCompletion} from a stream's events: one pure fold, used by every front end. */
public final class Completions {
    private Completions() {}

    public static ChatCompletion collect(ChatStream stream) {
        return collect(stream, e -> { });
    }

    /** Assembles the answer and shows every event to {@code observer} as it arrives. */
    public static ChatCompletion collect(ChatStream stream, Consumer<? super ChatEvent> observer) {
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        List<ChatEvent.ImageOutput> images = new ArrayList<>();
        List<ToolCall> tools = new ArrayList<>();
        ChatEvent.Usage usage = null;
        ChatEvent.ConversationState conversation = null;
        String finish = "stop";
        for (ChatEvent e : stream) {
            observer.accept(e);
            switch (e) {
                case ChatEvent.TextDelta t -> text.append(t.text());
                case ChatEvent.ReasoningDelta r -> reasoning.append(r.text());
                case ChatEvent.ImageOutput i -> images.add(i);
                case ChatEvent.ToolCalls c -> tools.addAll(c.calls());
                case ChatEvent.Usage u -> usage = u;
                case ChatEvent.ConversationState c -> conversation = c;
                case ChatEvent.Finished f -> finish = f.reason();
                case ChatEvent.Status s -> {}
                case ChatEvent.Progress p -> {}
            }
        }
        return new ChatCompletion(text.toString(), reasoning.toString(), images, tools, Optional.ofNullable(usage),
                finish, Optional.ofNullable(conversation), stream.provider().orElse(""), stream.model().orElse(""),
                stream.attempts());
    }
}
