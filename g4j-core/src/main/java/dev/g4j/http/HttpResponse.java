package dev.g4j.http;

import dev.g4j.MalformedResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An HTTP answer whose body is read as a stream. Closing it releases the connection; closing it before
 * the body was read to the end aborts the exchange.
 */
public interface HttpResponse extends AutoCloseable {

    int status();

    Headers headers();

    /** The body, read incrementally. */
    InputStream body();

    @Override
    void close();

    default boolean isSuccess() {
        return status() >= 200 && status() < 300;
    }

    /** The full Content-Type value, or empty. */
    default String contentType() {
        return headers().first("Content-Type").orElse("");
    }

    /** The media type alone, lower-cased, without parameters: {@code text/event-stream}. */
    default String mediaType() {
        String ct = contentType();
        int semi = ct.indexOf(';');
        return (semi >= 0 ? ct.substring(0, semi) : ct).strip().toLowerCase(Locale.ROOT);
    }

    /** The body's charset from Content-Type, UTF-8 when absent or unknown. */
    default Charset charset() {
        String ct = contentType().toLowerCase(Locale.ROOT);
        int i = ct.indexOf("charset=");
        if (i >= 0) {
            String name = ct.substring(i + 8).split("[;\\s]", 2)[0].replace("\"", "");
            try {
                return Charset.forName(name);
            } catch (RuntimeException e) {
                return StandardCharsets.UTF_8;
            }
        }
        return StandardCharsets.UTF_8;
    }

    /**
     * Reads the whole body, refusing more than {@code limit} bytes with a
     * {@link MalformedResponseException} (a body far larger than any answer is an error, not a memory
     * problem).
     */
    default byte[] readBytes(long limit) {
        try (InputStream in = body()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                throw MalformedResponseException.invalid("response body larger than " + limit + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    default String readText(long limit) {
        return new String(readBytes(limit), charset());
    }
}
