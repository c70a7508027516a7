package org.hitcert.support;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238 with RFC 4226's dynamic truncation): HMAC-SHA1, 30-second steps from
 * the Unix epoch, six digits, as authenticator apps compute them. The suite computes {@code ${user.totp}} for the
 * candidate's {@code mfa} user from the seed the candidate file names (base32, RFC 4648 §6, as in otpauth URIs).
 */
public final class Totp {

    public static final int STEP_SECONDS = 30;
    public static final int DIGITS = 6;

    private Totp() {
    }

    /** The six-digit code for {@code base32Secret} at {@code epochSeconds}. */
    public static String code(String base32Secret, long epochSeconds) {
        return code(base32(base32Secret), epochSeconds, DIGITS);
    }

    /** The {@code digits}-digit HMAC-SHA1 code for {@code key} at {@code epochSeconds} (RFC 6238 §4). */
    public static String code(byte[] key, long epochSeconds, int digits) {
        if (digits < 6 || digits > 9) {
            throw new IllegalArgumentException("a TOTP has 6 to 9 digits, not " + digits);
        }
        long counter = Math.floorDiv(epochSeconds, STEP_SECONDS);
        byte[] hash;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            hash = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16) | ((hash[offset + 2] & 0xff) << 8)
                | (hash[offset + 3] & 0xff);
        long modulus = (long) Math.pow(10, digits);
        return String.format("%0" + digits + "d", binary % modulus);
    }

    /** Decodes base32 (RFC 4648 §6); case, spaces and '=' padding are ignored. */
    public static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        String clean = text.replace(" ", "").replace("=", "").toUpperCase(Locale.ROOT);
        if (clean.isEmpty()) {
            throw new IllegalArgumentException("the TOTP secret is empty");
        }
        ByteBuffer out = ByteBuffer.allocate(clean.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : clean.toCharArray()) {
            int v = alphabet.indexOf(c);
            if (v < 0) {
                throw new IllegalArgumentException("the TOTP secret is not base32 (RFC 4648 §6): it has a character outside A-Z, 2-7");
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return out.array();
    }

    /** Encodes {@code bytes} as unpadded base32 (RFC 4648 §6). */
    public static String toBase32(byte[] bytes) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder sb = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                sb.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        }
        return sb.toString();
    }
}
