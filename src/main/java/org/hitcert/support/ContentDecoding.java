package org.hitcert.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * RFC 9110 §8.4: a body sent with {@code Content-Encoding: gzip} (or {@code x-gzip}, {@code deflate}) is decoded before
 * anything reads it, and its decoded size is held to the same cap as a plain body, so a small compressed body cannot
 * expand without bound (a decompression bomb). {@code deflate} is the zlib format (RFC 1950); the raw DEFLATE stream some
 * servers send instead is recognised by its missing zlib header.
 */
final class ContentDecoding {

    private ContentDecoding() {
    }

    /**
     * A body as decoded: {@code body} holds at most {@code max} bytes; {@code over} says the decoded body went beyond them;
     * {@code error} says why it could not be decoded (the body is then the bytes as received).
     */
    record Decoded(String encoding, byte[] body, int wireBytes, boolean over, String error) {

        /** One line for evidence and reasons. */
        String summary(int max) {
            if (error != null) {
                return encoding + " body of " + wireBytes + " bytes could not be decoded (" + error + "); kept as received";
            }
            return over ? "body over " + max + " bytes after decoding " + encoding + " (" + wireBytes + " bytes on the wire); "
                    + "not read further" : encoding + ": " + wireBytes + " bytes on the wire, " + body.length + " decoded";
        }
    }

    /** The one content coding this class decodes in {@code contentEncoding}, lower case; empty for identity or none. */
    static Optional<String> supported(String contentEncoding) {
        if (contentEncoding == null) {
            return Optional.empty();
        }
        String c = contentEncoding.trim().toLowerCase(Locale.ROOT);
        return switch (c) {
            case "gzip", "x-gzip", "deflate" -> Optional.of(c);
            default -> Optional.empty();
        };
    }

    /**
     * Decodes {@code wire} (a body sent with {@code encoding}, as {@link #supported} names it) up to {@code max} bytes.
     * {@code wireCut}: the body on the wire was itself cut at the cap, so a decoded body that ends early is over the cap too.
     */
    static Decoded decode(String encoding, byte[] wire, boolean wireCut, int max) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = open(encoding, wire)) {
            readAtMost(in, max, out);
        } catch (java.io.EOFException e) {
            if (!wireCut) {
                return failed(encoding, wire, e);
            }
        } catch (IOException | RuntimeException e) {
            return failed(encoding, wire, e);
        }
        byte[] all = out.toByteArray();
        boolean over = wireCut || all.length > max;
        return new Decoded(encoding, all.length > max ? java.util.Arrays.copyOf(all, max) : all, wire.length, over, null);
    }

    /** Reads {@code in} into {@code out} until its end or {@code max + 1} bytes, so a body over {@code max} shows as such. */
    static void readAtMost(InputStream in, int max, ByteArrayOutputStream out) throws IOException {
        byte[] buf = new byte[8192];
        int n;
        while (out.size() <= max && (n = in.read(buf, 0, Math.min(buf.length, max + 1 - out.size()))) > 0) {
            out.write(buf, 0, n);
        }
    }

    private static Decoded failed(String encoding, byte[] wire, Exception e) {
        return new Decoded(encoding, wire, wire.length, false, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    private static InputStream open(String encoding, byte[] wire) throws IOException {
        InputStream raw = new ByteArrayInputStream(wire);
        if (encoding.equals("deflate")) {
            boolean zlib = wire.length >= 2 && (wire[0] & 0x0f) == 8 && ((wire[0] & 0xff) << 8 | (wire[1] & 0xff)) % 31 == 0;
            return new InflaterInputStream(raw, new Inflater(!zlib));
        }
        return new GZIPInputStream(raw);
    }
}
