package org.hitcert.reference;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code plaintext-port-unification} flaw: one port that serves TLS and plain HTTP alike, as servers do that peek at
 * the first byte of a connection (0x16, a TLS handshake record, goes to the TLS listener; anything else to a plain HTTP
 * listener). Only a flawed reference starts it. Loopback only; bytes are relayed both ways unchanged.
 */
final class PortUnification implements AutoCloseable {

    private static final int TLS_HANDSHAKE = 0x16;

    private final List<ServerSocket> fronts = new ArrayList<>();
    private final ExecutorService relays;
    private final InetSocketAddress tls;
    private final InetSocketAddress plain;

    private PortUnification(InetSocketAddress tls, InetSocketAddress plain) {
        this.tls = tls;
        this.plain = plain;
        AtomicInteger n = new AtomicInteger();
        this.relays = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hitcert-reference-unified-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port) and, where it can, [::1] on the same port. */
    static PortUnification start(int port, InetSocketAddress tls, InetSocketAddress plain) throws IOException {
        PortUnification u = new PortUnification(tls, plain);
        ServerSocket v4 = new ServerSocket(port, 64, InetAddress.getByName("127.0.0.1"));
        u.fronts.add(v4);
        try {
            u.fronts.add(new ServerSocket(v4.getLocalPort(), 64, InetAddress.getByName("::1")));
        } catch (IOException e) {
            // no IPv6 loopback here, or the port is taken there: 127.0.0.1 alone
        }
        for (ServerSocket s : u.fronts) {
            u.relays.execute(() -> u.accept(s));
        }
        return u;
    }

    int port() {
        return fronts.get(0).getLocalPort();
    }

    private void accept(ServerSocket front) {
        while (!front.isClosed()) {
            try {
                Socket client = front.accept();
                relays.execute(() -> route(client));
            } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
                return;
            }
        }
    }

    private void route(Socket client) {
        try (client) {
            client.setSoTimeout(30_000);
            InputStream in = client.getInputStream();
            int first = in.read();
            if (first < 0) {
                return;
            }
            try (Socket backend = new Socket()) {
                backend.connect(first == TLS_HANDSHAKE ? tls : plain, 5_000);
                backend.setSoTimeout(30_000);
                OutputStream toBackend = backend.getOutputStream();
                toBackend.write(first);
                toBackend.flush();
                relays.execute(() -> pump(backend, client));
                pump(client, backend);
            }
        } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
            // the client or the backend went away
        }
    }

    private static void pump(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            try {
                to.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() {
        for (ServerSocket s : fronts) {
            try {
                s.close();
            } catch (SocketException ignored) {
                // already closed
            } catch (IOException ignored) {
                // nothing to do
            }
        }
        relays.shutdownNow();
    }
}
