package dev.g4j.server;

import dev.g4j.ChatEvent;
import dev.g4j.G4jException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Relays a chat stream as OpenAI SSE. The status line waits for the first content event (or the end),
 * so a failure before any output gets a real status and an OpenAI error body; status, progress and
 * session events that come earlier are held and sent right after the role chunk. Once output has
 * started, a failure ends the stream with one {@code data: {"error": ...}} event and no {@code [DONE]}
 * ({@code [DONE]} means the answer is complete).
 *
 * <p>Per event: one encode into a reused buffer; one write and one flush for all the events that are
 * already waiting (at most 16 KiB), so a burst of chunks costs one system call. A write that fails means the
 * client left: the upstream call is cancelled at once.
 */
final class SseRelay {
    /** Tells nginx-style proxies in front of us not to buffer the stream. */
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final io.helidon.http.HeaderName X_ACCEL_BUFFERING = HeaderNames.create("X-Accel-Buffering");

    private final ChatEndpoint.Answer a;
    private final boolean includeUsage;
    private ChunkEncoder enc;
    private OutputStream out;
    private ChatEvent.Usage usage;
    private ChatEvent.ConversationState conversation;
    private String finish;
    private int toolIndex;
    /** The stream's writes and the watcher's keep-alive comments take turns. */
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Chunks waiting to be written are flushed once they reach this size even while more are ready. */
    private static final int BATCH_BYTES = 16 * 1024;
    private boolean ended; // guarded by writeLock

    SseRelay(ChatEndpoint.Answer answer, boolean includeUsage) {
        this.a = answer;
        this.includeUsage = includeUsage;
    }

    void run(ServerResponse res) {
        Iterator<ChatEvent> it = a.stream.iterator();
        List<ChatEvent> held = new ArrayList<>(2);
        ChatEvent first = null;
        try {
            while (it.hasNext()) {
                ChatEvent e = it.next();
                if (e.isContent() || e instanceof ChatEvent.Finished) {
                    first = e;
                    break;
                }
                held.add(e);
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
        if (first == null) { // ended without Finished: closed because the client left
            a.clientGone();
            a.call.status = 499;
            Call.abandon(res);
            return;
        }
        if (first.isContent()) {
            a.firstToken();
        }
        a.call.served(a.provider(), a.model());
        try {
            if (start(res, held, first)) {
                relay(it);
            }
        } finally {
            // no keep-alive comment may reach the response once the handler is done with it
            writeLock.lock();
            ended = true;
            writeLock.unlock();
        }
    }

    private boolean start(ServerResponse res, List<ChatEvent> held, ChatEvent first) {
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(X_ACCEL_BUFFERING, "no");
        res.header(Call.PROVIDER, Call.headerValue(a.provider()));
        res.header(Call.MODEL, Call.headerValue(a.model()));
        Call.attemptsHeader(res, a.stream.attempts(), a.provider());
        Call.closeIf(a.watch.startOutput(), res);
        a.call.status = 200;
        enc = new ChunkEncoder(a.id, a.created, a.model(), a.provider(), includeUsage, new JsonBytes(512));
        enc.role();
        for (ChatEvent e : held) {
            encode(e);
        }
        encode(first);
        out = res.outputStream();
        boolean sent = send();
        a.watch.keepAlive(this::keepAlive);
        return sent;
    }

    private void relay(Iterator<ChatEvent> it) {
        try {
            while (it.hasNext()) {
                // batch the chunks that are already here into one write; flush when the stream would wait
                if (encode(it.next()) && (!a.stream.hasReadyEvent() || enc.buffer().length() >= BATCH_BYTES)
                        && !send()) {
                    return;
                }
            }
        } catch (G4jException e) {
            if (a.watch.disconnected()) {
                a.clientGone();
                return;
            }
            ApiError error = Errors.of(e);
            a.state.metrics.error(a.call.endpoint, e.kind().wireName());
            a.call.log(true, "failed after output started: {}", e.describe());
            enc.error(error);
            if (send()) {
                close();
            }
            return;
        }
        if (finish == null) {
            a.clientGone();
            return;
        }
        enc.finish(reason(), conversation);
        if (includeUsage) {
            enc.usage(usage);
        }
        enc.done();
        if (send()) {
            close();
            a.succeeded();
            a.call.log(false, "streamed in {} ms, finish_reason={}", a.call.elapsedMillis(), reason());
        }
    }

    private String reason() {
        // OpenAI says tool_calls when the model stopped to call tools; some services just say stop
        return toolIndex > 0 && "stop".equals(finish) ? "tool_calls" : finish;
    }

    /** Adds the event to the buffer; false when it produces no chunk of its own. */
    private boolean encode(ChatEvent e) {
        switch (e) {
            case ChatEvent.TextDelta t -> {
                if (t.text().isEmpty()) {
                    return false;
                }
                a.firstToken();
                enc.content(t.text());
            }
            case ChatEvent.ReasoningDelta r -> {
                a.firstToken();
                enc.reasoning(r.text());
            }
            case ChatEvent.ImageOutput i -> {
                a.firstToken();
                enc.images(i);
            }
            case ChatEvent.ToolCalls c -> {
                a.firstToken();
                enc.toolCalls(c.calls(), toolIndex);
                toolIndex += c.calls().size();
            }
            case ChatEvent.Status s -> enc.status(s.message());
            case ChatEvent.Progress p -> enc.progress(p);
            case ChatEvent.Usage u -> {
                usage = u;
                return false;
            }
            case ChatEvent.ConversationState c -> {
                conversation = c;
                return false;
            }
            case ChatEvent.Finished f -> {
                finish = f.reason();
                return false;
            }
        }
        return true;
    }

    /** Writes and flushes what is buffered; false (and the upstream cancelled) when the client is gone. */
    private boolean send() {
        JsonBytes buf = enc.buffer();
        writeLock.lock();
        try {
            buf.writeTo(out);
            out.flush();
            a.watch.touch();
            return true;
        } catch (IOException | RuntimeException e) {
            ended = true;
            a.watch.writeFailed();
            a.clientGone();
            return false;
        } finally {
            buf.reset();
            writeLock.unlock();
        }
    }

    /** Runs on the watcher's side; skipped when the stream is writing anyway or is over. */
    private void keepAlive() {
        if (!writeLock.tryLock()) {
            return;
        }
        try {
            if (!ended) {
                out.write(KEEP_ALIVE);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            ended = true;
            a.watch.writeFailed();
        } finally {
            writeLock.unlock();
        }
    }

    private void close() {
        writeLock.lock();
        try {
            ended = true;
            out.close();
        } catch (IOException | RuntimeException e) {
            a.watch.writeFailed();
        } finally {
            writeLock.unlock();
        }
    }
}
