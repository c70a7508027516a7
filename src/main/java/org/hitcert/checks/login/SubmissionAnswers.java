package org.hitcert.checks.login;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * How long the server took to answer the slowest submission (a POST, PUT or PATCH: a login form or a script's login
 * request) among a browser's network events: from the request's {@code Network.requestWillBeSent} to its answer (its
 * {@code Network.responseReceived}, or the next {@code requestWillBeSent} of the same request id when the answer was a
 * redirect). A tar pit delays exactly that answer; the whole browser flow around it (loading, rendering, typing) is the
 * client's time, which a loaded machine stretches by seconds (Glewlwyd's lockout check read a browser 7 s slower than
 * its baseline as "throttled" while Glewlwyd answered at once, 2026-12-07).
 */
final class SubmissionAnswers {

    private SubmissionAnswers() {
    }

    /** The slowest submission's answer time in milliseconds; empty when the events hold no answered submission. */
    static OptionalLong slowestMillis(List<Map<String, Object>> events) {
        Map<String, Double> sentAt = new HashMap<>();
        long slowest = -1;
        for (Map<String, Object> e : events) {
            if (!(e.get("params") instanceof Map<?, ?> p) || !(p.get("timestamp") instanceof Number ts)) {
                continue;
            }
            String id = String.valueOf(p.get("requestId"));
            String method = String.valueOf(e.get("method"));
            boolean redirected = method.equals("Network.requestWillBeSent") && p.get("redirectResponse") instanceof Map;
            if ((method.equals("Network.responseReceived") || redirected) && sentAt.containsKey(id)) {
                slowest = Math.max(slowest, Math.round((ts.doubleValue() - sentAt.remove(id)) * 1000));
            }
            if (method.equals("Network.requestWillBeSent") && p.get("request") instanceof Map<?, ?> req
                    && List.of("POST", "PUT", "PATCH").contains(String.valueOf(req.get("method")))) {
                sentAt.put(id, ts.doubleValue());
            }
        }
        return slowest < 0 ? OptionalLong.empty() : OptionalLong.of(slowest);
    }
}
