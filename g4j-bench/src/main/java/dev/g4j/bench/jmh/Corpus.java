package dev.g4j.bench.jmh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Realistic, reproducible stream material: the tokens of a chat answer (mostly English words, some
 * accented, Greek, Cyrillic, CJK, emoji, quotes, backslashes and new lines, so that UTF-8 multi-byte
 * sequences and JSON escapes both occur), and the SSE bodies that carry them: an OpenAI
 * {@code chat.completion.chunk} stream shaped exactly as DeepInfra sends it (fixture
 * {@code deepinfra/chat_stream_basic.sse}), and a Gradio queue data stream (fixture
 * {@code janus/data_generating_diffs.sse}). The same seed gives the same bytes on every machine.
 */
final class Corpus {
    /** Content chunks in one answer of the decode, encode and SSE streams: a long answer, ~5 KB of text. */
    static final int TOKENS = 1000;
    static final String ID = "chatcmpl-7Xq2LmT9vKcR4pNw8sHdEa";
    static final long CREATED = 1_749_691_342L;
    static final String MODEL = "meta-llama/Meta-Llama-3.1-70B-Instruct";
    static final String EVENT_ID = "f1e2d3c4b5a697887766554433221100";
    static final long PROMPT_TOKENS = 31;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ENGLISH = {"the", "model", "answers", "stream", "quickly", "token", "server",
        "gateway", "latency", "with", "and", "of", "to", "in", "a", "response", "JSON", "event", "chunk", "reads",
        "every", "provider", "request", "is", "that", "for", "when", "it", "can", "be", "sent", "through"};
    private static final String[] ACCENTED = {"café", "naïve", "über", "façade", "Größe", "déjà", "año", "São",
        "Paulo", "Ελληνικά", "русский", "язык", "Zürich", "crème", "brûlée"};
    private static final String[] CJK = {"日本語", "の", "テキスト", "中文", "文本", "한국어", "です", "。"};
    private static final String[] SYMBOLS = {"—", " “quoted”", "…", " →", " 🚀", " 😀", "\n", "\n\n", " \"x\"",
        " C:\\path", "\t", ",", ".", "'s", ":"};

    private Corpus() {}

    /** The answer's text deltas; the first has no leading space (a stream's first token never does). */
    static List<String> tokens(int n) {
        SplittableRandom r = new SplittableRandom(6);
        List<String> out = new ArrayList<>(n);
        out.add("The");
        while (out.size() < n) {
            int p = r.nextInt(100);
            if (p < 60) {
                out.add(" " + pick(r, ENGLISH));
            } else if (p < 72) {
                out.add(" " + pick(r, ACCENTED));
            } else if (p < 82) {
                out.add(pick(r, CJK));
            } else {
                out.add(pick(r, SYMBOLS));
            }
        }
        return out;
    }

    /**
     * The {@code data:} payloads of a DeepInfra stream of these tokens: the role chunk, one chunk per
     * token, the finish chunk with usage; without the final {@code [DONE]}.
     */
    static List<String> openAiPayloads(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size() + 2);
        out.add(openAiChunk("", "null", ""));
        for (String t : tokens) {
            out.add(openAiChunk(t, "null", ""));
        }
        out.add(openAiChunk("", "\"stop\"", ",\"usage\":{\"prompt_tokens\":" + PROMPT_TOKENS + ",\"total_tokens\":"
                + (PROMPT_TOKENS + tokens.size()) + ",\"completion_tokens\":" + tokens.size()
                + ",\"estimated_cost\":1.273e-05}"));
        return out;
    }

    private static String openAiChunk(String content, String finish, String usage) {
        return "{\"id\":\"" + ID + "\",\"object\":\"chat.completion.chunk\",\"created\":" + CREATED + ",\"model\":\""
                + MODEL + "\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":"
                + quote(content) + "},\"finish_reason\":" + finish + ",\"logprobs\":null}]" + usage + "}";
    }

    /**
     * The {@code data:} payloads of a Gradio queue stream answering with these tokens: estimation,
     * process_starts, a log, one {@code append} diff per token, process_completed with the whole text,
     * close_stream.
     */
    static List<String> gradioPayloads(List<String> tokens) {
        String id = "\"event_id\":\"" + EVENT_ID + "\"";
        List<String> out = new ArrayList<>(tokens.size() + 6);
        out.add("{\"msg\":\"estimation\"," + id + ",\"rank\":1,\"queue_size\":2,\"rank_eta\":41.93}");
        out.add("{\"msg\":\"estimation\"," + id + ",\"rank\":0,\"queue_size\":1,\"rank_eta\":20.965}");
        out.add("{\"msg\":\"process_starts\"," + id + ",\"eta\":20.965}");
        out.add("{\"msg\":\"log\"," + id + ",\"log\":\"Prompt accepted\",\"level\":\"info\",\"duration\":10.0,"
                + "\"visible\":true,\"title\":\"Info\"}");
        for (String t : tokens) {
            out.add("{\"msg\":\"process_generating\"," + id + ",\"output\":{\"data\":[[[\"append\",[],"
                    + quote(t) + "]]],\"is_generating\":true,\"duration\":0.05,\"average_duration\":null,"
                    + "\"render_config\":null,\"changed_state_ids\":[]},\"success\":true,\"time_limit\":null}");
        }
        out.add("{\"msg\":\"process_completed\"," + id + ",\"output\":{\"data\":[" + quote(String.join("", tokens))
                + "],\"is_generating\":false,\"duration\":2.431532144546509,\"average_duration\":2.431532144546509,"
                + "\"render_config\":null,\"changed_state_ids\":[]},\"success\":true,\"title\":null}");
        out.add("{\"msg\":\"close_stream\",\"event_id\":null}");
        return out;
    }

    /** The SSE body: each payload as {@code data: ...} and a blank line, then {@code extra} payloads as is. */
    static byte[] sse(List<String> payloads, String... extra) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(payloads.size() * 300);
        for (String p : payloads) {
            b.writeBytes(("data: " + p + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
        for (String p : extra) {
            b.writeBytes(("data: " + p + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    /** A JSON string literal, UTF-8 left as is (as OpenAI and DeepInfra send it). */
    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pick(SplittableRandom r, String[] words) {
        return words[r.nextInt(words.length)];
    }
}
