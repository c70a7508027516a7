package org.hitcert.support;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.Candidate.UserSpec;
import org.hitcert.reference.Flaw;
import org.hitcert.reference.ReferenceCandidate;
import org.hitcert.reference.ReferenceOptions;

/**
 * A clean reference candidate, the suite's callback server, a recording-capable {@link Http} and one real Chromium
 * trusting both: what a test or benchmark of the authorization-code flow outside a run needs. Closes all of it.
 */
public final class ReferenceFlowRig implements AutoCloseable {

    public final CallbackServer callback;
    public final ReferenceCandidate reference;
    public final SSLContext tls;
    public final Redactor redactor = new Redactor();
    public final Http http;
    public final Target target;
    public final ClientSpec publicClient;
    public final UserSpec defaultUser;
    public final Browser browser;
    public final Path screenshots;
    private final List<String> spki;
    private final List<String> hosts;
    private final SSLContext browserTls;
    private final List<Browser> more = new java.util.ArrayList<>();

    public ReferenceFlowRig() throws Exception {
        this(EnumSet.noneOf(Flaw.class));
    }

    /** A rig whose reference candidate has {@code flaws} on (correct behaviours among them). */
    public ReferenceFlowRig(java.util.Set<Flaw> flaws) throws Exception {
        LoopbackTls callbackTls = LoopbackTls.shared();
        callback = CallbackServer.start(URI.create("https://127.0.0.1:0/callback"), callbackTls);
        try {
            reference = ReferenceCandidate.start(new ReferenceOptions(flaws, callback.uri(), 0));
        } catch (Exception e) {
            callback.close();
            throw e;
        }
        tls = Tls.trusting(reference.trustAnchors());
        hosts = List.of(reference.issuer().getHost(), callback.uri().getHost());
        http = new Http(tls, new HostPolicy(hosts), redactor, Duration.ofSeconds(15), 2 * 1024 * 1024);
        target = new Target("reference", reference.issuer(), Optional.of(reference.fhirBase()),
                Map.of("authorization", URI.create(reference.issuer() + "/authorize"),
                        "token", URI.create(reference.issuer() + "/token")),
                Optional.empty(), reference.clients(), reference.users(), reference.login(), callback.uri(), Map.of());
        publicClient = target.client("public").orElseThrow();
        defaultUser = target.user("default").orElseThrow();
        spki = List.of(Tls.spkiSha256(callbackTls.certificate()),
                Tls.spkiSha256(Tls.serverChain(tls, reference.issuer(), 10_000).get(0)));
        browserTls = Tls.trustingAlso(reference.trustAnchors(), callbackTls.certificate());
        browser = Browser.start("chromium", spki, browserTls, hosts);
        screenshots = Files.createTempDirectory("hitcert-rig-");
    }

    /** Whether this machine has the Chromium and chromedriver the rig needs. */
    public static boolean chromiumInstalled() {
        return Browser.localChromiumInstalled("chromium");
    }

    /** Another Chromium like {@link #browser}, closed with the rig. */
    public Browser anotherBrowser() throws java.io.IOException {
        Browser b = Browser.start("chromium", spki, browserTls, hosts);
        more.add(b);
        return b;
    }

    @Override
    public void close() {
        more.forEach(Browser::close);
        browser.close();
        http.close();
        reference.close();
        callback.close();
    }
}
