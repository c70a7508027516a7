package org.hitcert.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.hitcert.checks.Inconclusive;
import org.hitcert.engine.Descriptors.CheckNode;
import org.hitcert.model.Candidate;
import org.hitcert.model.Evidence;
import org.hitcert.reference.Flaw;
import org.hitcert.reference.ReferenceCandidate;
import org.hitcert.reference.ReferenceOptions;
import org.hitcert.support.Browser;
import org.hitcert.support.CallbackServer;
import org.hitcert.support.CandidateProcess;
import org.hitcert.support.ClientAuth;
import org.hitcert.support.EvidenceLog;
import org.hitcert.support.HostPolicy;
import org.hitcert.support.Http;
import org.hitcert.support.LoopbackTls;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.Redactor;
import org.hitcert.support.Target;
import org.hitcert.support.Tls;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.OutputDirectoryCreator;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.hierarchical.EngineExecutionContext;

/**
 * What one run shares: the candidate (and the reference candidate, when the run started one), the suite's
 * redirect endpoint, TLS trust, the HTTP client, the browser (started on first use), the redactor, and the
 * token response checks share. Opened before the first check, closed after the last.
 */
final class RunContext implements EngineExecutionContext {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 2 * 1024 * 1024;

    private final Settings settings;
    private final Candidate candidate;
    private final EngineExecutionListener listener;
    private final OutputDirectoryCreator output;
    private final TestDescriptor root;
    private final Function<String, String> environment = System::getenv;
    private final Redactor redactor = new Redactor();
    /** The test users' signed-in sessions at the authorization server, for checks that need a code, not a login. */
    private final org.hitcert.support.SignedInSessions signedIn = new org.hitcert.support.SignedInSessions(redactor);
    /** One browser login per account at a time, across the run (servers with brute-force protection demand it). */
    private final org.hitcert.support.UserLogins userLogins = new org.hitcert.support.UserLogins();
    private final ExecutorService checkThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hitcert-check");
        t.setDaemon(true);
        return t;
    });

    private final LoopbackTls callbackTls = LoopbackTls.shared();
    private ReferenceCandidate reference;
    private CandidateProcess launched;
    private CallbackServer callback;
    private SSLContext tls;
    private List<X509Certificate> anchors = List.of();
    private HostPolicy hostPolicy;
    private Http http;
    private Target target;
    /** Browsers started for this run (at most {@link Parallelism#workers}), and those no check holds now. */
    private final List<Browser> browsers = new ArrayList<>();
    private final java.util.Deque<Browser> idleBrowsers = new java.util.ArrayDeque<>();
    private BrowserLaunch browserLaunch;
    /** Browsers the warm-up ({@link #warmUpBrowsers}) is starting now. */
    private int warming;
    private boolean closed;
    private String browserProblem;
    private final Object sharedTokensLock = new Object();
    private JsonNode sharedTokens;
    /** When the shared tokens stop being worth handing out: before their expires_in runs out, with a margin. */
    private java.time.Instant sharedTokensStale = java.time.Instant.MAX;
    private String sharedTokensProblem;
    /**
     * At most {@link #degree} checks run at once, whatever the executor does; a check in a deliberate wait does not
     * count ({@link Slot}), so up to {@link Parallelism#workers} checks, each with its browser, may have started.
     */
    private final int degree;
    private final java.util.concurrent.Semaphore running;
    /**
     * Every check holds a share of the candidate's state while it runs (one permit); a check that
     * {@linkplain org.hitcert.checks.CheckInfo#runsAlone runs alone} holds all of them, so no other check runs while it
     * does. Fair: once it waits, later checks wait behind it. A check in a deliberate wait ({@link Slot#pause}) gives its
     * share up with its place, since it sends nothing meanwhile. The run's own permits rather than the executor's
     * exclusive resources, which start such a check only after every other check of its consideration has ended, so
     * that it, and checks that waited on it, ended the run with a core idle.
     */
    private final java.util.concurrent.Semaphore candidateState = new java.util.concurrent.Semaphore(STATE_SHARES, true);
    static final int STATE_SHARES = 1 << 16;
    /** The named {@linkplain org.hitcert.checks.CheckInfo#locks locks}: a check holds its own while it runs. */
    private final java.util.Map<String, java.util.concurrent.locks.ReentrantLock> namedLocks =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger browsersStarted = new java.util.concurrent.atomic.AtomicInteger();
    /**
     * The checks of this run that have yet to end (those the engine will run, counted at the start, one taken off as
     * each ends), for a check that leaves the candidate disturbed: {@link #checksFollow}.
     */
    private final java.util.concurrent.atomic.AtomicInteger unfinishedChecks;

    /** The run's preflight: see {@link SetupGate}; off unless the engine sets one. */
    private SetupGate gate = SetupGate.of(null, false);

    private record BrowserLaunch(List<String> spki, SSLContext tls, java.util.Set<String> hosts) {
    }

    RunContext(Settings settings, Candidate candidate, EngineExecutionListener listener, OutputDirectoryCreator output,
               TestDescriptor root) {
        this(settings, candidate, listener, output, root, 1);
    }

    RunContext(Settings settings, Candidate candidate, EngineExecutionListener listener, OutputDirectoryCreator output,
               TestDescriptor root, int degree) {
        this.settings = settings;
        this.candidate = CandidateProcess.withLaunchSecrets(candidate, environment);
        this.listener = listener;
        this.output = output;
        this.root = root;
        this.degree = degree;
        this.running = new java.util.concurrent.Semaphore(degree, true);
        this.unfinishedChecks = new java.util.concurrent.atomic.AtomicInteger(root == null ? Integer.MAX_VALUE
                : (int) checksToRun().count());
    }

    /** The checks of the run's tree that will run (those whose applicability the plan did not already rule out). */
    private java.util.stream.Stream<CheckNode> checksToRun() {
        return root.getDescendants().stream().filter(d -> d instanceof CheckNode c && c.notApplicable.isEmpty())
                .map(CheckNode.class::cast);
    }

    /** Whether the run's browsers come from a Selenium Grid. */
    private boolean onGrid() {
        return settings.browser().startsWith("grid");
    }

    /**
     * Whether a check other than the calling one has yet to end in this run. A check that leaves the candidate
     * disturbed (a client throttled after a burst of failures) waits for it to recover only then: after the last check
     * nothing the candidate does can change a verdict. True when unsure.
     */
    boolean checksFollow() {
        return unfinishedChecks.get() > 1;
    }

    /** Starts what the run needs and resolves the candidate; throws {@link CandidateUnreachable} when it cannot. */
    void open() throws Exception {
        URI callbackUri = candidate.callback().orElse(URI.create("https://127.0.0.1:0/callback"));
        callback = CallbackServer.start(callbackUri, callbackTls);
        List<String> allowed = new ArrayList<>(candidate.allowedHosts());
        if (candidate.reference().isPresent()) {
            java.util.Set<Flaw> flaws = java.util.EnumSet.noneOf(Flaw.class);
            for (String id : candidate.reference().get().flaws()) {
                flaws.add(Flaw.byId(id).orElseThrow());
            }
            for (String id : settings.flaws()) {
                flaws.add(Flaw.byId(id).orElseThrow(() -> new IllegalArgumentException("unknown flaw '" + id + "'")));
            }
            reference = ReferenceCandidate.start(new ReferenceOptions(flaws, callback.uri(), 0));
            anchors = reference.trustAnchors();
            allowed.add(reference.issuer().getHost());
            environment("reference-flaws", flaws.isEmpty() ? "none" : flaws.stream().map(Flaw::id).toList().toString());
        } else if (candidate.trustAnchor().isPresent()) {
            anchors = Tls.readPem(Path.of(candidate.trustAnchor().get()));
        }
        tls = Tls.trusting(anchors);
        hostPolicy = new HostPolicy(allowed);
        if (candidate.launch().isPresent()) {
            try {
                launched = CandidateProcess.start(candidate.launch().get(), tls, environment, line -> System.err.println("hitcert: " + line));
            } catch (CandidateProcess.LaunchFailure e) {
                throw new CandidateUnreachable("the candidate could not be launched: " + e.getMessage(), e);
            }
            environment("launched", String.join(" ", candidate.launch().get().command()));
        }
        for (String kind : settings.browsers()) {
            registerGridCredentials(kind);
        }
        registerGridCredentials(settings.browser());
        if (settings.browsers().size() > 1 || !settings.browsers().contains(settings.browser())) {
            environment("browser-matrix", String.join(", ", settings.browsers().stream().map(RunContext::kindShown).toList()));
        }
        http = new Http(tls, hostPolicy, redactor, settings.httpTimeout(), MAX_BODY);
        target = resolveTarget();
        redactor.registerSecretsOf(target.clients(), target.users(), environment);
        environment("issuer", target.issuer().toString());
        announceWaits();
        target.fhirBase().ifPresent(f -> environment("fhir-base", f.toString()));
        warmUpBrowsers();
    }

    /**
     * Starts the browsers the first checks will want (as many as checks run at once, no more than the run has browser
     * checks) on a thread of its own, while the run begins, so that a check that finds one of them idle does not wait
     * for a start. Only with parallel checks; a browser that cannot start is the browser checks' finding, as before.
     */
    private void warmUpBrowsers() {
        long wanted = Math.min(degree, checksToRun().filter(c -> c.check.info().browser()).count());
        if (degree == 1 || wanted == 0 || onGrid()) {
            return;
        }
        Thread warm = new Thread(() -> {
            for (int i = 0; i < wanted; i++) {
                BrowserLaunch launch;
                synchronized (this) {
                    prepareLaunch();
                    if (closed || browserProblem != null || browsers.size() + warming >= wanted) {
                        return;
                    }
                    launch = browserLaunch;
                    warming++;
                }
                Browser b;
                try {
                    b = launch(launch);
                } catch (Exception | LinkageError e) {
                    synchronized (this) {
                        warming--;
                    }
                    return; // the first check that wants a browser starts one itself, and reports what fails
                }
                synchronized (this) {
                    warming--;
                    if (closed) {
                        b.release();
                        return;
                    }
                    adopt(b);
                    idleBrowsers.push(b);
                }
            }
        }, "hitcert-browser-warm-up");
        warm.setDaemon(true);
        warm.start();
    }

    private Browser launch(BrowserLaunch launch) throws java.io.IOException {
        Browser b = Browser.acquire(settings.browser(), launch.spki(), launch.tls(), launch.hosts(), !networkLogOnDemand());
        b.pageLoadTimeout(settings.httpTimeout().plusSeconds(5));
        browsersStarted.incrementAndGet();
        return b;
    }

    /** A started browser becomes one of the run's (the first names the run's browser in the report). */
    private synchronized void adopt(Browser b) {
        if (browsers.isEmpty()) {
            environment("browser", b.description());
        }
        browsers.add(b);
    }

    private Target resolveTarget() {
        URI issuer = reference != null ? reference.issuer() : candidate.issuer().orElseThrow();
        Optional<URI> fhir = reference != null ? Optional.of(reference.fhirBase()) : candidate.fhirBase();
        URI discoveryUrl = org.hitcert.support.WellKnown.openidConfiguration(issuer);
        Optional<JsonNode> discovery;
        try {
            HttpExchange x = http.get(discoveryUrl, "Accept", "application/json");
            discovery = x.status() == 200 ? x.json() : Optional.empty();
        } catch (Http.HttpFailure e) {
            throw new CandidateUnreachable("the candidate's issuer did not answer at " + discoveryUrl + ": " + e.getMessage(), e);
        }
        Map<String, URI> endpoints = new LinkedHashMap<>();
        Map<String, String> members = Map.of("authorization", "authorization_endpoint", "token", "token_endpoint",
                "jwks", "jwks_uri", "userinfo", "userinfo_endpoint", "introspection", "introspection_endpoint",
                "revocation", "revocation_endpoint", "registration", "registration_endpoint");
        discovery.ifPresent(doc -> members.forEach((role, member) -> {
            if (doc.hasNonNull(member)) {
                try {
                    endpoints.put(role, URI.create(doc.get(member).asText()));
                } catch (IllegalArgumentException ignored) {
                    // a malformed URL in discovery is the discovery checks' finding, not a reason to stop the run
                }
            }
        }));
        endpoints.putAll(candidate.endpoints());
        if (reference != null) {
            return new Target(candidate.name(), issuer, fhir, endpoints, discovery, reference.clients(), reference.users(),
                    reference.login(), callback.uri(), candidate.claims(), candidate.fhirSamples());
        }
        return new Target(candidate.name(), issuer, fhir, endpoints, discovery, candidate.clients(), candidate.users(),
                candidate.login(), callback.uri(), candidate.claims(), candidate.fhirSamples());
    }

    org.hitcert.support.SignedInSessions signedIn() {
        return signedIn;
    }

    org.hitcert.support.UserLogins userLogins() {
        return userLogins;
    }

    Redactor redactor() {
        return redactor;
    }

    /** Runs one check on its own thread, bounded by the check time-out, and publishes its evidence. */
    RunContext gatedBy(SetupGate setupGate) {
        this.gate = setupGate;
        return this;
    }

    SetupGate gate() {
        return gate;
    }

    void runCheck(CheckNode node) throws Exception {
        try {
            java.util.Optional<String> stop = gate.blocked(node);
            if (stop.isPresent()) {
                throw new org.hitcert.checks.Inconclusive("not run: the preflight found a basic of the setup failing ("
                        + stop.get() + "); fix it (./run-suite.sh doctor checks the setup alone) and run again");
            }
            lockAndRun(node);
        } finally {
            unfinishedChecks.decrementAndGet();
        }
    }

    private void lockAndRun(CheckNode node) throws Exception {
        EvidenceLog log = new EvidenceLog();
        Path shots = output.getRootDirectory().resolve("screenshots")
                .resolve(node.getUniqueId().getLastSegment().getValue().replaceAll("[^A-Za-z0-9._-]", "_")
                        + "-" + Integer.toHexString(node.getUniqueId().hashCode()));
        // the named locks, then the candidate's state, then a place among the checks that run at once: a waiting check
        // keeps none from running. Named locks come first because a paused check keeps its own but gives its share up:
        // a check holding a share while it waited for such a lock would keep a check that runs alone waiting for it,
        // and the paused holder waiting behind that one.
        int shares = node.check.info().runsAlone() ? STATE_SHARES : 1;
        Slot slot = null;
        boolean shared = false;
        List<java.util.concurrent.locks.Lock> held = new ArrayList<>();
        try {
            for (String name : new java.util.TreeSet<>(node.check.info().locks())) {
                java.util.concurrent.locks.Lock lock = namedLocks.computeIfAbsent(name,
                        n -> new java.util.concurrent.locks.ReentrantLock(true));
                lock.lockInterruptibly();
                held.add(lock);
            }
            candidateState.acquire(shares);
            shared = true;
            running.acquire();
            slot = new Slot(running, candidateState, shares, degree > 1);
            runInSlot(node, log, shots, slot);
        } finally {
            if (slot == null && shared) {
                candidateState.release(shares);
            }
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
        }
    }

    private void runInSlot(CheckNode node, EvidenceLog log, Path shots, Slot slot) throws Exception {
        boolean timedOut = false;
        TimeLimits.Limit limit = TimeLimits.of(node.check, node.binding.params(), target, settings);
        CheckContextImpl ctx = new CheckContextImpl(this, node, log, shots, slot);
        Future<?> run = checkThreads.submit(() -> {
            runOnLiveTokens(node, ctx);
            return null;
        });
        try {
            run.get(limit.limit().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        } catch (TimeoutException e) {
            run.cancel(true);
            timedOut = true;
            // never an ERROR by design: the limit covers what the check declared it would do; beyond it, it decided nothing
            throw new Inconclusive("the check did not finish within its time limit of " + limit.limit().toSeconds()
                    + " s (" + limit.derivation() + "); a slow candidate or machine: raise --check-timeout or --step-timeout");
        } finally {
            try {
                publish(node, log, ctx.passReason());
                publishBrowsers(node, ctx);
                if (timedOut) {
                    ctx.usedBrowser().ifPresent(this::discard); // its thread may still be driving it
                    ctx.extraBrowsers().forEach(Browser::close);
                } else {
                    ctx.usedBrowser().ifPresent(this::giveBack);
                    ctx.extraBrowsers().forEach(Browser::release);
                }
            } finally {
                slot.end();
            }
        }
    }

    /**
     * Runs the check; when it FAILs after reading the run's shared token and that token no longer works, the FAIL rests on
     * a dead token (another check may have ended its grant meanwhile), not on the candidate: the check runs once more
     * with a new token, and the evidence says why.
     */
    private void runOnLiveTokens(CheckNode node, CheckContextImpl ctx) throws Exception {
        try {
            node.check.run(ctx);
        } catch (AssertionError fail) {
            Optional<JsonNode> read = ctx.sharedTokensRead();
            if (read.isEmpty() || !sharedTokensDied(read.get())) {
                throw fail;
            }
            ctx.note("shared access token died", "this check FAILed (" + fail.getMessage() + ") with the run's shared"
                    + " token, which no longer works now: that FAIL is set aside, and the check runs again with a new token");
            node.check.run(ctx);
        }
    }

    /**
     * A running check's place among the {@link #degree} checks that run at once. During a deliberate wait (a token or
     * code left to expire) the check gives its place up, so another check runs meanwhile, and takes one again
     * before it goes on.
     */
    static final class Slot {
        private final java.util.concurrent.Semaphore places;
        private final java.util.concurrent.Semaphore state;
        private final int shares;
        private final boolean yields;
        private boolean held = true;
        private boolean stateHeld = true;
        private boolean ended;

        /** A place, without a share of the candidate's state. */
        Slot(java.util.concurrent.Semaphore places, boolean yields) {
            this(places, null, 0, yields);
        }

        /**
         * A place and {@code shares} permits of {@code state}, both held already. During a pause a check with a
         * single share (not one that runs alone) gives up both.
         */
        Slot(java.util.concurrent.Semaphore places, java.util.concurrent.Semaphore state, int shares, boolean yields) {
            this.places = places;
            this.state = state;
            this.shares = shares;
            this.yields = yields;
        }

        void pause(java.time.Duration wait) throws InterruptedException {
            boolean yieldState;
            synchronized (this) {
                if (!yields || !held) {
                    Thread.sleep(wait.toMillis());
                    return;
                }
                held = false;
                places.release();
                yieldState = state != null && shares == 1 && stateHeld;
                if (yieldState) {
                    stateHeld = false;
                    state.release(shares);
                }
            }
            Thread.sleep(wait.toMillis()); // interrupted: the check is being cancelled, and holds no place
            if (yieldState) {
                take(state, shares, () -> stateHeld = true);
            }
            take(places, 1, () -> held = true);
        }

        /** Takes {@code n} permits again, unless the check ends meanwhile. */
        private void take(java.util.concurrent.Semaphore from, int n, Runnable taken) throws InterruptedException {
            while (true) {
                if (from.tryAcquire(n, 100, TimeUnit.MILLISECONDS)) {
                    synchronized (this) {
                        if (!ended) {
                            taken.run();
                            return;
                        }
                    }
                    from.release(n);
                    throw new InterruptedException("the check ended while it waited");
                }
                synchronized (this) {
                    if (ended) {
                        throw new InterruptedException("the check ended while it waited");
                    }
                }
            }
        }

        synchronized void end() {
            ended = true;
            if (held) {
                held = false;
                places.release();
            }
            if (stateHeld && state != null) {
                stateHeld = false;
                state.release(shares);
            }
        }
    }

    private void publish(CheckNode node, EvidenceLog log, Optional<String> reason) {
        for (Evidence e : log.items()) {
            try {
                listener.reportingEntryPublished(node, ReportEntry.from("hitcert.evidence", redactor.scrub(JSON.writeValueAsString(e))));
            } catch (IOException ex) {
                listener.reportingEntryPublished(node, ReportEntry.from("hitcert.evidence", "{\"kind\":\"note\",\"title\":\"unserialisable evidence\",\"details\":{}}"));
            }
        }
        for (Path file : log.files()) {
            listener.fileEntryPublished(node, FileEntry.from(file, "image/png"));
        }
        reason.filter(r -> !r.isBlank()).ifPresent(r -> listener.reportingEntryPublished(node, ReportEntry.from("hitcert.reason", redactor.scrub(r))));
    }

    /** The browser(s) the check ran in, name and version, so that the report can say where each verdict was observed. */
    private void publishBrowsers(CheckNode node, CheckContextImpl ctx) {
        List<String> seen = new ArrayList<>();
        ctx.usedBrowser().ifPresent(b -> seen.add(b.description()));
        ctx.extraBrowsers().forEach(b -> seen.add(b.description()));
        if (!seen.isEmpty()) {
            listener.reportingEntryPublished(node, ReportEntry.from("hitcert.browser",
                    redactor.scrub(String.join("; ", seen.stream().distinct().toList()))));
        }
    }

    /** The vendor's answer to an attestation requirement, with its attachments, as the requirement's evidence. */
    void publishAttestation(org.junit.platform.engine.TestDescriptor node, org.hitcert.model.Attestation a) {
        java.util.Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("statement", redactor.scrub(a.statement()));
        details.put("attested-by", redactor.scrub(a.attestedBy()));
        details.put("date", a.date());
        details.put("attachments", a.attachments().stream().map(p -> String.valueOf(p.getFileName())).toList());
        try {
            listener.reportingEntryPublished(node, ReportEntry.from("hitcert.evidence",
                    JSON.writeValueAsString(new Evidence("attestation", "vendor's attestation", details))));
        } catch (IOException e) {
            listener.reportingEntryPublished(node, ReportEntry.from("hitcert.evidence",
                    "{\"kind\":\"note\",\"title\":\"unserialisable attestation\",\"details\":{}}"));
        }
        for (Path file : a.attachments()) {
            listener.fileEntryPublished(node, FileEntry.from(file, "application/octet-stream"));
        }
    }

    /**
     * Tells the console that a check starts a deliberate wait (issue 19 item 4: a person watching sees what it waits
     * for): {@code hitcert.waiting} = seconds, a space, and what the check waits out.
     */
    void announceWait(CheckNode node, java.time.Duration wait) {
        String what = node.check.info().budget().waitsFor();
        listener.reportingEntryPublished(node, ReportEntry.from("hitcert.waiting", wait.toSeconds() + " "
                + (what.isBlank() ? "a deliberate pause" : "the lifetime the candidate claims (" + what + ")")));
    }

    void environment(String key, String value) {
        if (value != null && !value.isBlank()) {
            listener.reportingEntryPublished(root, ReportEntry.from("hitcert.environment." + key, redactor.scrub(value)));
        }
    }

    Target target() {
        return target;
    }

    Http http() {
        return http;
    }

    Function<String, String> env() {
        return environment;
    }

    ClientAuth clientAuth() {
        return new ClientAuth(environment, redactor);
    }

    /**
     * A browser for one check, held until the check ends: an idle one of this run (reset when it was given back), else
     * a new one while fewer than the run's degree of parallelism exist. Throws {@link Inconclusive} when none can
     * be started.
     */
    Browser takeBrowser() {
        BrowserLaunch launch;
        synchronized (this) {
            prepareLaunch();
            if (browserProblem != null) {
                throw new Inconclusive(browserProblem);
            }
            if (!idleBrowsers.isEmpty()) {
                return idleBrowsers.pop();
            }
            if (browsers.size() >= Parallelism.workers(degree)) {
                // cannot happen while at most that many checks have started and each holds one browser; refuse rather
                // than wait
                throw new IllegalStateException("all " + Parallelism.workers(degree) + " browsers of this run are in use");
            }
            launch = browserLaunch;
        }
        try {
            Browser b = launch(launch);
            adopt(b);
            return b;
        } catch (Exception | LinkageError e) {
            synchronized (this) {
                if (browsers.isEmpty()) {
                    browserProblem = "no browser could be started (" + kindShown(settings.browser()) + "): " + e;
                }
            }
            throw new Inconclusive("no browser could be started (" + kindShown(settings.browser()) + "): " + e);
        }
    }

    /** The browsers of the compatibility matrix ({@code hitcert.browsers}), the run's own browser among them when listed. */
    List<String> browserKinds() {
        return settings.browsers();
    }

    /** The run's own browser kind ({@code hitcert.browser}), which {@link #takeBrowser()} starts. */
    String browserKind() {
        return settings.browser();
    }

    /**
     * A browser of another {@code kind} than the run's, for one check, with the same host confinement and certificate
     * allow-list; the check's context hands it back ({@link Browser#release()}) when the check ends. Throws
     * {@link Inconclusive} when it cannot be started.
     */
    Browser extraBrowser(String kind) {
        return extraBrowser(kind, false);
    }

    /**
     * The run's kind of browser, for one check that reads network events
     * ({@link org.hitcert.checks.CheckInfo#readsNetworkEvents}): started with the performance log the run's other
     * browsers do without, and handed back like {@link #extraBrowser(String)}.
     */
    Browser networkLogBrowser() {
        return extraBrowser(settings.browser(), true);
    }

    /**
     * Whether a check that reads network events gets a browser of its own ({@link #networkLogBrowser}): yes with local
     * browsers, whose network log costs processor time; no on a grid, whose sessions are few (a run may hold them all,
     * so that another would never start): there every browser of the run keeps the log.
     */
    boolean networkLogOnDemand() {
        return !onGrid();
    }

    private Browser extraBrowser(String kind, boolean networkLog) {
        BrowserLaunch launch;
        synchronized (this) {
            prepareLaunch();
            if (browserProblem != null && browserLaunch == null) {
                throw new Inconclusive(browserProblem);
            }
            launch = browserLaunch;
        }
        try {
            Browser b = Browser.acquire(kind, launch.spki(), launch.tls(), launch.hosts(), networkLog);
            b.pageLoadTimeout(settings.httpTimeout().plusSeconds(5));
            browsersStarted.incrementAndGet();
            return b;
        } catch (Exception | LinkageError e) {
            throw new Inconclusive("browser " + kindShown(kind) + " could not be started: " + e.getMessage());
        }
    }

    /** A grid URL's user:password is a secret like any other: masked wherever it might appear (e.g. in an error). */
    private void registerGridCredentials(String kind) {
        try {
            org.hitcert.support.BrowserKind.parse(kind, Optional.empty()).grid().map(URI::getUserInfo)
                    .filter(u -> !u.isBlank()).ifPresent(u -> {
                        redactor.register(u, "grid credentials");
                        if (u.contains(":")) {
                            redactor.register(u.substring(u.indexOf(':') + 1), "grid password");
                        }
                    });
        } catch (IllegalArgumentException ignored) {
            // not a grid browser, or one that fails when started
        }
    }

    private static String kindShown(String kind) {
        try {
            return org.hitcert.support.BrowserKind.parse(kind, Optional.empty()).display();
        } catch (IllegalArgumentException e) {
            return kind;
        }
    }

    /** Works out once what every browser of the run is started with: the hosts it may resolve, the keys it trusts. */
    private synchronized void prepareLaunch() {
        if (browserLaunch == null && browserProblem == null) {
            try {
                List<String> spki = new ArrayList<>();
                spki.add(Tls.spkiSha256(callbackTls.certificate()));
                if (!anchors.isEmpty()) {
                    for (URI u : new URI[] {target.issuer(), target.fhirBase().orElse(target.issuer())}) {
                        spki.add(Tls.spkiSha256(Tls.serverChain(tls, u, (int) settings.httpTimeout().toMillis()).get(0)));
                    }
                }
                java.util.Set<String> hosts = new java.util.TreeSet<>(hostPolicy.hosts());
                hosts.add(target.callback().getHost());
                // the suite's own loopback servers (callback, attacker origin) listen under both loopback names
                hosts.add("127.0.0.1");
                hosts.add("localhost");
                browserLaunch = new BrowserLaunch(spki.stream().distinct().sorted().toList(),
                        Tls.trustingAlso(anchors, callbackTls.certificate()), hosts);
            } catch (Exception | LinkageError e) {
                browserProblem = "no browser could be started (" + kindShown(settings.browser()) + "): " + e;
            }
        }
    }

    /** A check's browser, back to the run: cleared of every cookie and all storage before another check gets it. */
    private void giveBack(Browser b) {
        b.reset();
        synchronized (this) {
            idleBrowsers.push(b);
        }
    }

    private void discard(Browser b) {
        synchronized (this) {
            browsers.remove(b);
        }
        b.close();
    }

    /** Browser sessions started for this run (the benchmark reports it). */
    int browsersStarted() {
        return browsersStarted.get();
    }

    /** The shared token response, obtained through {@code requester}'s browser on first use. */
    JsonNode sharedTokens(CheckContextImpl requester) {
        synchronized (sharedTokensLock) {
            return sharedTokensLocked(requester);
        }
    }

    private JsonNode sharedTokensLocked(CheckContextImpl requester) {
        if (sharedTokens != null && java.time.Instant.now().isBefore(sharedTokensStale)) {
            SharedTokens.Liveness live = SharedTokens.liveness(http, target, clientAuth(), sharedTokens);
            if (!live.dead()) {
                requester.note("shared access token", "the token response obtained earlier in this run is reused ("
                        + live.said() + ")");
                return sharedTokens;
            }
            requester.note("shared access token", "the token response obtained earlier in this run no longer works ("
                    + live.said() + "; another check's code replay, refresh reuse or revocation may have ended its grant):"
                    + " a new one is obtained");
            sharedTokens = null;
        }
        if (sharedTokens != null) {
            requester.note("shared access token", "the token response obtained earlier is near its expires_in; a new one is obtained");
            sharedTokens = null;
        }
        if (sharedTokensProblem != null) {
            throw new Inconclusive("no access token for this check: " + sharedTokensProblem);
        }
        try {
            java.time.Instant obtained = java.time.Instant.now();
            sharedTokens = SharedTokens.obtain(requester);
            long lifetime = sharedTokens.path("expires_in").asLong(0);
            // a check may spend a while with the token; hand it out only while well inside its lifetime
            sharedTokensStale = lifetime > 0 ? obtained.plusSeconds(lifetime - Math.min(120, lifetime / 2)) : java.time.Instant.MAX;
            return sharedTokens;
        } catch (Inconclusive e) {
            sharedTokensProblem = e.getMessage();
            throw e;
        } catch (RuntimeException e) {
            sharedTokensProblem = "the code flow failed: " + e.getMessage();
            throw new Inconclusive("no access token for this check: " + sharedTokensProblem, e);
        }
    }

    /**
     * Whether {@code handedOut}, a shared token response a check was given, no longer works; when so it is no longer
     * handed out, and the next check that asks gets a new one.
     */
    boolean sharedTokensDied(JsonNode handedOut) {
        if (!SharedTokens.liveness(http, target, clientAuth(), handedOut).dead()) {
            return false;
        }
        synchronized (sharedTokensLock) {
            if (sharedTokens == handedOut) {
                sharedTokens = null;
            }
        }
        return true;
    }

    void close() {
        synchronized (this) {
            closed = true;
        }
        checkThreads.shutdownNow();
        environment("browsers-started", Integer.toString(browsersStarted.get()));
        int[] sso = signedIn.counts();
        if (sso[0] + sso[1] > 0) {
            environment("single-sign-on", sso[0] + " authorization requests answered over a signed-in session, " + sso[1]
                    + " done in the browser after all (" + sso[2] + " of them with the session and the consent page alone)");
        }
        synchronized (this) {
            browsers.forEach(Browser::release);
            browsers.clear();
            idleBrowsers.clear();
        }
        if (http != null) {
            http.close();
        }
        if (reference != null) {
            reference.close();
        }
        if (launched != null) {
            launched.close();
        }
        if (callback != null) {
            callback.close();
        }
    }

    Duration stepTimeout() {
        return settings.stepTimeout();
    }

    Duration maxWait() {
        return settings.maxWait();
    }

    /**
     * States before the first check which checks will wait on purpose, how long and why (a lifetime the candidate
     * claims), and which would but find nothing claimed.
     */
    private void announceWaits() {
        List<String> waits = new ArrayList<>();
        checksToRun().forEach(c -> {
            String claim = c.check.info().budget().waitsFor();
            if (claim.isEmpty()) {
                return;
            }
            TimeLimits.Limit limit = TimeLimits.of(c.check, c.binding.params(), target, settings);
            waits.add(c.check.info().id() + " (" + c.requirement.id() + "): " + limit.plannedWait()
                    .map(w -> "waits " + w.toSeconds() + " s for claims " + claim + ", time limit " + limit.limit().toSeconds() + " s")
                    .orElse("nothing claimed under " + claim + ": no wait"));
        });
        if (!waits.isEmpty()) {
            environment("planned-waits", String.join("; ", waits));
        }
    }
}
