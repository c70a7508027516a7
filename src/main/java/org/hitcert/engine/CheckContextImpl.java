package org.hitcert.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Optional;
import org.hitcert.checks.CheckContext;
import org.hitcert.engine.Descriptors.CheckNode;
import org.hitcert.model.Evidence;
import org.hitcert.model.Params;
import org.hitcert.support.BrowserSession;
import org.hitcert.support.CodeFlow;
import org.hitcert.support.EvidenceLog;
import org.hitcert.support.Http;
import org.hitcert.support.Target;

/** One check's view of the run: everything it does is recorded into its own evidence log. */
final class CheckContextImpl implements CheckContext {

    private final RunContext run;
    private final CheckNode node;
    private final EvidenceLog log;
    private final Path screenshots;
    private final Http http;
    private BrowserSession browser;
    private org.hitcert.support.Browser held;
    private CodeFlow flow;
    /** Browsers of other kinds than the run's, started for this check alone ({@link #browser(String)}). */
    private final java.util.List<org.hitcert.support.Browser> extras = new java.util.ArrayList<>();
    private volatile String passReason;
    private volatile JsonNode sharedTokensRead;
    private final RunContext.Slot slot;

    CheckContextImpl(RunContext run, CheckNode node, EvidenceLog log, Path screenshots, RunContext.Slot slot) {
        this.run = run;
        this.slot = slot;
        this.node = node;
        this.log = log;
        this.screenshots = screenshots;
        this.http = run.http().recordingInto(log);
    }

    @Override
    public Params params() {
        return node.binding.params();
    }

    @Override
    public Target target() {
        return run.target();
    }

    @Override
    public Http http() {
        return http;
    }

    @Override
    public synchronized BrowserSession browser() {
        if (browser == null) {
            if (node.check.info().readsNetwork() && run.networkLogOnDemand()) {
                org.hitcert.support.Browser b = run.networkLogBrowser(); // handed back with the extras
                extras.add(b);
                browser = new BrowserSession(b, log, run.redactor(), screenshots);
            } else {
                held = run.takeBrowser();
                browser = new BrowserSession(held, log, run.redactor(), screenshots);
            }
        }
        return browser;
    }

    @Override
    public synchronized CodeFlow flow() {
        if (flow == null) {
            // the browser is taken only when a request needs it: over a signed-in session a check may need none
            CodeFlow f = new CodeFlow(run.target(), http, this::browser, run.clientAuth(), run.redactor(), run.env(),
                    run.stepTimeout(), node.check.info().mayShareLogin() ? run.signedIn() : null).takingTurns(run.userLogins());
            flow = node.check.info().refreshTokens() ? f : f.withoutOfflineAccess();
        }
        return flow;
    }

    @Override
    public java.util.List<String> browserKinds() {
        return run.browserKinds();
    }

    @Override
    public String runBrowserKind() {
        return run.browserKind();
    }

    @Override
    public synchronized BrowserSession browser(String kind) {
        if (kind.equals(run.browserKind())) {
            return browser();
        }
        org.hitcert.support.Browser b = run.extraBrowser(kind);
        extras.add(b);
        return new BrowserSession(b, log, run.redactor(), screenshots);
    }

    @Override
    public CodeFlow flow(BrowserSession session) {
        return new CodeFlow(run.target(), http, session, run.clientAuth(), run.redactor(), run.env(), run.stepTimeout())
                .takingTurns(run.userLogins());
    }

    /** The browser {@link #ownGrantFlow} logs in with, while it runs. */
    private BrowserSession ownGrant;

    /**
     * A flow that logs the user in afresh, never over the run's signed-in session nor into it (the run's shared token
     * flow: its grant must be one no other check reaches). In this check's browser when the check has not used it yet,
     * else in a browser of its own; {@link #ownGrantFlowDone} clears what the login left.
     */
    synchronized CodeFlow ownGrantFlow() {
        if (browser == null || !browser.visited()) {
            ownGrant = browser();
        } else {
            org.hitcert.support.Browser b = run.extraBrowser(run.browserKind());
            extras.add(b);
            ownGrant = new BrowserSession(b, log, run.redactor(), screenshots);
        }
        return flow(ownGrant);
    }

    /** The shared token's login is done: its session leaves the browser, so that the check's own flows start afresh. */
    synchronized void ownGrantFlowDone() {
        if (ownGrant != null && ownGrant.visited()) {
            ownGrant.clearSession();
        }
        ownGrant = null;
    }

    @Override
    public JsonNode sharedTokens() {
        JsonNode tokens = run.sharedTokens(this);
        sharedTokensRead = tokens;
        return tokens;
    }

    /** The shared token response this check read last, if any. */
    Optional<JsonNode> sharedTokensRead() {
        return Optional.ofNullable(sharedTokensRead);
    }

    @Override
    public boolean checksFollow() {
        return run.checksFollow();
    }

    @Override
    public java.time.Duration maxWait() {
        return run.maxWait();
    }

    @Override
    public void pause(java.time.Duration wait) throws InterruptedException {
        run.announceWait(node, wait);
        slot.pause(wait);
    }

    @Override
    public void pass(String reason) {
        this.passReason = reason;
    }

    @Override
    public void evidence(Evidence evidence) {
        log.add(new Evidence(evidence.kind(), run.redactor().scrub(evidence.title()), evidence.details()));
    }

    Optional<String> passReason() {
        return Optional.ofNullable(passReason);
    }

    /** The browsers of other kinds this check started, to be handed back (pooled) or quit when it ends. */
    synchronized java.util.List<org.hitcert.support.Browser> extraBrowsers() {
        return java.util.List.copyOf(extras);
    }

    /** The browser this check held, to be reset and given back when it ends. */
    synchronized Optional<org.hitcert.support.Browser> usedBrowser() {
        return Optional.ofNullable(held);
    }
}
