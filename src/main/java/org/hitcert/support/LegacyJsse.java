package org.hitcert.support;

import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;

/**
 * A BouncyCastle JSSE provider that can negotiate what the JDK disables (SSLv3, TLS 1.0/1.1, NULL, RC4, export, 3DES,
 * anonymous suites), for the TLS probe (and a flawed reference server) only.
 *
 * <p>BouncyCastle reads {@code jdk.tls.disabledAlgorithms} once, when its constraints class loads. This class lets it
 * load under an empty value and restores the property at once. Java's own provider reads the property when it first
 * loads, which is forced before the swap, so the suite's ordinary connections keep the JDK's restrictions.
 */
public final class LegacyJsse {

    private static final String PROPERTY = "jdk.tls.disabledAlgorithms";
    private static Provider provider;
    /** Held so the level sticks (java.util.logging keeps loggers weakly): BouncyCastle's INFO lines are noise in a run. */
    private static final Logger BC_LOG = Logger.getLogger("org.bouncycastle.jsse");

    private LegacyJsse() {
    }

    public static synchronized Provider provider() {
        if (provider == null) {
            BC_LOG.setLevel(Level.SEVERE);
            try {
                SSLContext sun = SSLContext.getInstance("TLS");
                sun.init(null, null, null);
                sun.getSupportedSSLParameters(); // the JDK provider has read its restrictions now
                Provider bc = new BouncyCastleJsseProvider();
                String restricted = Security.getProperty(PROPERTY);
                try {
                    Security.setProperty(PROPERTY, "");
                    SSLContext legacy = SSLContext.getInstance("TLS", bc);
                    legacy.init(null, null, new SecureRandom());
                    legacy.getSocketFactory().createSocket().close(); // loads BouncyCastle's constraints
                } finally {
                    Security.setProperty(PROPERTY, restricted == null ? "" : restricted);
                }
                provider = bc;
            } catch (Exception e) {
                throw new IllegalStateException("cannot set up the BouncyCastle JSSE provider: " + e.getMessage(), e);
            }
        }
        return provider;
    }
}
