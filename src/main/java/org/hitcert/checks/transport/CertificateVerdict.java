package org.hitcert.checks.transport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides TLS-CERT for one endpoint from the chain it presented (RFC 9325 §3.2 and §4.3, RFC 5280, RFC 6125): the leaf
 * is within its validity window, names the host in its subjectAltName, has a strong key (RSA at least 2048 bits, EC at
 * least 256), and the chain validates to the declared trust anchor. Kept apart from the network for unit tests.
 *
 * @param failures observed versus expected, one per defect
 */
record CertificateVerdict(List<String> failures) {

    static final int MIN_RSA_BITS = 2048;
    static final int MIN_EC_BITS = 256;

    /**
     * @param endpoint        host:port, for the reasons
     * @param host            the host name the client asked for
     * @param chain           the chain presented, leaf first (not empty)
     * @param validationError why validation against the declared anchors failed, empty when it succeeded
     */
    static CertificateVerdict of(String endpoint, String host, List<X509Certificate> chain, Instant now,
                                 Optional<String> validationError) {
        List<String> failures = new ArrayList<>();
        X509Certificate leaf = chain.get(0);
        for (X509Certificate c : chain) {
            if (now.isAfter(c.getNotAfter().toInstant()) || now.isBefore(c.getNotBefore().toInstant())) {
                failures.add(endpoint + " presents " + (c == leaf ? "a certificate" : "a chain certificate") + " ("
                        + c.getSubjectX500Principal().getName() + ") valid " + c.getNotBefore().toInstant() + " to "
                        + c.getNotAfter().toInstant() + ", outside its validity window now (" + now
                        + "); expected a currently valid certificate (RFC 5280 §4.1.2.5, RFC 9325 §3.2)");
            }
        }
        List<String> names = names(leaf);
        if (names.stream().noneMatch(n -> matches(n, host))) {
            failures.add(endpoint + " presents a certificate for " + names + ", which does not match the host " + host
                    + "; expected a subjectAltName naming it (RFC 6125 §6.4, RFC 9110 §4.3.4)");
        }
        int bits = keyBits(leaf);
        String alg = leaf.getPublicKey().getAlgorithm();
        if (leaf.getPublicKey() instanceof RSAKey && bits < MIN_RSA_BITS || leaf.getPublicKey() instanceof ECKey && bits < MIN_EC_BITS) {
            failures.add(endpoint + " presents a certificate with a " + bits + "-bit " + alg + " key; expected RSA of at least "
                    + MIN_RSA_BITS + " bits or EC of at least " + MIN_EC_BITS + " bits (RFC 9325 §4.3)");
        }
        if (validationError.isPresent() && failures.isEmpty()) {
            failures.add(endpoint + " presents a chain that does not validate to the declared trust anchor ("
                    + validationError.get() + "); expected a chain to it (RFC 9325 §3.2, RFC 5280 §6)");
        }
        return new CertificateVerdict(failures);
    }

    /** subjectAltName dNSName and iPAddress entries; the subject CN only when there is no subjectAltName (RFC 6125 §6.4.4). */
    static List<String> names(X509Certificate c) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> san = c.getSubjectAlternativeNames();
            if (san != null) {
                for (List<?> entry : san) {
                    int type = (Integer) entry.get(0);
                    if (type == 2 || type == 7) {
                        out.add(String.valueOf(entry.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return out;
        }
        if (out.isEmpty()) {
            String dn = c.getSubjectX500Principal().getName();
            for (String rdn : dn.split(",")) {
                if (rdn.trim().toUpperCase(Locale.ROOT).startsWith("CN=")) {
                    out.add(rdn.trim().substring(3));
                }
            }
        }
        return out;
    }

    /** RFC 6125 §6.4: case-insensitive; a wildcard only as the whole left-most label, matching exactly one label. */
    static boolean matches(String name, String host) {
        String n = name.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (isIp(h) || isIp(n)) {
            return isIp(h) && isIp(n) && sameAddress(n, h);
        }
        if (n.startsWith("*.")) {
            int dot = h.indexOf('.');
            return dot > 0 && h.substring(dot).equals(n.substring(1)) && n.substring(2).contains(".");
        }
        return n.equals(h);
    }

    private static boolean isIp(String s) {
        return s.matches("[0-9.]+") || s.contains(":");
    }

    private static boolean sameAddress(String a, String b) {
        try {
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static int keyBits(X509Certificate c) {
        if (c.getPublicKey() instanceof RSAKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (c.getPublicKey() instanceof ECKey ec) {
            return ec.getParams().getOrder().bitLength();
        }
        return Integer.MAX_VALUE; // EdDSA and others: fixed sizes, judged elsewhere
    }
}
