package dev.g4j.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.g4j.ChatEvent;
import dev.g4j.ChatRequest;
import dev.g4j.ContentPart;
import dev.g4j.G4jException;
import dev.g4j.Media;
import dev.g4j.MediaPolicy;
import dev.g4j.Message;
import dev.g4j.ToolCall;
import dev.g4j.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads an OpenAI {@code chat.completions} body into a {@link ChatRequest}. Every mistake is a 400
 * naming the field; nothing from the HTTP request other than the body (in particular not the
 * {@code Authorization} header) goes into the request. Image URLs, when allowed at all, must pass the
 * media policy's check ({@link MediaPolicy#checkUrl}): no private or local hosts.
 */
final class ChatParser {
    /** OpenAI parameters passed through to the providers that take them, as they came. */
    static final Set<String> PASS_THROUGH = Set.of("tools", "tool_choice", "parallel_tool_calls", "response_format",
            "reasoning_effort", "stream_options", "frequency_penalty", "presence_penalty", "logit_bias", "logprobs",
            "top_logprobs", "user", "modalities", "audio", "prediction", "service_tier", "store", "metadata",
            "web_search_options", "verbosity");

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

    /** A parsed request and how to answer it. */
    record Parsed(ChatRequest request, boolean stream, boolean includeUsage) {}

    private final boolean allowMediaUrls;
    /** Refuses, with a G4jException, an image URL the media policy would not fetch (private hosts...). */
    private final Consumer<String> urlCheck;

    ChatParser(boolean allowMediaUrls) {
        this(allowMediaUrls, MediaPolicy.untrusted(allowMediaUrls)::checkUrl);
    }

    ChatParser(boolean allowMediaUrls, Consumer<String> urlCheck) {
        this.allowMediaUrls = allowMediaUrls;
        this.urlCheck = urlCheck;
    }

    Parsed parse(byte[] body) {
        JsonNode root = JsonFields.parseObject(body);
        ChatRequest.Builder b = ChatRequest.builder();
        JsonFields.string(root, "model", "model").ifPresent(b::model);
        JsonFields.string(root, "provider", "provider").ifPresent(b::provider);
        JsonFields.string(root, "api_key", "api_key").filter(s -> !s.isBlank()).ifPresent(b::apiKey);
        b.messages(messages(root.get("messages")));

        boolean stream = JsonFields.bool(root, "stream", "stream");
        b.stream(stream);
        boolean includeUsage = false;
        JsonNode so = root.get("stream_options");
        if (JsonFields.present(so)) {
            if (!so.isObject()) {
                throw ApiException.badRequest("'stream_options' must be an object", "stream_options");
            }
            includeUsage = JsonFields.bool(so, "include_usage", "stream_options.include_usage");
        }
        JsonFields.number(root, "temperature", 0, 2).ifPresent(b::temperature);
        JsonFields.number(root, "top_p", 0, 1).ifPresent(b::topP);
        var max = JsonFields.integer(root, "max_completion_tokens", 1, Integer.MAX_VALUE);
        if (max.isEmpty()) {
            max = JsonFields.integer(root, "max_tokens", 1, Integer.MAX_VALUE);
        }
        max.ifPresent(m -> b.maxTokens((int) m));
        JsonFields.integer(root, "seed", Long.MIN_VALUE, Long.MAX_VALUE).ifPresent(b::seed);
        var n = JsonFields.integer(root, "n", 1, 128);
        if (n.isPresent() && n.getAsLong() != 1) {
            throw ApiException.badRequest("only n=1 is supported", "n");
        }
        b.stop(stop(root.get("stop")));
        Optional<ChatEvent.ConversationState> conversation = conversation(root.get("conversation"));
        if (conversation.isPresent()) {
            b.conversation(conversation.get());
            // a session lives with one provider: continue there unless the client named one
            if (!root.has("provider")) {
                b.provider(conversation.get().provider());
            }
        }
        for (String name : PASS_THROUGH) {
            JsonNode v = root.get(name);
            if (JsonFields.present(v)) {
                b.extra(name, Json.toJava(v));
            }
        }
        try {
            return new Parsed(b.build(), stream, stream && includeUsage);
        } catch (G4jException e) {
            throw ApiException.badRequest(e.getMessage(), null);
        }
    }

    private List<Message> messages(JsonNode arr) {
        if (!JsonFields.present(arr)) {
            throw ApiException.badRequest("'messages' is required", "messages");
        }
        if (!arr.isArray() || arr.isEmpty()) {
            throw ApiException.badRequest("'messages' must be a non-empty array", "messages");
        }
        List<Message> out = new ArrayList<>(arr.size());
        for (int i = 0; i < arr.size(); i++) {
            out.add(message(arr.get(i), "messages[" + i + "]"));
        }
        return out;
    }

    private Message message(JsonNode m, String at) {
        if (!m.isObject()) {
            throw ApiException.badRequest("'" + at + "' must be an object", at);
        }
        String role = JsonFields.string(m, "role", at + ".role")
                .orElseThrow(() -> ApiException.badRequest("'" + at + ".role' is required", at + ".role"))
                .toLowerCase(Locale.ROOT);
        if (!ROLES.contains(role)) {
            throw ApiException.badRequest("'" + at + ".role' must be one of " + ROLES + ": " + role, at + ".role");
        }
        List<ContentPart> parts = content(m.get("content"), at + ".content", role);
        List<ToolCall> calls = role.equals("assistant") ? toolCalls(m.get("tool_calls"), at + ".tool_calls") : List.of();
        Optional<String> toolCallId = Optional.empty();
        if (role.equals("tool")) {
            toolCallId = Optional.of(JsonFields.string(m, "tool_call_id", at + ".tool_call_id")
                    .orElseThrow(() -> ApiException.badRequest("'" + at + ".tool_call_id' is required for tool messages",
                            at + ".tool_call_id")));
        }
        if (parts.isEmpty() && calls.isEmpty() && !role.equals("assistant")) {
            throw ApiException.badRequest("'" + at + ".content' is required", at + ".content");
        }
        Optional<String> name = JsonFields.string(m, "name", at + ".name");
        return new Message(role, parts, calls, toolCallId, name);
    }

    private List<ContentPart> content(JsonNode c, String at, String role) {
        if (!JsonFields.present(c)) {
            return List.of();
        }
        if (c.isTextual()) {
            return List.of(new ContentPart.Text(c.textValue()));
        }
        if (!c.isArray()) {
            throw ApiException.badRequest("'" + at + "' must be a string or an array of parts", at);
        }
        List<ContentPart> parts = new ArrayList<>(c.size());
        for (int i = 0; i < c.size(); i++) {
            String pat = at + "[" + i + "]";
            JsonNode p = c.get(i);
            String type = p.isObject() ? JsonFields.string(p, "type", pat + ".type").orElse("") : "";
            switch (type) {
                case "text", "input_text", "output_text", "refusal" -> {
                    String key = type.equals("refusal") ? "refusal" : "text";
                    parts.add(new ContentPart.Text(JsonFields.string(p, key, pat + "." + key).orElseThrow(
                            () -> ApiException.badRequest("'" + pat + "." + key + "' is required", pat + "." + key))));
                }
                case "image_url" -> {
                    if (!role.equals("user")) {
                        throw ApiException.badRequest("images are accepted in user messages only", pat);
                    }
                    parts.add(new ContentPart.Image(image(p.get("image_url"), pat + ".image_url")));
                }
                case "" -> throw ApiException.badRequest("'" + pat + "' must be an object with a 'type'", pat);
                default -> throw new ApiException(ApiError.badRequest(
                        "content parts of type '" + type + "' are not supported; use text and image_url", pat + ".type",
                        "unsupported_media"));
            }
        }
        return parts;
    }

    private Media image(JsonNode node, String at) {
        String url;
        if (JsonFields.present(node) && node.isTextual()) {
            url = node.textValue();
        } else if (JsonFields.present(node) && node.isObject()) {
            url = JsonFields.string(node, "url", at + ".url")
                    .orElseThrow(() -> ApiException.badRequest("'" + at + ".url' is required", at + ".url"));
        } else {
            throw ApiException.badRequest("'" + at + "' must be an object with a 'url'", at);
        }
        String lower = url.regionMatches(true, 0, "data:", 0, 5) ? "data:" : url.toLowerCase(Locale.ROOT);
        try {
            if (lower.startsWith("data:")) {
                return Media.ofDataUri(url);
            }
            if (lower.startsWith("http://") || lower.startsWith("https://")) {
                if (!allowMediaUrls) {
                    throw new ApiException(ApiError.badRequest("this server does not fetch image URLs; send the image "
                            + "as a data URI (data:image/png;base64,...)", at + ".url", "unsupported_media"));
                }
                // refused here, whoever would fetch it: a provider passing URLs on to a local upstream too
                urlCheck.accept(url);
                return Media.ofUrl(url);
            }
        } catch (G4jException e) {
            throw new ApiException(ApiError.badRequest(e.getMessage(), at + ".url", "unsupported_media"));
        }
        throw new ApiException(ApiError.badRequest("an image URL must be a data URI" + (allowMediaUrls
                ? " or an http(s) URL" : ""), at + ".url", "unsupported_media"));
    }

    private static List<ToolCall> toolCalls(JsonNode arr, String at) {
        if (!JsonFields.present(arr)) {
            return List.of();
        }
        if (!arr.isArray()) {
            throw ApiException.badRequest("'" + at + "' must be an array", at);
        }
        List<ToolCall> out = new ArrayList<>(arr.size());
        for (int i = 0; i < arr.size(); i++) {
            String pat = at + "[" + i + "]";
            JsonNode c = arr.get(i);
            JsonNode f = c.isObject() ? c.get("function") : null;
            if (f == null || !f.isObject()) {
                throw ApiException.badRequest("'" + pat + ".function' is required", pat + ".function");
            }
            String id = JsonFields.string(c, "id", pat + ".id")
                    .orElseThrow(() -> ApiException.badRequest("'" + pat + ".id' is required", pat + ".id"));
            String type = JsonFields.string(c, "type", pat + ".type").orElse("function");
            String name = JsonFields.string(f, "name", pat + ".function.name").orElseThrow(
                    () -> ApiException.badRequest("'" + pat + ".function.name' is required", pat + ".function.name"));
            String args = JsonFields.string(f, "arguments", pat + ".function.arguments").orElse("{}");
            out.add(new ToolCall(id, type, name, args));
        }
        return out;
    }

    private static List<String> stop(JsonNode n) {
        if (!JsonFields.present(n)) {
            return List.of();
        }
        if (n.isTextual()) {
            return List.of(n.textValue());
        }
        if (n.isArray() && n.size() <= 16) {
            List<String> out = new ArrayList<>();
            for (JsonNode s : n) {
                if (!s.isTextual()) {
                    throw ApiException.badRequest("'stop' must be a string or an array of strings", "stop");
                }
                out.add(s.textValue());
            }
            return out;
        }
        throw ApiException.badRequest("'stop' must be a string or an array of at most 16 strings", "stop");
    }

    /** g4j's extension: {@code "conversation": {"provider": "Name", "state": {...}}}, as the server sent it. */
    static Optional<ChatEvent.ConversationState> conversation(JsonNode n) {
        if (!JsonFields.present(n)) {
            return Optional.empty();
        }
        JsonNode provider = n.isObject() ? n.get("provider") : null;
        JsonNode state = n.isObject() ? n.get("state") : null;
        if (provider == null || !provider.isTextual() || state == null || !state.isObject()) {
            throw ApiException.badRequest("'conversation' must be {\"provider\": name, \"state\": {...}} as this server "
                    + "returned it", "conversation");
        }
        try {
            return Optional.of(new ChatEvent.ConversationState(provider.textValue(),
                    JsonFields.MAPPER.writeValueAsString(state)));
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("'conversation.state' cannot be read", "conversation.state");
        }
    }
}
