package org.hitcert.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hitcert.reference.Flaw;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * One browser login per account at a time (issue 18 A9): against a server that refuses a sign-in while another sign-in
 * of the same account is being verified (the reference's {@code one-login-at-a-time} switch), two flows that log the
 * same user in at the same moment both get their code when they take turns, and at least one is refused when they do
 * not; two shared flows that start together with no signed-in session yet log in once, not twice.
 */
class UserLoginsTest {

    @Test
    void whenALoginHoldsTheTurnThenAnotherLoginOfTheSameAccountWaitsAndOtherAccountsDoNot() throws Exception {
        UserLogins logins = new UserLogins();
        UserLogins.Turn alice = logins.take("alice", Duration.ZERO).orElseThrow();
        assertFalse(alice.waited());
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            assertTrue(other.submit(() -> logins.take("bob", Duration.ZERO).map(t -> {
                t.close();
                return true;
            }).orElse(false)).get(), "another account logs in meanwhile");
            assertFalse(other.submit(() -> logins.take("alice", Duration.ofMillis(100)).isPresent()).get(),
                    "the same account waits, and the wait is bounded");
            Future<Boolean> waiting = other.submit(() -> logins.take("alice", Duration.ofSeconds(10)).map(t -> {
                t.close();
                return t.waited();
            }).orElse(false));
            Thread.sleep(200);
            assertTrue(logins.busy("alice") || !waiting.isDone());
            alice.close();
            assertTrue(waiting.get(10, TimeUnit.SECONDS), "the waiting login got the turn once the first ended, and knows it waited");
        } finally {
            other.shutdownNow();
        }
        try (UserLogins.Turn again = logins.take("alice", Duration.ZERO).orElseThrow();
             UserLogins.Turn nested = logins.take("alice", Duration.ZERO).orElseThrow()) {
            assertFalse(nested.waited(), "a flow that holds the turn may log in inside it");
        }
    }

    @Test
    void whenTwoFlowsLogTheSameUserInAtOnceThenWithTurnsBothGetACodeAndWithoutAtLeastOneIsRefused() throws Exception {
        Assumptions.assumeTrue(ReferenceFlowRig.chromiumInstalled(), "Chromium is not installed");
        try (ReferenceFlowRig rig = new ReferenceFlowRig(EnumSet.of(Flaw.ONE_LOGIN_AT_A_TIME))) {
            List<Browser> browsers = List.of(rig.browser, rig.anotherBrowser());
            UserLogins turns = new UserLogins();
            for (int round = 0; round < 2; round++) {
                List<CodeFlow.Authorization> taking = together(rig, browsers, b -> flow(rig, b, null).takingTurns(turns));
                for (CodeFlow.Authorization a : taking) {
                    assertTrue(a.param("code").isPresent(), "a login that took its turn was refused: " + a.loginProblem()
                            + " at " + a.landedAt());
                }
            }
            boolean refused = false;
            String problem = "";
            for (int round = 0; round < 3 && !refused; round++) {
                for (CodeFlow.Authorization a : together(rig, browsers, b -> flow(rig, b, null))) {
                    if (a.param("code").isEmpty()) {
                        refused = true;
                        problem = a.loginProblem().orElse("") + " at " + a.landedAt();
                    }
                }
            }
            assertTrue(refused, "without turns, two simultaneous logins of one account should meet the server's refusal");
            assertTrue(problem.contains("the page says \"Another sign-in of this account is in progress. Try again later.\""),
                    "the reason quotes the page's error: " + problem);
        }
    }

    @Test
    void whenTwoSharedFlowsStartTogetherWithNoSessionThenTheUserLogsInOnce() throws Exception {
        Assumptions.assumeTrue(ReferenceFlowRig.chromiumInstalled(), "Chromium is not installed");
        try (ReferenceFlowRig rig = new ReferenceFlowRig(EnumSet.of(Flaw.ONE_LOGIN_AT_A_TIME))) {
            List<Browser> browsers = List.of(rig.browser, rig.anotherBrowser(), rig.anotherBrowser());
            SignedInSessions sessions = new SignedInSessions(rig.redactor);
            UserLogins turns = new UserLogins();
            AtomicInteger browserFlows = new AtomicInteger();
            List<CodeFlow.Authorization> all = together(rig, browsers, b -> {
                return new CodeFlow(rig.target, rig.http, () -> {
                    browserFlows.incrementAndGet();
                    return new BrowserSession(b, new EvidenceLog(), rig.redactor, rig.screenshots);
                }, new ClientAuth(System::getenv, rig.redactor), rig.redactor, System::getenv, Duration.ofSeconds(20), sessions)
                        .takingTurns(turns);
            });
            for (CodeFlow.Authorization a : all) {
                assertTrue(a.param("code").isPresent(), "a shared flow got no code: " + a.loginProblem() + " at " + a.landedAt());
            }
            assertEquals(1, browserFlows.get(), "one login in the browser; the other flows came over its session");
            assertEquals(2, sessions.counts()[0], "two codes over the signed-in session");
        }
    }

    private static CodeFlow flow(ReferenceFlowRig rig, Browser b, SignedInSessions sessions) {
        return new CodeFlow(rig.target, rig.http, () -> new BrowserSession(b, new EvidenceLog(), rig.redactor, rig.screenshots),
                new ClientAuth(System::getenv, rig.redactor), rig.redactor, System::getenv, Duration.ofSeconds(8), sessions);
    }

    /** Runs one flow per browser (each reset first), all released at the same moment. */
    private static List<CodeFlow.Authorization> together(ReferenceFlowRig rig, List<Browser> browsers,
                                                         java.util.function.Function<Browser, CodeFlow> flows) throws Exception {
        CyclicBarrier start = new CyclicBarrier(browsers.size());
        ExecutorService pool = Executors.newFixedThreadPool(browsers.size());
        try {
            List<Future<CodeFlow.Authorization>> runs = new ArrayList<>();
            for (Browser b : browsers) {
                b.reset();
                CodeFlow f = flows.apply(b);
                Callable<CodeFlow.Authorization> run = () -> {
                    start.await(30, TimeUnit.SECONDS);
                    return f.authorize(rig.publicClient, rig.defaultUser, Map.of());
                };
                runs.add(pool.submit(run));
            }
            List<CodeFlow.Authorization> out = new ArrayList<>();
            for (Future<CodeFlow.Authorization> r : runs) {
                out.add(r.get(120, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
