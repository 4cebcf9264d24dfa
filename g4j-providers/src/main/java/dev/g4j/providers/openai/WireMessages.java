package dev.g4j.providers.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.g4j.ChatRequest;
import dev.g4j.ContentPart;
import dev.g4j.Media;
import dev.g4j.Message;
import dev.g4j.ToolCall;
import dev.g4j.http.Json;
import dev.g4j.spi.CallContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages in OpenAI's wire form (chat completions API; g4f's {@code render_messages}, reference §7.3):
 *
 * <ul>
 *   <li>content that is a single text part is a plain string; anything else is a list of
 *       {@code {"type":"text","text":...}} and {@code {"type":"image_url","image_url":{"url":...}}} parts;
 *   <li>images given as bytes, files or data URIs are loaded through the call context (type sniffed,
 *       non-images rejected; g4f dropped some silently, defect §19.4) and sent as data URIs; http(s) URLs
 *       are passed through without fetching them;
 *   <li>attachments ({@link ChatRequest#media()}) go into the last user message, before its text, as in
 *       the fixture {@code chat_request_vision.json} (g4f puts them into the last message whatever its
 *       role); without any user message they are sent as a user message of their own;
 *   <li>assistant messages carry their {@code tool_calls}, tool messages their {@code tool_call_id}; an
 *       assistant message with tool calls and no text has no {@code content}.
 * </ul>
 */
final class WireMessages {
    private WireMessages() {}

    static ArrayNode render(ChatRequest request, CallContext ctx) {
        List<Message> messages = request.messages();
        int attachTo = lastUserMessage(messages);
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (int i = 0; i < messages.size(); i++) {
            out.add(message(messages.get(i), i == attachTo ? request.media() : List.of(), ctx));
        }
        if (attachTo < 0 && !request.media().isEmpty()) {
            out.add(message(Message.of("user", List.of()), request.media(), ctx));
        }
        return out;
    }

    private static int lastUserMessage(List<Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role().equals("user")) {
                return i;
            }
        }
        return -1;
    }

    private static ObjectNode message(Message m, List<Media> attachments, CallContext ctx) {
        ObjectNode node = Json.object().put("role", m.role());
        List<ContentPart> parts = withAttachments(m.content(), attachments);
        if (parts.size() == 1 && parts.getFirst() instanceof ContentPart.Text t) {
            node.put("content", t.text());
        } else if (!parts.isEmpty()) {
            ArrayNode content = node.putArray("content");
            parts.forEach(p -> content.add(part(p, ctx)));
        } else if (m.toolCalls().isEmpty()) {
            node.put("content", "");
        }
        m.name().ifPresent(name -> node.put("name", name));
        if (!m.toolCalls().isEmpty()) {
            ArrayNode calls = node.putArray("tool_calls");
            m.toolCalls().forEach(c -> calls.add(toolCall(c)));
        }
        m.toolCallId().ifPresent(id -> node.put("tool_call_id", id));
        return node;
    }

    /** The parts with the attachments inserted before the first text part (after any images it has). */
    private static List<ContentPart> withAttachments(List<ContentPart> parts, List<Media> attachments) {
        if (attachments.isEmpty()) {
            return parts;
        }
        List<ContentPart> out = new ArrayList<>(parts.size() + attachments.size());
        int firstText = 0;
        while (firstText < parts.size() && !(parts.get(firstText) instanceof ContentPart.Text)) {
            firstText++;
        }
        out.addAll(parts.subList(0, firstText));
        attachments.forEach(a -> out.add(new ContentPart.Image(a)));
        out.addAll(parts.subList(firstText, parts.size()));
        return out;
    }

    private static ObjectNode part(ContentPart part, CallContext ctx) {
        return switch (part) {
            case ContentPart.Text t -> Json.object().put("type", "text").put("text", t.text());
            case ContentPart.Image i -> {
                ObjectNode node = Json.object().put("type", "image_url");
                node.putObject("image_url").put("url", imageUrl(i.media(), ctx));
                yield node;
            }
        };
    }

    private static String imageUrl(Media media, CallContext ctx) {
        return media.url().orElseGet(() -> ctx.load(media).dataUri());
    }

    private static ObjectNode toolCall(ToolCall call) {
        ObjectNode node = Json.object().put("id", call.id()).put("type", call.type());
        node.putObject("function").put("name", call.name()).put("arguments", call.arguments());
        return node;
    }
}
