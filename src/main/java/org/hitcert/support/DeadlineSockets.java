package org.hitcert.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.http.conn.ManagedHttpClientConnection;
import org.apache.http.conn.ssl.SSLSocketFactory;
import org.apache.http.conn.ssl.X509HostnameVerifier;
import org.apache.http.params.HttpParams;
import org.apache.http.protocol.ExecutionContext;
import org.apache.http.protocol.HttpContext;

/**
 * Whole-exchange deadlines for pooled connections: a socket time-out only bounds the gap between two reads, so
 * a server that trickles one byte a second would otherwise hold a check for as long as it likes. A new socket
 * is armed when it is created (connect and TLS handshake count towards its first exchange); a reused one is
 * armed when an exchange starts on it ({@link #startExchange}); {@link #endExchange} disarms it once the
 * response, body included, has been read, so a connection idle in the pool is never closed by an old deadline.
 */
final class DeadlineSockets {

    private static final String KEY = "hitcert.deadline";

    private final ScheduledExecutorService timer;
    private final Duration deadline;
    /** Deadlines of sockets created but not yet used by an exchange, by the connected socket. */
    private final Map<Socket, ScheduledFuture<?>> fresh = new ConcurrentHashMap<>();

    DeadlineSockets(ScheduledExecutorService timer, Duration deadline) {
        this.timer = timer;
        this.deadline = deadline;
    }

    private Socket arm(Socket socket) {
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        self[0] = timer.schedule(() -> {
            fresh.values().remove(self[0]);
            close(socket);
        }, deadline.toMillis(), TimeUnit.MILLISECONDS);
        fresh.put(socket, self[0]);
        return socket;
    }

    /** The connected socket (TLS may layer a new one over the created one) inherits the created one's deadline. */
    private Socket connected(Socket created, Socket connected) {
        if (created != null && connected != null && connected != created) {
            ScheduledFuture<?> f = fresh.remove(created);
            if (f != null) {
                fresh.put(connected, f);
            }
        }
        return connected;
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed: the exchange ended in time
        }
    }

    /** Called as an exchange starts on a (new or pooled) connection: the deadline runs from now, or from its connect. */
    void startExchange(HttpContext context) {
        Object conn = context.getAttribute(ExecutionContext.HTTP_CONNECTION);
        if (!(conn instanceof ManagedHttpClientConnection managed)) {
            return;
        }
        Socket socket = managed.getSocket();
        if (socket == null) {
            return;
        }
        ScheduledFuture<?> f = fresh.remove(socket);
        if (f == null) {
            f = timer.schedule(() -> close(socket), deadline.toMillis(), TimeUnit.MILLISECONDS);
        }
        context.setAttribute(KEY, f);
    }

    /** Called once the response, body included, has been read: the connection may go back to the pool. */
    static void endExchange(HttpContext context) {
        if (context.getAttribute(KEY) instanceof ScheduledFuture<?> f) {
            f.cancel(false);
            context.removeAttribute(KEY);
        }
    }

    @SuppressWarnings("deprecation")
    final class Tls extends SSLSocketFactory {

        Tls(SSLContext context, X509HostnameVerifier verifier) {
            super(context, verifier);
        }

        @Override
        public Socket createSocket(HttpParams params) throws IOException {
            return arm(super.createSocket(params));
        }

        @Override
        public Socket createSocket() throws IOException {
            return arm(super.createSocket());
        }

        @Override
        public Socket connectSocket(Socket socket, InetSocketAddress remote, InetSocketAddress local, HttpParams params)
                throws IOException {
            return connected(socket, super.connectSocket(socket, remote, local, params));
        }
    }

    @SuppressWarnings("deprecation")
    final class Plain extends org.apache.http.conn.scheme.PlainSocketFactory {

        @Override
        public Socket createSocket(HttpParams params) {
            return arm(super.createSocket(params));
        }

        @Override
        public Socket createSocket() {
            return arm(super.createSocket());
        }

        @Override
        public Socket connectSocket(Socket socket, InetSocketAddress remote, InetSocketAddress local, HttpParams params)
                throws IOException {
            return connected(socket, super.connectSocket(socket, remote, local, params));
        }
    }
}
