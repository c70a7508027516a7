package org.hitcert.hostile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A candidate that misbehaves on purpose, with raw sockets so that it can do what no well-behaved HTTP
 * server library allows: hang, trickle, reset. It serves a sound discovery document (so the run starts)
 * whose endpoints all lead back to itself, and misbehaves in {@link Mode} on every other path, unless
 * {@code discoveryToo} is set. Loopback only; every loop bounded.
 */
final class HostileServer implements AutoCloseable {

    enum Mode {
        NEVER_ANSWERS, ONE_BYTE_A_SECOND, OVERSIZED_BODY, INVALID_JSON, HTML_NOT_JSON, TRUNCATED_JWT, HUGE_JWKS,
        REDIRECT_LOOP, RESET, SERVER_ERROR, FOREIGN_HOST_ENDPOINTS
    }

    private final ServerSocket server;
    private final ExecutorService pool = Executors.newFixedThreadPool(16, r -> {
        Thread t = new Thread(r, "hostile");
        t.setDaemon(true);
        return t;
    });
    private final Mode mode;
    private final boolean discoveryToo;
    final AtomicInteger requests = new AtomicInteger();

    HostileServer(SSLContext tls, Mode mode, boolean discoveryToo) throws IOException {
        this.server = tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.mode = mode;
        this.discoveryToo = discoveryToo;
        Thread accept = new Thread(this::acceptLoop, "hostile-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    String base() {
        return "https://localhost:" + port();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                pool.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            String requestLine = in.readLine();
            if (requestLine == null) {
                return;
            }
            for (int i = 0; i < 200; i++) {
                String h = in.readLine();
                if (h == null || h.isEmpty()) {
                    break;
                }
            }
            requests.incrementAndGet();
            String path = requestLine.split(" ")[1];
            OutputStream out = socket.getOutputStream();
            if (path.startsWith("/.well-known/openid-configuration") && !discoveryToo) {
                respond(out, 200, "application/json", discovery());
                return;
            }
            misbehave(socket, out, path);
        } catch (IOException e) {
            // the client gave up: expected for several modes
        }
    }

    private void misbehave(Socket socket, OutputStream out, String path) throws IOException {
        switch (mode) {
            case NEVER_ANSWERS -> sleep(25_000);
            case ONE_BYTE_A_SECOND -> {
                byte[] head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < head.length + 25; i++) {
                    out.write(i < head.length ? head[i] : '{');
                    out.flush();
                    sleep(1000);
                }
            }
            case OVERSIZED_BODY -> {
                long size = 8L * 1024 * 1024; // four times the suite's 2 MB body cap (a browser page load of it costs seconds of rendering)
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) 'a');
                chunk[0] = '[';
                for (long sent = 0; sent < size; sent += chunk.length) {
                    out.write(chunk, 0, (int) Math.min(chunk.length, size - sent));
                    chunk[0] = 'a';
                }
            }
            case INVALID_JSON -> respond(out, 200, "application/json", "{\"issuer\": \"" + base() + "\", \"code_challenge_methods_supported\": [\"S256\"");
            case HTML_NOT_JSON -> respond(out, 200, "text/html", "<html><body><h1>Welcome</h1><p>Patient/A data</p></body></html>");
            case TRUNCATED_JWT -> respond(out, 200, "application/json", "{\"access_token\":\"eyJhbGciOiJSUzI1NiJ9.eyJzdWIi\",\"token_type\":\"Bearer\",\"keys\":[{\"kty\":\"RSA\",\"n\":\"AQ\"");
            case HUGE_JWKS -> {
                StringBuilder sb = new StringBuilder("{\"keys\":[");
                for (int i = 0; i < 10_000; i++) {
                    sb.append(i == 0 ? "" : ",").append("{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"k").append(i)
                            .append("\",\"x\":\"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4\",\"y\":\"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM\"}");
                }
                respond(out, 200, "application/json", sb.append("]}").toString());
            }
            case REDIRECT_LOOP -> {
                String next = path.contains("?") ? path + "&x=1" : path + "?x=1";
                out.write(("HTTP/1.1 302 Found\r\nLocation: " + base() + next + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            case RESET -> {
                socket.setSoLinger(true, 0);
                socket.close();
            }
            case SERVER_ERROR -> respond(out, 500, "text/plain", "java.lang.NullPointerException\n\tat com.example.Server.handle(Server.java:42)");
            case FOREIGN_HOST_ENDPOINTS -> respond(out, 404, "text/plain", "not here");
        }
    }

    /** Endpoints on this server; in FOREIGN_HOST_ENDPOINTS mode, on a host the candidate file does not list. */
    private String discovery() {
        String b = mode == Mode.FOREIGN_HOST_ENDPOINTS ? "https://not-listed.example" : base();
        return "{\"issuer\":\"" + base() + "\",\"authorization_endpoint\":\"" + b + "/authorize\",\"token_endpoint\":\"" + b
                + "/token\",\"jwks_uri\":\"" + b + "/jwks\",\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"public\"],"
                + "\"id_token_signing_alg_values_supported\":[\"RS256\"],\"code_challenge_methods_supported\":[\"S256\"]}";
    }

    private static void respond(OutputStream out, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: " + type + "\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        pool.shutdownNow();
    }
}
