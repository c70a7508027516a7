package org.hitcert.support;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Creates the JDK HTTP servers of the suite and of the reference candidate (loopback only, the caller's address),
 * with Nagle's algorithm off on their sockets. The JDK server leaves it on unless {@code sun.net.httpserver.nodelay}
 * is true when its configuration is first read, and writes a response's head and body separately: the body then
 * waited for the client's delayed acknowledgement, about 40 ms on Linux, so every answer took 40 to 50 ms on an idle
 * loopback (a full certification, about a thousand requests, lost several seconds to it). Every server of hitcert is
 * created here, so the property is set before the first one is; a value the user set is kept.
 */
public final class LoopbackServers {

    static {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private LoopbackServers() {
    }

    public static HttpServer http(InetSocketAddress address, int backlog) throws IOException {
        return HttpServer.create(address, backlog);
    }

    public static HttpsServer https(InetSocketAddress address, int backlog) throws IOException {
        return HttpsServer.create(address, backlog);
    }
}
