package org.hitcert.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitcert.model.Evidence;

/**
 * A ClientHello written byte by byte (RFC 5246 §7.4.1.2) and the server's first answer read back: its ServerHello
 * (version, suite, compression method, extensions, random) or its alert. For what no TLS library offers on purpose:
 * DEFLATE compression (RFC 3749), TLS_FALLBACK_SCSV (RFC 7507), and the ServerHello's extensions as sent. Nothing
 * after the ServerHello is read and no key is exchanged: the connection is closed at once. Only hosts the
 * {@link HostPolicy} allows are contacted; each hello is recorded as evidence.
 */
public final class TlsHello {

    /** Extension type numbers (IANA TLS ExtensionType Values). */
    public static final int SERVER_NAME = 0;
    public static final int ALPN = 16;
    public static final int EXTENDED_MASTER_SECRET = 23;
    public static final int RENEGOTIATION_INFO = 0xff01;

    /** Alert descriptions (RFC 5246 §7.2, RFC 7507 §2). */
    public static final int INAPPROPRIATE_FALLBACK = 86;

    /** The last eight bytes of a TLS 1.3 server's random when it negotiates 1.2, or 1.1 and below (RFC 8446 §4.1.3). */
    static final byte[] DOWNGRADE_TLS12 = {0x44, 0x4F, 0x57, 0x4E, 0x47, 0x52, 0x44, 0x01};
    static final byte[] DOWNGRADE_TLS11 = {0x44, 0x4F, 0x57, 0x4E, 0x47, 0x52, 0x44, 0x00};

    private static final int FALLBACK_SCSV = 0x5600;
    private static final int[] SUITES = {
            0xc02b, 0xc02c, 0xc02f, 0xc030, 0xcca9, 0xcca8, 0x009e, 0x009f, // ECDHE/DHE AEAD (TLS 1.2)
            0xc009, 0xc00a, 0xc013, 0xc014, 0x002f, 0x0035}; // CBC suites, so that TLS 1.0 and 1.1 hellos can be answered
    private static final int[] GROUPS = {0x001d, 0x0017, 0x0018, 0x0019};
    private static final int[] SIGNATURE_SCHEMES = {0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601,
            0x0203, 0x0201};
    public static final List<String> OFFERED_PROTOCOLS = List.of("h2", "http/1.1");

    /** What the hello offers. */
    public record Offer(String version, boolean fallbackScsv, boolean deflate) {
    }

    /**
     * The server's first answer: a ServerHello ({@code alert} empty), an alert, or neither ({@code closed}: the
     * connection ended or timed out without a record, or with something that is not TLS).
     */
    public record Answer(Offer offer, Optional<String> version, int cipherSuite, int compressionMethod,
                         Map<Integer, byte[]> extensions, byte[] serverRandom, Optional<Integer> alert, String detail) {

        public boolean serverHello() {
            return version.isPresent();
        }

        public boolean has(int extension) {
            return extensions.containsKey(extension);
        }

        /** The protocol named by the ServerHello's ALPN extension (RFC 7301 §3.1), if any. */
        public Optional<String> alpn() {
            byte[] d = extensions.get(ALPN);
            if (d == null || d.length < 4) {
                return Optional.empty();
            }
            int len = d[2] & 0xff;
            return d.length < 3 + len ? Optional.empty() : Optional.of(new String(d, 3, len, StandardCharsets.US_ASCII));
        }

        /** Whether the server random ends with the RFC 8446 §4.1.3 downgrade sentinel. */
        public boolean downgradeSentinel() {
            if (serverRandom.length != 32) {
                return false;
            }
            byte[] tail = Arrays.copyOfRange(serverRandom, 24, 32);
            return Arrays.equals(tail, DOWNGRADE_TLS12) || Arrays.equals(tail, DOWNGRADE_TLS11);
        }

        public String summary() {
            if (serverHello()) {
                return "ServerHello " + version.get() + String.format(" suite 0x%04x", cipherSuite) + ", compression "
                        + compressionMethod + ", extensions " + extensions.keySet().stream().map(TlsHello::extensionName).toList()
                        + alpn().map(p -> ", ALPN " + p).orElse("") + (downgradeSentinel() ? ", downgrade sentinel" : "");
            }
            return alert.map(a -> "alert " + alertName(a)).orElse("no ServerHello (" + detail + ")");
        }
    }

    private final HostPolicy hosts;
    private final int timeoutMillis;
    private final EvidenceLog log;
    private final SecureRandom random = new SecureRandom();

    public TlsHello(HostPolicy hosts, int timeoutMillis, EvidenceLog log) {
        this.hosts = hosts;
        this.timeoutMillis = timeoutMillis;
        this.log = log;
    }

    /** Sends one ClientHello to {@code uri}'s host and port and reads the first record of the answer. */
    public Answer send(URI uri, Offer offer) throws IOException {
        hosts.require(uri);
        int port = uri.getPort() > 0 ? uri.getPort() : 443;
        byte[] hello = clientHello(offer, sniName(uri.getHost()), random);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(uri.getHost(), port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            s.getOutputStream().write(hello);
            s.getOutputStream().flush();
            Answer a = read(offer, new DataInputStream(s.getInputStream()));
            if (log != null) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("host", uri.getHost() + ":" + port);
                d.put("offered", offer.version() + (offer.fallbackScsv() ? " with TLS_FALLBACK_SCSV" : "")
                        + (offer.deflate() ? ", compression DEFLATE and null" : ", compression null")
                        + ", extensions server_name, ALPN " + OFFERED_PROTOCOLS + ", extended_master_secret, renegotiation_info");
                d.put("answer", a.summary());
                log.add(new Evidence("note", "ClientHello " + offer.version() + " to " + uri.getHost() + ":" + port + ": "
                        + a.summary(), d));
            }
            return a;
        }
    }

    /** The SNI host name: none for IP literals (RFC 6066 §3 forbids them). */
    public static Optional<String> sniName(String host) {
        return host == null || host.matches("[0-9.]+|.*:.*|\\[.*\\]") ? Optional.empty() : Optional.of(host);
    }

    static byte[] clientHello(Offer offer, Optional<String> sni, SecureRandom random) {
        int version = switch (offer.version()) {
            case "TLSv1" -> 0x0301;
            case "TLSv1.1" -> 0x0302;
            case "TLSv1.2" -> 0x0303;
            default -> throw new IllegalArgumentException("a raw ClientHello offers TLSv1, TLSv1.1 or TLSv1.2, not " + offer.version());
        };
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        sni.ifPresent(name -> {
            byte[] n = name.getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream list = new ByteArrayOutputStream();
            list.write(0);
            u16(list, n.length);
            list.writeBytes(n);
            extension(ext, SERVER_NAME, withU16Length(list.toByteArray()));
        });
        extension(ext, 10, withU16Length(u16s(GROUPS)));
        extension(ext, 11, new byte[] {1, 0});
        extension(ext, 13, withU16Length(u16s(SIGNATURE_SCHEMES)));
        ByteArrayOutputStream alpn = new ByteArrayOutputStream();
        for (String p : OFFERED_PROTOCOLS) {
            alpn.write(p.length());
            alpn.writeBytes(p.getBytes(StandardCharsets.US_ASCII));
        }
        extension(ext, ALPN, withU16Length(alpn.toByteArray()));
        extension(ext, EXTENDED_MASTER_SECRET, new byte[0]);
        extension(ext, RENEGOTIATION_INFO, new byte[] {0});

        ByteArrayOutputStream body = new ByteArrayOutputStream();
        u16(body, version);
        byte[] r = new byte[32];
        random.nextBytes(r);
        body.writeBytes(r);
        body.write(0); // no session id
        int[] suites = offer.fallbackScsv() ? Arrays.copyOf(SUITES, SUITES.length + 1) : SUITES;
        if (offer.fallbackScsv()) {
            suites[suites.length - 1] = FALLBACK_SCSV;
        }
        body.writeBytes(withU16Length(u16s(suites)));
        byte[] compression = offer.deflate() ? new byte[] {1, 0} : new byte[] {0};
        body.write(compression.length);
        body.writeBytes(compression);
        body.writeBytes(withU16Length(ext.toByteArray()));

        ByteArrayOutputStream hs = new ByteArrayOutputStream();
        hs.write(1);
        u24(hs, body.size());
        hs.writeBytes(body.toByteArray());
        ByteArrayOutputStream rec = new ByteArrayOutputStream();
        rec.write(0x16);
        u16(rec, 0x0301);
        u16(rec, hs.size());
        rec.writeBytes(hs.toByteArray());
        return rec.toByteArray();
    }

    /** Reads the first record: a ServerHello, an alert, or why neither came. */
    static Answer read(Offer offer, DataInputStream in) throws IOException {
        int type;
        byte[] payload;
        try {
            type = in.readUnsignedByte();
            in.readUnsignedShort();
            int len = in.readUnsignedShort();
            if (type != 0x15 && type != 0x16 || len > 18432) {
                return closed(offer, "the answer is not a TLS handshake or alert record (first byte " + type + ")");
            }
            payload = new byte[len];
            in.readFully(payload);
        } catch (EOFException e) {
            return closed(offer, "the server closed the connection");
        } catch (SocketTimeoutException e) {
            return closed(offer, "no answer within the time-out");
        } catch (java.net.SocketException e) {
            return closed(offer, "the connection was reset (" + e.getMessage() + ")");
        }
        if (type == 0x15) {
            return payload.length < 2 ? closed(offer, "a truncated alert")
                    : new Answer(offer, Optional.empty(), -1, -1, Map.of(), new byte[0], Optional.of(payload[1] & 0xff), "alert");
        }
        return serverHello(offer, payload);
    }

    static Answer serverHello(Offer offer, byte[] p) {
        try {
            if ((p[0] & 0xff) != 2) {
                return closed(offer, "the first handshake message is type " + (p[0] & 0xff) + ", not a ServerHello");
            }
            int i = 4;
            int version = u16(p, i);
            i += 2;
            byte[] serverRandom = Arrays.copyOfRange(p, i, i + 32);
            i += 32;
            i += 1 + (p[i] & 0xff);
            int suite = u16(p, i);
            i += 2;
            int compression = p[i++] & 0xff;
            Map<Integer, byte[]> extensions = new LinkedHashMap<>();
            int end = 4 + ((p[1] & 0xff) << 16 | (p[2] & 0xff) << 8 | (p[3] & 0xff));
            if (i + 2 <= end) {
                int extEnd = i + 2 + u16(p, i);
                i += 2;
                while (i + 4 <= extEnd) {
                    int t = u16(p, i);
                    int l = u16(p, i + 2);
                    extensions.put(t, Arrays.copyOfRange(p, i + 4, i + 4 + l));
                    i += 4 + l;
                }
            }
            String name = switch (version) {
                case 0x0300 -> "SSLv3";
                case 0x0301 -> "TLSv1";
                case 0x0302 -> "TLSv1.1";
                case 0x0303 -> "TLSv1.2";
                default -> String.format("0x%04x", version);
            };
            return new Answer(offer, Optional.of(name), suite, compression, Map.copyOf(extensions), serverRandom, Optional.empty(),
                    "ServerHello");
        } catch (ArrayIndexOutOfBoundsException e) {
            return closed(offer, "a truncated ServerHello");
        }
    }

    private static Answer closed(Offer offer, String why) {
        return new Answer(offer, Optional.empty(), -1, -1, Map.of(), new byte[0], Optional.empty(), why);
    }

    static String extensionName(int type) {
        return switch (type) {
            case SERVER_NAME -> "server_name";
            case 11 -> "ec_point_formats";
            case ALPN -> "ALPN";
            case EXTENDED_MASTER_SECRET -> "extended_master_secret";
            case 35 -> "session_ticket";
            case RENEGOTIATION_INFO -> "renegotiation_info";
            default -> String.valueOf(type);
        };
    }

    public static String alertName(int description) {
        return switch (description) {
            case 0 -> "close_notify";
            case 10 -> "unexpected_message";
            case 40 -> "handshake_failure";
            case 47 -> "illegal_parameter";
            case 50 -> "decode_error";
            case 70 -> "protocol_version";
            case 71 -> "insufficient_security";
            case 80 -> "internal_error";
            case INAPPROPRIATE_FALLBACK -> "inappropriate_fallback";
            case 112 -> "unrecognized_name";
            case 120 -> "no_application_protocol";
            default -> "alert " + description;
        };
    }

    private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
        u16(out, type);
        u16(out, data.length);
        out.writeBytes(data);
    }

    private static byte[] u16s(int[] values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int v : values) {
            u16(out, v);
        }
        return out.toByteArray();
    }

    private static byte[] withU16Length(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, data.length);
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >> 8 & 0xff);
        out.write(v & 0xff);
    }

    private static void u24(ByteArrayOutputStream out, int v) {
        out.write(v >> 16 & 0xff);
        u16(out, v & 0xffff);
    }

    private static int u16(byte[] p, int i) {
        return (p[i] & 0xff) << 8 | (p[i + 1] & 0xff);
    }
}
