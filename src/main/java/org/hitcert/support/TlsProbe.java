package org.hitcert.support;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.hitcert.model.Evidence;

/**
 * Offers a server exactly one TLS protocol version, and a chosen set of cipher suites, per handshake, through
 * {@link LegacyJsse} (so that legacy versions and weak suites can be offered on purpose). Certificates are not judged
 * here: see {@link Tls#serverChain}. Only hosts the {@link HostPolicy} allows are contacted; each handshake is recorded.
 */
public final class TlsProbe {

    /** What one handshake showed. */
    public enum Outcome {
        /** The server completed the handshake with what was offered. */
        NEGOTIATED,
        /** The server refused what was offered (an alert, or a closed connection during the handshake). */
        REFUSED,
        /** This machine's TLS stack cannot offer it: nothing was learnt about the server. */
        NOT_OFFERABLE,
        /** No TCP connection could be made. */
        UNREACHABLE
    }

    public record Result(Outcome outcome, String offeredProtocol, List<String> offeredSuites, String protocol, String cipherSuite,
                         List<X509Certificate> chain, String detail) {

        public String summary() {
            return switch (outcome) {
                case NEGOTIATED -> protocol + " " + cipherSuite;
                case REFUSED -> "refused (" + detail + ")";
                case NOT_OFFERABLE -> "not offerable here (" + detail + ")";
                case UNREACHABLE -> "unreachable (" + detail + ")";
            };
        }
    }

    private final HostPolicy hosts;
    private final int timeoutMillis;
    private final EvidenceLog log;

    public TlsProbe(HostPolicy hosts, int timeoutMillis, EvidenceLog log) {
        this.hosts = hosts;
        this.timeoutMillis = timeoutMillis;
        this.log = log;
    }

    /** The protocols this machine can offer ({@code SSLv3}, {@code TLSv1} ... {@code TLSv1.3}). */
    public static List<String> offerableProtocols() {
        return Arrays.asList(socketTemplate().getSupportedProtocols());
    }

    public static List<String> offerableSuites() {
        return Arrays.asList(socketTemplate().getSupportedCipherSuites());
    }

    private static SSLSocket socketTemplate() {
        try {
            return (SSLSocket) context().getSocketFactory().createSocket();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext context() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS", LegacyJsse.provider());
            ctx.init(null, new TrustManager[] {new AcceptAll()}, new SecureRandom());
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One handshake offering only {@code protocol}, with every suite this machine has for it (or {@code suites}). */
    public Result handshake(URI uri, String protocol, List<String> suites) {
        hosts.require(uri);
        List<String> offerable = offerableSuites();
        List<String> offered = suites == null ? offerable : suites.stream().filter(offerable::contains).toList();
        if (!offerableProtocols().contains(protocol)) {
            return record(uri, new Result(Outcome.NOT_OFFERABLE, protocol, offered, null, null, List.of(),
                    "this machine's TLS stack (BouncyCastle JSSE) has no " + protocol));
        }
        if (offered.isEmpty()) {
            return record(uri, new Result(Outcome.NOT_OFFERABLE, protocol, suites, null, null, List.of(),
                    "this machine's TLS stack has none of the suites " + suites));
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 443;
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(uri.getHost(), port), timeoutMillis);
        } catch (UnknownHostException | ConnectException | SocketTimeoutException e) {
            closeQuietly(plain);
            return record(uri, new Result(Outcome.UNREACHABLE, protocol, offered, null, null, List.of(), e.toString()));
        } catch (IOException e) {
            closeQuietly(plain);
            return record(uri, new Result(Outcome.UNREACHABLE, protocol, offered, null, null, List.of(), e.toString()));
        }
        try (SSLSocket socket = (SSLSocket) context().getSocketFactory().createSocket(plain, uri.getHost(), port, true)) {
            socket.setSoTimeout(timeoutMillis);
            SSLParameters p = socket.getSSLParameters();
            p.setProtocols(new String[] {protocol});
            p.setCipherSuites(offered.toArray(String[]::new));
            if (!uri.getHost().matches("[0-9.]+|.*:.*")) {
                p.setServerNames(List.of(new SNIHostName(uri.getHost())));
            }
            socket.setSSLParameters(p);
            try {
                socket.startHandshake();
            } catch (IllegalStateException e) {
                return record(uri, new Result(Outcome.NOT_OFFERABLE, protocol, offered, null, null, List.of(), e.getMessage()));
            } catch (SSLException | SocketTimeoutException e) {
                return record(uri, new Result(Outcome.REFUSED, protocol, offered, null, null, List.of(), describe(e)));
            } catch (IOException e) {
                return record(uri, new Result(Outcome.REFUSED, protocol, offered, null, null, List.of(), describe(e)));
            }
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : socket.getSession().getPeerCertificates()) {
                chain.add((X509Certificate) c);
            }
            return record(uri, new Result(Outcome.NEGOTIATED, protocol, offered, socket.getSession().getProtocol(),
                    socket.getSession().getCipherSuite(), chain, "handshake complete"));
        } catch (IOException e) {
            return record(uri, new Result(Outcome.REFUSED, protocol, offered, null, null, List.of(), describe(e)));
        }
    }

    /** The status line and headers of a plain GET, as {@link #headWithoutValidation} read them. */
    public record RawHead(int status, java.util.Map<String, List<String>> headers) {

        public java.util.Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }
    }

    /**
     * A GET of {@code uri} without credentials over TLS 1.3 or 1.2 that does NOT validate the certificate, returning the
     * status and headers only (at most 16 KiB read). For checks that judge a header on a server whose certificate another
     * check already judges; never send anything secret this way.
     */
    public RawHead headWithoutValidation(URI uri) throws IOException {
        hosts.require(uri);
        int port = uri.getPort() > 0 ? uri.getPort() : 443;
        try (SSLSocket socket = (SSLSocket) context().getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            SSLParameters p = socket.getSSLParameters();
            p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            if (!uri.getHost().matches("[0-9.]+|.*:.*")) {
                p.setServerNames(List.of(new SNIHostName(uri.getHost())));
            }
            socket.setSSLParameters(p);
            String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            String host = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            java.io.InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            int b;
            while (head.length() < 16 * 1024 && (b = in.read()) >= 0) {
                head.append((char) b);
                if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                    break;
                }
            }
            String[] lines = head.toString().split("\r\n");
            String[] status = lines[0].split(" ");
            if (status.length < 2 || !status[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP response: " + (lines[0].length() > 80 ? lines[0].substring(0, 80) : lines[0]));
            }
            java.util.Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
                            .add(lines[i].substring(colon + 1).trim());
                }
            }
            RawHead r = new RawHead(Integer.parseInt(status[1]), headers);
            if (log != null) {
                java.util.Map<String, Object> d = new java.util.LinkedHashMap<>();
                d.put("url", uri.toString());
                d.put("status", r.status());
                d.put("headers", headers.keySet());
                r.header("Strict-Transport-Security").ifPresent(v -> d.put("Strict-Transport-Security", v));
                log.add(new Evidence("note", "GET " + uri + " without certificate validation → " + r.status(), d));
            }
            return r;
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status line", e);
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + (m.length() > 160 ? m.substring(0, 160) : m));
    }

    private Result record(URI uri, Result r) {
        if (log != null) {
            java.util.Map<String, Object> d = new java.util.LinkedHashMap<>();
            d.put("host", uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 443));
            d.put("offered protocol", r.offeredProtocol());
            d.put("offered suites", r.offeredSuites() == null ? List.of() : r.offeredSuites().size() > 8
                    ? r.offeredSuites().size() + " suites" : r.offeredSuites());
            d.put("outcome", r.outcome().name());
            d.put("detail", r.summary());
            if (!r.chain().isEmpty()) {
                d.put("certificate", certificateSummary(r.chain().get(0)));
            }
            log.add(new Evidence("note", "TLS " + r.offeredProtocol() + " to " + uri.getHost() + ": " + r.summary(), d));
        }
        return r;
    }

    /** Subject, issuer, validity, key: one line for reports. */
    public static String certificateSummary(X509Certificate c) {
        String key = c.getPublicKey().getAlgorithm();
        if (c.getPublicKey() instanceof java.security.interfaces.RSAKey rsa) {
            key += " " + rsa.getModulus().bitLength();
        } else if (c.getPublicKey() instanceof java.security.interfaces.ECKey ec) {
            key += " " + ec.getParams().getCurve().getField().getFieldSize();
        }
        return "subject " + c.getSubjectX500Principal().getName() + "; issuer " + c.getIssuerX500Principal().getName()
                + "; valid " + c.getNotBefore().toInstant() + " to " + c.getNotAfter().toInstant() + "; key " + key;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** The probe negotiates; it does not judge the certificate (TLS-CERT-HSTS does, with the declared anchors). */
    private static final class AcceptAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
