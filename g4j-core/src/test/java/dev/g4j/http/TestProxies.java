package dev.g4j.http;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Minimal loopback proxies for tests: SOCKS5 with username/password (RFC 1928/1929) and an HTTP
 * forward proxy. Each records what it saw so a test can prove the client went through it.
 */
final class TestProxies {
    private TestProxies() {}

    /** A SOCKS5 proxy requiring one username and password. */
    static final class Socks5 implements AutoCloseable {
        final ServerSocket server;
        final List<String> credentials = new CopyOnWriteArrayList<>();
        final List<String> targets = new CopyOnWriteArrayList<>();
        private final String user;
        private final String password;

        Socks5(String user, String password) throws IOException {
            this.user = user;
            this.password = password;
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket client) {
            try (client) {
                DataInputStream in = new DataInputStream(client.getInputStream());
                OutputStream out = client.getOutputStream();
                if (in.readUnsignedByte() != 5) {
                    return;
                }
                int n = in.readUnsignedByte();
                byte[] methods = in.readNBytes(n);
                boolean offersUserPass = false;
                for (byte m : methods) {
                    offersUserPass |= m == 2;
                }
                if (!offersUserPass) {
                    out.write(new byte[] {5, (byte) 0xFF});
                    return;
                }
                out.write(new byte[] {5, 2});
                in.readUnsignedByte(); // sub-negotiation version 1
                String u = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
                String p = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
                credentials.add(u + ":" + p);
                boolean ok = u.equals(user) && p.equals(password);
                out.write(new byte[] {1, (byte) (ok ? 0 : 1)});
                if (!ok) {
                    return;
                }
                in.readUnsignedByte(); // version
                int cmd = in.readUnsignedByte();
                in.readUnsignedByte(); // reserved
                int atyp = in.readUnsignedByte();
                String host = switch (atyp) {
                    case 1 -> InetAddress.getByAddress(in.readNBytes(4)).getHostAddress();
                    case 3 -> new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII);
                    case 4 -> InetAddress.getByAddress(in.readNBytes(16)).getHostAddress();
                    default -> throw new IOException("bad address type " + atyp);
                };
                int port = in.readUnsignedShort();
                targets.add(host + ":" + port);
                if (cmd != 1) {
                    out.write(new byte[] {5, 7, 0, 1, 0, 0, 0, 0, 0, 0});
                    return;
                }
                try (Socket upstream = new Socket(host, port)) {
                    out.write(new byte[] {5, 0, 0, 1, 127, 0, 0, 1, 0, 0});
                    out.flush();
                    relay(client, upstream);
                }
            } catch (IOException ignored) {
                // a test proxy: failures end the connection
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** An HTTP forward proxy: one request per connection, absolute-form targets, records Proxy-Authorization. */
    static final class HttpForward implements AutoCloseable {
        final ServerSocket server;
        final List<String> requestLines = new CopyOnWriteArrayList<>();
        final List<String> proxyAuthorizations = new CopyOnWriteArrayList<>();

        HttpForward() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket client) {
            try (client) {
                InputStream in = client.getInputStream();
                String head = readHead(in);
                String[] lines = head.split("\r\n");
                requestLines.add(lines[0]);
                String[] parts = lines[0].split(" ");
                java.net.URI target = java.net.URI.create(parts[1]);
                StringBuilder forwarded = new StringBuilder(parts[0] + " " + target.getRawPath()
                        + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()) + " HTTP/1.1\r\n");
                for (int i = 1; i < lines.length; i++) {
                    String lower = lines[i].toLowerCase(java.util.Locale.ROOT);
                    if (lower.startsWith("proxy-authorization:")) {
                        proxyAuthorizations.add(lines[i].substring(lines[i].indexOf(':') + 1).strip());
                    } else if (!lower.startsWith("connection:") && !lower.startsWith("proxy-connection:")) {
                        forwarded.append(lines[i]).append("\r\n");
                    }
                }
                forwarded.append("Connection: close\r\n\r\n");
                try (Socket upstream = new Socket(target.getHost(), target.getPort())) {
                    upstream.getOutputStream().write(forwarded.toString().getBytes(StandardCharsets.ISO_8859_1));
                    upstream.getOutputStream().flush();
                    relay(client, upstream);
                }
            } catch (IOException | RuntimeException ignored) {
                // a test proxy: failures end the connection
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("eof in head");
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') ? (matched + 1) : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1).strip();
    }

    /** Copies both ways until either side closes. */
    static void relay(Socket a, Socket b) throws IOException {
        Thread t = Thread.ofVirtual().start(() -> copy(b, a));
        copy(a, b);
        try {
            t.join(java.time.Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException ignored) {
            // one side closed
        }
    }
}
