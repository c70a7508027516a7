package org.hitcert.support;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.http.conn.ssl.SSLSocketFactory;
import org.apache.http.conn.ssl.X509HostnameVerifier;
import org.apache.http.params.HttpParams;

/**
 * Socket factories that close every socket once its exchange has had its whole time: a socket time-out
 * only bounds the gap between two reads, so a server that trickles one byte a second would otherwise
 * hold a check for as long as it likes.
 */
final class DeadlineSockets {

    private DeadlineSockets() {
    }

    static Socket withDeadline(Socket socket, ScheduledExecutorService timer, Duration deadline) {
        timer.schedule(() -> {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed: the exchange ended in time
            }
        }, deadline.toMillis(), TimeUnit.MILLISECONDS);
        return socket;
    }

    @SuppressWarnings("deprecation")
    static final class Tls extends SSLSocketFactory {
        private final ScheduledExecutorService timer;
        private final Duration deadline;

        Tls(SSLContext context, X509HostnameVerifier verifier, ScheduledExecutorService timer, Duration deadline) {
            super(context, verifier);
            this.timer = timer;
            this.deadline = deadline;
        }

        @Override
        public Socket createSocket(HttpParams params) throws IOException {
            return withDeadline(super.createSocket(params), timer, deadline);
        }

        @Override
        public Socket createSocket() throws IOException {
            return withDeadline(super.createSocket(), timer, deadline);
        }
    }

    @SuppressWarnings("deprecation")
    static final class Plain extends org.apache.http.conn.scheme.PlainSocketFactory {
        private final ScheduledExecutorService timer;
        private final Duration deadline;

        Plain(ScheduledExecutorService timer, Duration deadline) {
            this.timer = timer;
            this.deadline = deadline;
        }

        @Override
        public Socket createSocket(HttpParams params) {
            return withDeadline(super.createSocket(params), timer, deadline);
        }

        @Override
        public Socket createSocket() {
            return withDeadline(super.createSocket(), timer, deadline);
        }
    }
}
