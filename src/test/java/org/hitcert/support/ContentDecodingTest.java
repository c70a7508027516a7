package org.hitcert.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;
import org.hitcert.model.Evidence;
import org.junit.jupiter.api.Test;

/** Bodies sent with a content coding are decoded, and held to the size cap after decoding (no decompression bomb). */
class ContentDecodingTest {

    private static final byte[] DOC = "{\"resourceType\":\"CapabilityStatement\",\"status\":\"active\"}".getBytes(StandardCharsets.UTF_8);

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    static byte[] deflate(byte[] b, boolean raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
            z.write(b);
        }
        return out.toByteArray();
    }

    @Test
    void whenGzipOrDeflateThenBodyIsDecoded() throws IOException {
        assertThat(ContentDecoding.decode("gzip", gzip(DOC), false, 1000).body()).isEqualTo(DOC);
        assertThat(ContentDecoding.decode("deflate", deflate(DOC, false), false, 1000).body()).isEqualTo(DOC);
        assertThat(ContentDecoding.decode("deflate", deflate(DOC, true), false, 1000).body()).as("raw DEFLATE").isEqualTo(DOC);
        assertThat(ContentDecoding.supported(" GZIP ")).contains("gzip");
        assertThat(ContentDecoding.supported("br")).isEmpty();
        assertThat(ContentDecoding.supported("identity")).isEmpty();
    }

    @Test
    void whenDecodedBodyExceedsCapThenItIsCutAndSaidOver() throws IOException {
        byte[] bomb = gzip(new byte[10 * 1024 * 1024]);
        assertThat(bomb.length).isLessThan(20_000);
        ContentDecoding.Decoded d = ContentDecoding.decode("gzip", bomb, false, 4096);
        assertThat(d.over()).isTrue();
        assertThat(d.body()).hasSize(4096);
        assertThat(d.summary(4096)).startsWith("body over 4096 bytes after decoding gzip");
    }

    @Test
    void whenBodyIsNotGzipThenItIsKeptAsReceivedWithTheError() {
        ContentDecoding.Decoded d = ContentDecoding.decode("gzip", DOC, false, 1000);
        assertThat(d.error()).isNotNull();
        assertThat(d.body()).isEqualTo(DOC);
        assertThat(d.over()).isFalse();
    }

    /** Through the suite's client: it asks for gzip, decodes it, notes it in evidence, and refuses a bomb with the cause. */
    @Test
    void whenServerGzipsThenHttpDecodesAndCapsAfterDecoding() throws Exception {
        AtomicReference<String> acceptEncoding = new AtomicReference<>();
        byte[] bomb = gzip(new byte[10 * 1024 * 1024]);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            acceptEncoding.set(ex.getRequestHeaders().getFirst("Accept-Encoding"));
            byte[] body = ex.getRequestURI().getPath().equals("/bomb") ? bomb : gzip(DOC);
            ex.getResponseHeaders().set("Content-Type", "application/fhir+json");
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            EvidenceLog log = new EvidenceLog();
            Http http = new Http(SSLContext.getDefault(), new HostPolicy(List.of("127.0.0.1")), new Redactor(),
                    Duration.ofSeconds(5), 64 * 1024).recordingInto(log);
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            HttpExchange x = http.get(base.resolve("/metadata"), "Accept", "application/fhir+json");
            assertThat(acceptEncoding.get()).contains("gzip");
            assertThat(x.json()).hasValueSatisfying(j -> assertThat(j.path("resourceType").asText()).isEqualTo("CapabilityStatement"));
            assertThat(x.header("Content-Encoding")).contains("gzip");
            @SuppressWarnings("unchecked")
            Map<String, Object> response = (Map<String, Object>) log.items().get(0).details().get("response");
            assertThat((String) response.get("decoded")).startsWith("gzip: ");

            assertThatThrownBy(() -> http.get(base.resolve("/bomb")))
                    .isInstanceOf(Http.HttpFailure.class)
                    .hasMessageContaining("body over 65536 bytes after decoding gzip");
            Evidence last = log.items().get(log.items().size() - 1);
            assertThat(last.details().toString()).contains("body over 65536 bytes after decoding gzip");
        } finally {
            server.stop(0);
        }
    }
}
