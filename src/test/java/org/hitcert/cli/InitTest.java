package org.hitcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hitcert.checks.CheckCatalog;
import org.hitcert.load.CandidateLoader;
import org.hitcert.load.Loaded;
import org.hitcert.model.Candidate;
import org.hitcert.reference.Flaw;
import org.hitcert.reference.ReferenceCandidate;
import org.hitcert.reference.ReferenceOptions;
import org.hitcert.support.LoopbackServers;
import org.hitcert.support.LoopbackTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 item 1: {@code init} writes a starter candidate file from what a server publishes and the login form it
 * shows, that loads as it is; bad input and a server that serves nothing usable give a clear message and no file, and
 * nothing is sent beyond the named hosts.
 */
class InitTest {

    @TempDir
    Path dir;

    private record Said(int exit, String text) {
    }

    private static Said init(String... args) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(console, true, StandardCharsets.UTF_8);
        String[] all = new String[args.length + 1];
        all[0] = "init";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = Main.run(all, print, print);
        return new Said(exit, console.toString(StandardCharsets.UTF_8));
    }

    @Test
    void whenTheServerPublishesMetadataThenInitWritesAFileThatLoadsWithTheLoginFormAndTodos() throws Exception {
        URI callback = URI.create("http://127.0.0.1:" + freePort() + "/callback");
        try (ReferenceCandidate ref = ReferenceCandidate.start(new ReferenceOptions(EnumSet.noneOf(Flaw.class), callback, 0))) {
            Path ca = dir.resolve("ca.pem");
            ref.writeTrustAnchor(ca);
            Path out = dir.resolve("candidate.yaml");
            Said said = init("--issuer", ref.issuer().toString(), "--fhir-base", ref.fhirBase().toString(), "--trust-anchor",
                    ca.toString(), "--client-id", "reference-public", "--callback", callback.toString(), "--out", out.toString());
            assertThat(said.exit()).as(said.text()).isEqualTo(Main.CERTIFIED);
            assertThat(said.text()).contains("found    OpenID Connect discovery").contains("found    SMART configuration")
                    .contains("login    a form at " + ref.issuer() + "/authorize: fill #username, fill #password, click #login");
            String file = Files.readString(out);
            assertThat(file).contains("fill: \"#username\"").contains("fill: \"#password\"").contains("click: \"#login\"")
                    .contains("client-id: \"reference-public\"").contains("trust-anchor: \"ca.pem\"")
                    .contains("profiles: [smart]").contains("# smart: " + ref.fhirBase() + "/.well-known/smart-configuration is served")
                    .contains("secret: ${env:HITCERT_CONFIDENTIAL_SECRET}").contains("TODO");
            Loaded<Candidate> loaded = new CandidateLoader(Main.flawIds(), CheckCatalog.standard().claimKeys()).load(out);
            assertThat(loaded.ok()).as("the starter file loads as written: " + loaded.problems()).isTrue();
            assertThat(loaded.value().orElseThrow().login()).hasSize(3);
            // a login page that never shows a form: the made-up client id gets the reference's error page, quoted
            Path unknown = dir.resolve("unknown-client.yaml");
            Said refused = init("--issuer", ref.issuer().toString(), "--trust-anchor", ca.toString(), "--out", unknown.toString());
            assertThat(refused.exit()).as(refused.text()).isEqualTo(Main.CERTIFIED);
            assertThat(refused.text()).contains("login    no login form at " + ref.issuer() + "/authorize; the page says \"hitcert"
                    + " reference: error Unknown or missing client.\"");
            assertThat(Files.readString(unknown)).contains("run init again with --client-id ID");
        }
    }

    @Test
    void whenTheIssuerIsNotHttpsOrTheFileExistsThenNothingIsSentOrWritten() throws Exception {
        Said plain = init("--issuer", "http://127.0.0.1:1/", "--out", dir.resolve("a.yaml").toString());
        assertThat(plain.exit()).isEqualTo(Main.BAD_INPUT);
        assertThat(plain.text()).contains("--issuer http://127.0.0.1:1/: an https URL is needed");
        Path existing = Files.writeString(dir.resolve("mine.yaml"), "keep me\n");
        Said kept = init("--issuer", "https://127.0.0.1:1", "--out", existing.toString());
        assertThat(kept.exit()).isEqualTo(Main.BAD_INPUT);
        assertThat(kept.text()).contains("exists; give another file or --force");
        assertThat(Files.readString(existing)).isEqualTo("keep me\n");
        assertThat(dir.resolve("a.yaml")).doesNotExist();
    }

    @Test
    void whenNothingAnswersThenInitSaysSoAndWritesNoFile() throws Exception {
        int closed = freePort();
        Path out = dir.resolve("c.yaml");
        Said said = init("--issuer", "https://127.0.0.1:" + closed, "--out", out.toString());
        assertThat(said.exit()).as(said.text()).isEqualTo(Main.UNREACHABLE);
        assertThat(said.text()).contains("no metadata could be read from https://127.0.0.1:" + closed)
                .contains("/.well-known/openid-configuration (unreachable").contains("Is --issuer the server's issuer URL");
        assertThat(out).doesNotExist();
    }

    /**
     * A server whose RFC 8414 document is an HTML page and whose discovery names an authorization endpoint on another
     * host: the HTML is reported as such, the other host is neither contacted nor opened in a browser, and the file
     * says why its login steps are TODO.
     */
    @Test
    void whenAMetadataDocumentIsHtmlAndTheLoginIsElsewhereThenInitSaysBothAndContactsOnlyTheIssuer() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpsServer server = LoopbackServers.https(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(LoopbackTls.shared().context()));
        server.createContext("/", ex -> {
            seen.add(ex.getRequestURI().getPath());
            String self = "https://127.0.0.1:" + server.getAddress().getPort();
            boolean discovery = ex.getRequestURI().getPath().equals("/.well-known/openid-configuration");
            byte[] body = (discovery ? "{\"issuer\":\"" + self + "\",\"authorization_endpoint\":\"https://login.elsewhere.test/authorize\","
                    + "\"token_endpoint\":\"" + self + "/token\",\"token_endpoint_auth_methods_supported\":[\"client_secret_post\"]}"
                    : "<!doctype html><html><body>Welcome to our portal</body></html>").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", discovery ? "application/json" : "text/html");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            Path ca = dir.resolve("loopback.pem");
            Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(LoopbackTls.shared().certificate().getEncoded()) + "\n-----END CERTIFICATE-----\n");
            String issuer = "https://127.0.0.1:" + server.getAddress().getPort();
            Path out = dir.resolve("d.yaml");
            Said said = init("--issuer", issuer, "--trust-anchor", ca.toString(), "--out", out.toString());
            assertThat(said.exit()).as(said.text()).isEqualTo(Main.CERTIFIED);
            assertThat(said.text()).contains("missing  OAuth 2.0 metadata (RFC 8414): " + issuer
                    + "/.well-known/oauth-authorization-server (not a JSON object (Content-Type text/html, starts \"<!doctype html>")
                    .contains("login    the authorization endpoint https://login.elsewhere.test/authorize is on another host; it was not opened");
            assertThat(seen).containsExactlyInAnyOrder("/.well-known/openid-configuration", "/.well-known/oauth-authorization-server");
            String file = Files.readString(out);
            assertThat(file).contains("allowed-hosts: [\"127.0.0.1\"]").contains("auth-method: client_secret_post")
                    .contains("is on another host");
            Loaded<Candidate> loaded = new CandidateLoader(Main.flawIds(), CheckCatalog.standard().claimKeys()).load(out);
            assertThat(loaded.ok()).as(loaded.problems().toString()).isTrue();
        } finally {
            server.stop(0);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
