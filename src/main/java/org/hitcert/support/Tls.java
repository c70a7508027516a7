package org.hitcert.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** TLS material: trust contexts built from a candidate's declared anchors, and certificate facts. */
public final class Tls {

    private Tls() {
    }

    /** Certificates from a PEM file (one or more BEGIN CERTIFICATE blocks). */
    public static List<X509Certificate> readPem(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            return out;
        }
    }

    /**
     * A context that trusts exactly {@code anchors}, or the JVM's default trust store when none are given.
     * Host names are checked by the callers (HTTPS endpoint identification).
     */
    public static SSLContext trusting(List<X509Certificate> anchors) throws GeneralSecurityException, IOException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[] {trustManager(anchors)}, null);
        return ctx;
    }

    /**
     * A context for the suite's own browser fallback: trusts what {@code candidate} trusts, and also the suite's
     * loopback callback certificate (which only the suite's own callback presents).
     */
    public static SSLContext trustingAlso(List<X509Certificate> anchors, X509Certificate callback)
            throws GeneralSecurityException, IOException {
        javax.net.ssl.X509TrustManager candidate = trustManager(anchors);
        javax.net.ssl.X509TrustManager own = trustManager(List.of(callback));
        javax.net.ssl.X509TrustManager both = new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
                candidate.checkClientTrusted(chain, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
                try {
                    candidate.checkServerTrusted(chain, authType);
                } catch (java.security.cert.CertificateException e) {
                    own.checkServerTrusted(chain, authType);
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return candidate.getAcceptedIssuers();
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[] {both}, null);
        return ctx;
    }

    private static javax.net.ssl.X509TrustManager trustManager(List<X509Certificate> anchors)
            throws GeneralSecurityException, IOException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (anchors.isEmpty()) {
            tmf.init((KeyStore) null);
        } else {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < anchors.size(); i++) {
                store.setCertificateEntry("anchor-" + i, anchors.get(i));
            }
            tmf.init(store);
        }
        for (javax.net.ssl.TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof javax.net.ssl.X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** The certificate chain {@code uri}'s server presents, validated by {@code context} and its host name checked. */
    public static List<X509Certificate> serverChain(SSLContext context, URI uri, int timeoutMillis) throws IOException {
        int port = uri.getPort() > 0 ? uri.getPort() : 443;
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            SSLParameters params = socket.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            params.setServerNames(List.of(new javax.net.ssl.SNIHostName(uri.getHost())));
            socket.setSSLParameters(params);
            socket.startHandshake();
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : socket.getSession().getPeerCertificates()) {
                chain.add((X509Certificate) c);
            }
            return chain;
        }
    }

    /** Base64 of the SHA-256 of a certificate's SubjectPublicKeyInfo, as Chromium's SPKI allowlist wants it. */
    public static String spkiSha256(X509Certificate cert) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded());
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
