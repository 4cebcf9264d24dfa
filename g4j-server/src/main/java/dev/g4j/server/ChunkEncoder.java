package dev.g4j.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.g4j.ChatEvent;
import dev.g4j.ToolCall;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes one stream's events as OpenAI {@code chat.completion.chunk} SSE events
 * ({@code data: {json}\n\n}). The parts that never change within a stream (id, created, model,
 * provider) are encoded once; each delta then costs one escape of its text into a reused buffer.
 *
 * <p>Extension fields, which stock clients ignore: {@code provider} on every chunk,
 * {@code delta.reasoning_content}, {@code delta.g4j_status}, {@code delta.g4j_progress},
 * {@code delta.g4j_images} and {@code conversation} on the finish chunk.
 */
final class ChunkEncoder {
    private static final byte[] CHOICE_OPEN = ascii(",\"choices\":[{\"index\":0,\"delta\":");
    private static final byte[] TAIL = ascii(",\"logprobs\":null,\"finish_reason\":null}]}\n\n");
    /** With {@code include_usage}, OpenAI sends {@code "usage":null} on every chunk before the usage-only one. */
    private static final byte[] TAIL_USAGE_NULL = ascii(",\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
    private static final byte[] DONE = ascii("data: [DONE]\n\n");

    private final byte[] head;
    private final JsonBytes out;
    private final byte[] tail;
    private final boolean usageNull;

    ChunkEncoder(String id, long created, String model, String provider, JsonBytes out) {
        this(id, created, model, provider, false, out);
    }

    /** @param usageNull whether every chunk carries {@code "usage":null} ({@code stream_options.include_usage}) */
    ChunkEncoder(String id, long created, String model, String provider, boolean usageNull, JsonBytes out) {
        this.tail = usageNull ? TAIL_USAGE_NULL : TAIL;
        this.usageNull = usageNull;
        JsonBytes h = new JsonBytes(160);
        h.ascii("data: {\"id\":").string(id).ascii(",\"object\":\"chat.completion.chunk\",\"created\":").number(created)
                .ascii(",\"model\":").string(model).ascii(",\"provider\":").string(provider)
                .ascii(",\"system_fingerprint\":null");
        this.head = h.toByteArray();
        this.out = out;
    }

    JsonBytes buffer() {
        return out;
    }

    /** The first chunk: the role, and empty content, as OpenAI sends it. */
    void role() {
        open().ascii("{\"role\":\"assistant\",\"content\":\"\"}").raw(tail);
    }

    void content(String text) {
        open().ascii("{\"content\":").string(text).ascii("}").raw(tail);
    }

    void reasoning(String text) {
        open().ascii("{\"reasoning_content\":").string(text).ascii("}").raw(tail);
    }

    void status(String message) {
        open().ascii("{\"g4j_status\":").string(message).ascii("}").raw(tail);
    }

    void progress(ChatEvent.Progress p) {
        open().ascii("{\"g4j_progress\":{\"label\":").string(p.label()).ascii(",\"done\":").number(p.done())
                .ascii(",\"total\":").number(p.total()).ascii("}}").raw(tail);
    }

    /** Images: markdown in {@code content} (what any chat UI shows), and the plain list in {@code g4j_images}. */
    void images(ChatEvent.ImageOutput images) {
        open().ascii("{\"content\":").string(markdown(images)).ascii(",\"g4j_images\":");
        imageList(out, images);
        out.ascii("}").raw(tail);
    }

    /** Tool calls as OpenAI streams them; {@code firstIndex} continues the numbering across chunks. */
    void toolCalls(List<ToolCall> calls, int firstIndex) {
        open().ascii("{\"tool_calls\":[");
        for (int i = 0; i < calls.size(); i++) {
            ToolCall c = calls.get(i);
            out.ascii(i == 0 ? "{\"index\":" : ",{\"index\":").number(firstIndex + i)
                    .ascii(",\"id\":").string(c.id()).ascii(",\"type\":").string(c.type())
                    .ascii(",\"function\":{\"name\":").string(c.name()).ascii(",\"arguments\":").string(c.arguments())
                    .ascii("}}");
        }
        out.ascii("]}").raw(tail);
    }

    /** The finish chunk: empty delta, the reason, and the conversation state when there is one. */
    void finish(String reason, ChatEvent.ConversationState conversation) {
        open().ascii("{},\"logprobs\":null,\"finish_reason\":").string(reason).ascii("}]");
        if (conversation != null) {
            out.ascii(",\"conversation\":");
            conversation(out, conversation);
        }
        out.ascii(usageNull ? ",\"usage\":null}\n\n" : "}\n\n");
    }

    /** The usage-only chunk ({@code choices: []}) that {@code stream_options.include_usage} asks for. */
    void usage(ChatEvent.Usage usage) {
        out.raw(head).ascii(",\"choices\":[],\"usage\":");
        usage(out, usage);
        out.ascii("}\n\n");
    }

    void error(ApiError error) {
        out.ascii("data: ");
        error.write(out);
        out.ascii("\n\n");
    }

    void done() {
        out.raw(DONE);
    }

    private JsonBytes open() {
        return out.raw(head).raw(CHOICE_OPEN);
    }

    static String markdown(ChatEvent.ImageOutput images) {
        StringBuilder sb = new StringBuilder();
        for (String url : images.urls()) {
            String alt = images.prompt().replace("[", "").replace("]", "").replace("\n", " ");
            sb.append("![").append(alt).append("](").append(url).append(")\n");
        }
        return sb.toString();
    }

    static void imageList(JsonBytes j, ChatEvent.ImageOutput images) {
        j.ascii("[");
        for (int i = 0; i < images.urls().size(); i++) {
            j.ascii(i == 0 ? "{\"url\":" : ",{\"url\":").string(images.urls().get(i))
                    .ascii(",\"prompt\":").string(images.prompt()).ascii("}");
        }
        j.ascii("]");
    }

    /** {@code {"provider": name, "state": {...}}}; the state is re-encoded so a provider cannot break our JSON. */
    static void conversation(JsonBytes j, ChatEvent.ConversationState c) {
        j.ascii("{\"provider\":").string(c.provider()).ascii(",\"state\":");
        try {
            j.raw(JsonFields.MAPPER.writeValueAsBytes(JsonFields.MAPPER.readTree(c.json())));
        } catch (JsonProcessingException e) {
            j.ascii("{}");
        }
        j.ascii("}");
    }

    /** OpenAI's three counts first, then whatever else the service reported (cost, details). */
    static void usage(JsonBytes j, ChatEvent.Usage u) {
        j.ascii("{\"prompt_tokens\":").number(u == null ? 0 : u.promptTokens())
                .ascii(",\"completion_tokens\":").number(u == null ? 0 : u.completionTokens())
                .ascii(",\"total_tokens\":").number(u == null ? 0 : u.totalTokens());
        if (u != null) {
            for (var e : u.fields().entrySet()) {
                String k = e.getKey();
                if (k.equals("prompt_tokens") || k.equals("completion_tokens") || k.equals("total_tokens")) {
                    continue;
                }
                try {
                    j.ascii(",").string(k).ascii(":").raw(JsonFields.MAPPER.writeValueAsBytes(e.getValue()));
                } catch (JsonProcessingException ex) {
                    j.ascii(",").string(k).ascii(":null");
                }
            }
        }
        j.ascii("}");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
