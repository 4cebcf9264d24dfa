package dev.g4j.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds OpenAI chat completion bodies (the {@code chat.completion} object and the
 * {@code chat.completion.chunk} stream ending in {@code data: [DONE]}) from a {@link ChatReply}, in
 * the field order OpenAI-compatible servers use.
 */
final class OpenAiChunks {

    /** Where the usage goes in a stream. */
    enum Layout {
        /** In the chunk that carries {@code finish_reason} (DeepInfra). */
        IN_FINISH_CHUNK,
        /** {@code "usage": null} on every chunk, then one chunk with {@code choices: []} (OpenAI include_usage). */
        SEPARATE_CHUNK,
        /** Nowhere. */
        NONE
    }

    private final String id;
    private final String model;
    private final long created;

    OpenAiChunks(String id, String model, long created) {
        this.id = id;
        this.model = model;
        this.created = created;
    }

    byte[] completion(ChatReply reply) {
        ObjectNode body = head("chat.completion");
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (reply.deltas().isEmpty() && !reply.toolCalls().isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", reply.content());
        }
        if (!reply.reasoning().isEmpty()) {
            message.put("reasoning_content", String.join("", reply.reasoning()));
        }
        if (!reply.toolCalls().isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            reply.toolCalls().forEach(call -> toolCall(calls.addObject(), call));
        }
        choice.put("finish_reason", reply.finishReason()).putNull("logprobs");
        reply.usage().ifPresent(usage -> usage(body.putObject("usage"), usage));
        return Json.bytes(body);
    }

    List<byte[]> stream(ChatReply reply, Layout layout) {
        List<byte[]> events = new ArrayList<>();
        events.add(chunk(layout, delta -> delta.put("role", "assistant").put("content", ""), null, null));
        for (String thought : reply.reasoning()) {
            events.add(chunk(layout, d -> d.put("role", "assistant").putNull("content").put("reasoning_content", thought),
                    null, null));
        }
        for (String text : reply.deltas()) {
            events.add(chunk(layout, d -> d.put("content", text), null, null));
        }
        for (int i = 0; i < reply.toolCalls().size(); i++) {
            ChatReply.ToolCall call = reply.toolCalls().get(i);
            int index = i;
            events.add(chunk(layout, d -> toolCall(d.putArray("tool_calls").addObject().put("index", index), call),
                    null, null));
        }
        ChatReply.Usage usage = reply.usage().orElse(null);
        events.add(chunk(layout, d -> { }, reply.finishReason(), layout == Layout.IN_FINISH_CHUNK ? usage : null));
        if (layout == Layout.SEPARATE_CHUNK && usage != null) {
            ObjectNode last = head("chat.completion.chunk");
            last.putArray("choices");
            usage(last.putObject("usage"), usage);
            events.add(Sse.event(Json.write(last)));
        }
        events.add(Sse.event("[DONE]"));
        return events;
    }

    private byte[] chunk(Layout layout, Consumer<ObjectNode> delta, String finish,
            ChatReply.Usage usage) {
        ObjectNode chunk = head("chat.completion.chunk");
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        delta.accept(choice.putObject("delta"));
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        choice.putNull("logprobs");
        if (usage != null) {
            usage(chunk.putObject("usage"), usage);
        } else if (layout == Layout.SEPARATE_CHUNK) {
            chunk.putNull("usage");
        }
        return Sse.event(Json.write(chunk));
    }

    private ObjectNode head(String object) {
        return Json.object().put("id", id).put("object", object).put("created", created).put("model", model);
    }

    private static void toolCall(ObjectNode node, ChatReply.ToolCall call) {
        node.put("id", call.id()).put("type", "function").putObject("function")
                .put("name", call.name()).put("arguments", call.arguments());
    }

    private static void usage(ObjectNode node, ChatReply.Usage usage) {
        node.put("prompt_tokens", usage.promptTokens()).put("total_tokens", usage.totalTokens())
                .put("completion_tokens", usage.completionTokens());
        usage.estimatedCost().ifPresent(cost -> node.put("estimated_cost", cost));
    }
}
