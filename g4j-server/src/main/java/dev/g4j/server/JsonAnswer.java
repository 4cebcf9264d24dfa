package dev.g4j.server;

import dev.g4j.ChatEvent;
import dev.g4j.G4jException;
import dev.g4j.ToolCall;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers a non-streamed request with one {@code chat.completion}: content (images appended as
 * markdown), {@code reasoning_content}, {@code tool_calls}, usage, finish reason, and the extensions
 * {@code provider}, {@code message.g4j_images} and {@code conversation}.
 */
final class JsonAnswer {
    private final ChatEndpoint.Answer a;

    JsonAnswer(ChatEndpoint.Answer answer) {
        this.a = answer;
    }

    void run(ServerResponse res) {
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        List<ChatEvent.ImageOutput> images = new ArrayList<>();
        List<ToolCall> tools = new ArrayList<>();
        ChatEvent.Usage usage = null;
        ChatEvent.ConversationState conversation = null;
        String finish = null;
        try {
            for (ChatEvent e : a.stream) {
                if (e.isContent()) {
                    a.firstToken();
                }
                switch (e) {
                    case ChatEvent.TextDelta t -> text.append(t.text());
                    case ChatEvent.ReasoningDelta r -> reasoning.append(r.text());
                    case ChatEvent.ImageOutput i -> {
                        images.add(i);
                        text.append(text.isEmpty() ? "" : "\n").append(ChunkEncoder.markdown(i));
                    }
                    case ChatEvent.ToolCalls c -> tools.addAll(c.calls());
                    case ChatEvent.Usage u -> usage = u;
                    case ChatEvent.ConversationState c -> conversation = c;
                    case ChatEvent.Finished f -> finish = f.reason();
                    case ChatEvent.Status s -> { }
                    case ChatEvent.Progress p -> { }
                }
            }
        } catch (G4jException e) {
            if (a.watch.disconnected()) {
                a.clientGone();
                a.call.status = 499;
                Call.abandon(res);
            } else {
                a.failBeforeOutput(res, e);
            }
            return;
        }
        if (finish == null) {
            a.clientGone();
            a.call.status = 499;
            Call.abandon(res);
            return;
        }
        if (!tools.isEmpty() && finish.equals("stop")) {
            finish = "tool_calls";
        }
        a.call.served(a.provider(), a.model());
        JsonBytes j = new JsonBytes(512 + text.length() + reasoning.length());
        j.ascii("{\"id\":").string(a.id).ascii(",\"object\":\"chat.completion\",\"created\":").number(a.created)
                .ascii(",\"model\":").string(a.model()).ascii(",\"provider\":").string(a.provider())
                .ascii(",\"system_fingerprint\":null,\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\"")
                .ascii(",\"content\":").string(text.isEmpty() && !tools.isEmpty() ? null : text.toString())
                .ascii(",\"refusal\":null");
        if (!reasoning.isEmpty()) {
            j.ascii(",\"reasoning_content\":").string(reasoning.toString());
        }
        if (!tools.isEmpty()) {
            j.ascii(",\"tool_calls\":[");
            for (int i = 0; i < tools.size(); i++) {
                ToolCall c = tools.get(i);
                j.ascii(i == 0 ? "{\"id\":" : ",{\"id\":").string(c.id()).ascii(",\"type\":").string(c.type())
                        .ascii(",\"function\":{\"name\":").string(c.name())
                        .ascii(",\"arguments\":").string(c.arguments()).ascii("}}");
            }
            j.ascii("]");
        }
        if (!images.isEmpty()) {
            j.ascii(",\"g4j_images\":[");
            for (int i = 0; i < images.size(); i++) {
                if (i > 0) {
                    j.ascii(",");
                }
                // each list is [...]: splice them into one flat list
                JsonBytes one = new JsonBytes(128);
                ChunkEncoder.imageList(one, images.get(i));
                byte[] b = one.toByteArray();
                j.raw(java.util.Arrays.copyOfRange(b, 1, b.length - 1));
            }
            j.ascii("]");
        }
        j.ascii("},\"logprobs\":null,\"finish_reason\":").string(finish).ascii("}],\"usage\":");
        ChunkEncoder.usage(j, usage);
        if (conversation != null) {
            j.ascii(",\"conversation\":");
            ChunkEncoder.conversation(j, conversation);
        }
        j.ascii("}");
        res.header(Call.PROVIDER, Call.headerValue(a.provider()));
        res.header(Call.MODEL, Call.headerValue(a.model()));
        Call.attemptsHeader(res, a.stream.attempts(), a.provider());
        Call.closeIf(a.watch.startOutput(), res);
        Call.json(res, 200, j.toByteArray());
        a.call.status = 200;
        a.succeeded();
        a.call.log(false, "answered in {} ms, finish_reason={}", a.call.elapsedMillis(), finish);
    }
}
