package org.hitcert.support;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * RSA key pairs that no candidate has registered, for the checks that sign as an attacker would: a client assertion
 * under a key the server never saw, a rogue issuer's ID token, an access token signed by an unknown key. A server that
 * accepts such a signature trusts a key it was never given, which is the flaw those checks look for.
 * <p>
 * The keys are 2048-bit and ship in the jar ({@code untrusted-rsa-keys.json}, made once with nimbus's
 * {@code RSAKeyGenerator(2048)}), because the suite's JVM compiles with C1 only and a 2048-bit generation costs it
 * 0.5 to 3 CPU-s: the three generated per run were a tenth of a full run's processor time. Their private halves are
 * public by design. Each purpose has its own key, so a server that wrongly keeps one (say, the rogue issuer's JWKS)
 * cannot fail another check through it; callers give each use its own key id.
 */
public final class UntrustedKeys {

    /** What a key is for: one key each. */
    public enum Purpose {
        /** Client assertions (RFC 7523) signed by a key the client never registered. */
        CLIENT_ASSERTION("client-assertion"),
        /** The signing key of the suite's rogue OpenID issuer ({@link RogueIssuer}). */
        ROGUE_ISSUER("rogue-issuer"),
        /** Access tokens re-signed by a key the authorization server never published. */
        UNKNOWN_SIGNER("unknown-signer");

        private final String id;

        Purpose(String id) {
            this.id = id;
        }
    }

    private static final String RESOURCE = "untrusted-rsa-keys.json";

    private UntrustedKeys() {
    }

    /** The RSA key pair for {@code purpose}, with key id {@code kid} (null: none). */
    public static RSAKey rsa(Purpose purpose, String kid) {
        JWK key = Loaded.SET.getKeyByKeyId(purpose.id);
        if (!(key instanceof RSAKey rsa) || !rsa.isPrivate()) {
            throw new IllegalStateException(RESOURCE + " holds no private RSA key '" + purpose.id + "': the jar is damaged");
        }
        return new RSAKey.Builder(rsa).keyID(kid).build();
    }

    /** The key set, read once. */
    private static final class Loaded {
        static final JWKSet SET = read();

        private static JWKSet read() {
            try (InputStream in = UntrustedKeys.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the jar");
                }
                return JWKSet.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException | java.text.ParseException e) {
                throw new IllegalStateException("could not read " + RESOURCE + ": " + e.getMessage(), e);
            }
        }
    }
}
