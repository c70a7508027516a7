package org.hitcert.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import org.hitcert.init.LoginPage;
import org.hitcert.init.Published;
import org.hitcert.init.StarterFile;
import org.hitcert.support.Browser;
import org.hitcert.support.HostPolicy;
import org.hitcert.support.Http;
import org.hitcert.support.Redactor;
import org.hitcert.support.Tls;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code init}: writes a commented starter candidate file from what the server publishes (issue 19 item 1). It reads
 * the metadata documents, opens one authorization request in the browser to read the login form, and talks to no host
 * but those of {@code --issuer} and {@code --fhir-base}; it never sends credentials.
 */
@Command(name = "init", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Writes a starter candidate file from what the server publishes (discovery, RFC 8414 metadata, the SMART "
                + "configuration) and the login form its authorization endpoint shows; TODO lines mark what only you know. "
                + "Exit 0 written, 2 bad input, 3 nothing could be read.")
final class Init implements Callable<Integer> {

    @Option(names = "--issuer", required = true, paramLabel = "URL", description = "The authorization server's issuer (https).")
    URI issuer;

    @Option(names = "--fhir-base", paramLabel = "URL", description = "The FHIR API's base URL (https); its SMART configuration is read too.")
    URI fhirBase;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the file (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("candidate.yaml");

    @Option(names = "--force", description = "Overwrite --out if it exists.")
    boolean force;

    @Option(names = "--trust-anchor", paramLabel = "FILE", description = "PEM of the CA that issued the server's certificate, "
            + "when it is not publicly trusted (a test CA).")
    Path trustAnchor;

    @Option(names = "--client-id", paramLabel = "ID", description = "A registered client whose authorization request shows the "
            + "login page (with --callback registered for it); without it a made-up client id is tried, which most servers refuse.")
    String clientId;

    @Option(names = "--callback", paramLabel = "URL", description = "The loopback redirect URI the suite will listen on "
            + "(default: ${DEFAULT-VALUE}).")
    URI callback = StarterFile.DEFAULT_CALLBACK;

    @Option(names = "--browser", paramLabel = "KIND", description = "Browser that reads the login page: chromium or htmlunit "
            + "(default: ${DEFAULT-VALUE}).")
    String browser = "chromium";

    @Option(names = "--wait", paramLabel = "SECONDS", description = "Longest wait for the login page's form (default: ${DEFAULT-VALUE}).")
    long waitSeconds = 10;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter print = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> bad = new ArrayList<>();
        requireHttps("--issuer", issuer, bad);
        if (fhirBase != null) {
            requireHttps("--fhir-base", fhirBase, bad);
        }
        if (callback.getHost() == null || !List.of("127.0.0.1", "localhost", "[::1]").contains(callback.getHost())
                || callback.getPort() < 0) {
            bad.add("--callback " + callback + ": the suite listens on loopback only; give http://127.0.0.1:PORT/PATH");
        }
        if (Files.exists(out) && !force) {
            bad.add("--out " + out + " exists; give another file or --force to overwrite it");
        }
        List<X509Certificate> anchors = List.of();
        if (trustAnchor != null) {
            try {
                anchors = Tls.readPem(trustAnchor);
                if (anchors.isEmpty()) {
                    bad.add("--trust-anchor " + trustAnchor + ": no PEM certificate in it");
                }
            } catch (java.io.IOException | java.security.GeneralSecurityException e) {
                bad.add("--trust-anchor " + trustAnchor + ": " + e.getMessage());
            }
        }
        if (!bad.isEmpty()) {
            bad.forEach(b -> err.println("hitcert init: " + b));
            err.flush();
            return Main.BAD_INPUT;
        }
        TreeSet<String> hosts = new TreeSet<>(List.of(issuer.getHost()));
        if (fhirBase != null) {
            hosts.add(fhirBase.getHost());
        }
        SSLContext tls = Tls.trusting(anchors);
        Published published;
        Http http = new Http(tls, new HostPolicy(List.copyOf(hosts)), new Redactor(), Duration.ofSeconds(10), 1024 * 1024);
        try {
            published = Published.read(http, issuer, Optional.ofNullable(fhirBase));
        } catch (Published.NothingPublished e) {
            err.println("hitcert init: " + e.getMessage());
            err.flush();
            return Main.UNREACHABLE;
        } finally {
            http.close();
        }
        print.println("hitcert init: " + issuer);
        published.documents().forEach(d -> print.println(d.line()));
        String loginWhy = "";
        Optional<LoginPage.Reading> login = Optional.empty();
        Optional<String> authz = published.endpoint("authorization_endpoint");
        if (authz.isEmpty()) {
            loginWhy = "no authorization_endpoint is published, so no login page was read";
        } else if (!new HostPolicy(List.copyOf(hosts)).allows(URI.create(authz.get()))) {
            loginWhy = "the authorization endpoint " + authz.get() + " is on another host; it was not opened (add its host to "
                    + "allowed-hosts if you trust it)";
        } else {
            try {
                login = Optional.of(readLogin(URI.create(authz.get()), tls, anchors, hosts, published));
            } catch (RuntimeException | java.io.IOException e) {
                loginWhy = "the login page could not be read: " + e.getMessage().lines().findFirst().orElse("");
            }
        }
        print.println(login.map(Init::loginLine).orElse("  login    " + loginWhy));
        Optional<String> anchorInFile = Optional.ofNullable(trustAnchor).map(t -> relative(out, t));
        StarterFile file = StarterFile.of(published, new StarterFile.Given(issuer, Optional.ofNullable(fhirBase), anchorInFile,
                callback, Optional.ofNullable(clientId), List.copyOf(hosts)), login, loginWhy);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, file.text(), StandardCharsets.UTF_8);
        print.println("  wrote    " + out + ": " + file.todos() + " TODO line(s) to complete; then ./run-suite.sh doctor --candidate " + out);
        print.flush();
        return Main.CERTIFIED;
    }

    private LoginPage.Reading readLogin(URI authz, SSLContext tls, List<X509Certificate> anchors, TreeSet<String> hosts,
                                        Published published) throws java.io.IOException {
        List<String> spki = new ArrayList<>();
        if (!anchors.isEmpty()) {
            spki.add(Tls.spkiSha256(Tls.serverChain(tls, authz, 10_000).get(0)));
        }
        TreeSet<String> browserHosts = new TreeSet<>(hosts);
        browserHosts.add(callback.getHost().replace("[", "").replace("]", ""));
        Browser b = Browser.start(browser, spki, tls, browserHosts);
        try {
            String scope = published.listed("scopes_supported").contains("openid") || published.openid().json().isPresent() ? "openid" : "";
            return LoginPage.read(b, authz, clientId == null ? LoginPage.UNKNOWN_CLIENT : clientId, callback, scope,
                    Duration.ofSeconds(Math.max(1, waitSeconds)));
        } finally {
            b.close();
        }
    }

    private static String loginLine(LoginPage.Reading r) {
        if (r.atCallback()) {
            return "  login    none: the authorization endpoint sent the browser straight to the callback";
        }
        if (!r.found()) {
            return "  login    no login form at " + r.landedAt() + (r.says().isBlank() ? "" : "; the page says \"" + r.says() + "\"");
        }
        return "  login    a form at " + r.landedAt() + ": " + String.join(", ", r.steps().stream().map(s -> s.action() + " " + s.selector()).toList());
    }

    private static void requireHttps(String option, URI u, List<String> bad) {
        if (!"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
            bad.add(option + " " + u + ": an https URL is needed (the suite certifies APIs over TLS)");
        }
    }

    /** {@code target} as the candidate file names it: relative to the file's folder when it can be. */
    private static String relative(Path file, Path target) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            return dir == null ? target.toString() : dir.relativize(target.toAbsolutePath()).toString();
        } catch (IllegalArgumentException e) {
            return target.toAbsolutePath().toString();
        }
    }
}
