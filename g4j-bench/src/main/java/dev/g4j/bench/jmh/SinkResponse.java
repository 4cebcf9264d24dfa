package dev.g4j.bench.jmh;

import io.helidon.common.uri.UriQuery;
import io.helidon.http.Header;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.ServerResponseTrailers;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.OutputStream;
import java.util.function.UnaryOperator;

/**
 * A Helidon response whose body goes to a given output stream (a discarding or recording sink), with
 * no connection behind it: what the relay writes is all that is measured.
 */
final class SinkResponse implements ServerResponse {
    private final OutputStream body;
    private final ServerResponseHeaders headers = ServerResponseHeaders.create();
    private Status status = Status.OK_200;
    private boolean sent;

    SinkResponse(OutputStream body) {
        this.body = body;
    }

    @Override
    public ServerResponse status(Status status) {
        this.status = status;
        return this;
    }

    @Override
    public Status status() {
        return status;
    }

    @Override
    public ServerResponse header(Header header) {
        headers.set(header);
        return this;
    }

    @Override
    public void send() {
        sent = true;
    }

    @Override
    public void send(byte[] bytes) {
        sent = true;
    }

    @Override
    public void send(Object entity) {
        sent = true;
    }

    @Override
    public boolean isSent() {
        return sent;
    }

    @Override
    public OutputStream outputStream() {
        sent = true;
        return body;
    }

    @Override
    public long bytesWritten() {
        return -1;
    }

    @Override
    public ServerResponse whenSent(Runnable listener) {
        return this;
    }

    @Override
    public ServerResponse reroute(String newPath) {
        throw new UnsupportedOperationException("reroute");
    }

    @Override
    public ServerResponse reroute(String path, UriQuery query) {
        throw new UnsupportedOperationException("reroute");
    }

    @Override
    public ServerResponse next() {
        throw new UnsupportedOperationException("next");
    }

    @Override
    public ServerResponseHeaders headers() {
        return headers;
    }

    @Override
    public ServerResponseTrailers trailers() {
        throw new UnsupportedOperationException("trailers");
    }

    @Override
    public void streamResult(String result) {}

    @Override
    public void streamFilter(UnaryOperator<OutputStream> filter) {
        throw new UnsupportedOperationException("streamFilter");
    }
}
