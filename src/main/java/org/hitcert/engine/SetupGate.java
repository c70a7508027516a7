package org.hitcert.engine;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hitcert.checks.Outcomes;
import org.hitcert.model.Verdict;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;

/**
 * The preflight at the start of a run (issue 19 item 2): the checks that each exercise one basic of the setup (TLS
 * trust, discovery, the login through the public client and its callback, ...) run first, and no other check starts
 * until they have ended. When a blocking basic could not be exercised (INCONCLUSIVE or ERROR: the login steps found no
 * element, the CA is not trusted), every other check ends at once as INCONCLUSIVE naming it, instead of minutes of
 * verdicts that cannot be decided; {@code doctor} runs the same basics alone. A FAIL of a basic is a finding, not a
 * setup problem: the run goes on. Off, every check may start at any time.
 */
public final class SetupGate {

    /** One basic of the setup and the check whose run exercises it; a {@code blocking} one failing makes a run pointless. */
    public record Basic(String checkId, String what, boolean blocking) {
    }

    public static final List<Basic> BASICS = List.of(
            new Basic("transport.certificates.valid", "TLS: each host's certificate is trusted (trust-anchor)", true),
            new Basic("discovery.oidc.consistent", "discovery: the issuer's metadata is served", true),
            new Basic("authorize.code-flow.pkce", "login: the default user completes the login steps through a browser "
                    + "client and its callback, and the code redeems", true),
            new Basic("login.consent.first-authorization", "consent: whether a consent page appears, and the consent steps", false),
            new Basic("token.client-credentials.no-refresh", "backend client: authenticates with client_credentials", false),
            new Basic("clientauth.assertion.baseline", "private_key_jwt clients: their keys authenticate", false),
            new Basic("token.refresh.gated", "refresh tokens: which client gets them", false),
            new Basic("token.introspection.active", "introspection: a client authenticates there", false),
            new Basic("bearer.header.accepted", "FHIR API: the token reads the declared sample (fhir-samples)", false));

    /** The longest the other checks wait for the basics (each basic has its own time limit well within it). */
    private static final Duration LONGEST = Duration.ofMinutes(15);

    private final boolean on;
    private final Set<TestDescriptor> pending = ConcurrentHashMap.newKeySet();
    private volatile String blocked;
    private volatile long deadline;

    private SetupGate(boolean on) {
        this.on = on;
    }

    /** A gate over the basics found under {@code root}; {@code on} false: a gate that never holds a check back. */
    static SetupGate of(TestDescriptor root, boolean on) {
        SetupGate gate = new SetupGate(on);
        if (on) {
            root.getDescendants().stream().filter(SetupGate::isBasic).forEach(gate.pending::add);
        }
        return gate;
    }

    static boolean isBasic(TestDescriptor d) {
        return d instanceof Descriptors.CheckNode c && basic(c.check.info().id()).isPresent();
    }

    static Optional<Basic> basic(String checkId) {
        return BASICS.stream().filter(b -> b.checkId().equals(checkId)).findFirst();
    }

    /** Whether {@code d} may start now: containers and basics always, another check once every basic has ended. */
    boolean mayStart(TestDescriptor d) {
        if (!on || !d.isTest() || isBasic(d) || pending.isEmpty()) {
            return true;
        }
        if (deadline == 0) {
            deadline = System.nanoTime() + LONGEST.toNanos();
        }
        return System.nanoTime() > deadline;
    }

    /** Whether basics come before other checks in the executor's queue. */
    boolean on() {
        return on;
    }

    /** Records how a check ended; a blocking basic that could not be exercised closes the run to the other checks. */
    void ended(TestDescriptor d, Throwable thrown) {
        if (!on || !pending.contains(d)) {
            return;
        }
        TestExecutionResult result = thrown == null ? TestExecutionResult.successful()
                : thrown instanceof org.opentest4j.TestAbortedException ? TestExecutionResult.aborted(thrown)
                : TestExecutionResult.failed(thrown);
        Verdict v = Outcomes.verdictOf(result);
        Basic b = basic(((Descriptors.CheckNode) d).check.info().id()).orElseThrow();
        if (b.blocking() && (v == Verdict.INCONCLUSIVE || v == Verdict.ERROR) && blocked == null) {
            blocked = b.what() + ": " + Outcomes.reasonOf(result).orElse(v.name()).replaceAll("\\s+", " ");
        }
        pending.remove(d);
    }

    /** Why the other checks are not run: the blocking basic that failed, with its reason; empty while the run goes on. */
    Optional<String> blocked(TestDescriptor d) {
        return blocked == null || isBasic(d) ? Optional.empty() : Optional.of(blocked);
    }
}
