package org.hitcert.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hitcert.report.ReportDiff;

/**
 * {@code ./run-suite.sh doctor}: whether a candidate file is set up well enough for a run to decide anything, told by
 * running the few checks that each exercise one basic of the setup (TLS trust, discovery, the login steps with the
 * registered callback, the clients' authentication, refresh tokens, the FHIR samples) through the same engine as a run,
 * and reading what they could not do. A check that decided (PASS, FAIL, NOT_APPLICABLE) shows the basic works: a FAIL is
 * a finding for the run, not a setup problem. One that could not (INCONCLUSIVE, ERROR) is a problem, with its reason,
 * which names what to add or fix.
 */
final class Preflight {

    /** One basic of the setup and the check whose run exercises it; a {@code blocking} one failing makes a run pointless. */
    record Item(String checkId, String basic, boolean blocking) {
    }

    static final List<Item> ITEMS = List.of(
            new Item("transport.certificates.valid", "TLS: each host's certificate is trusted (trust-anchor)", true),
            new Item("discovery.oidc.consistent", "discovery: the issuer's metadata is served", true),
            new Item("token.response.members", "login: the default user completes the login steps through the public "
                    + "client and its callback, and the code redeems", true),
            new Item("login.consent.first-authorization", "consent: whether a consent page appears, and the consent steps", false),
            new Item("token.client-credentials.no-refresh", "backend client: authenticates with client_credentials", false),
            new Item("clientauth.assertion.baseline", "private_key_jwt clients: their keys authenticate", false),
            new Item("token.refresh.gated", "refresh tokens: which client gets them", false),
            new Item("token.introspection.active", "introspection: a client authenticates there", false),
            new Item("bearer.header.accepted", "FHIR API: the token reads the declared sample (fhir-samples)", false));

    /** The checks a preflight runs. */
    static List<String> checkIds() {
        return ITEMS.stream().map(Item::checkId).toList();
    }

    /** What the preflight found: a line per basic, and whether a blocking one has a problem. */
    record Findings(List<String> lines, boolean blocked, int problems) {
    }

    /** Reads the preflight run's report.json. */
    static Findings of(JsonNode report) {
        Map<String, ReportDiff.Outcome> checks = ReportDiff.outcomes(report);
        List<String> lines = new ArrayList<>();
        boolean blocked = false;
        int problems = 0;
        for (Item item : ITEMS) {
            ReportDiff.Outcome ch = checks.get(item.checkId());
            if (ch == null) {
                lines.add("  -        " + item.basic() + ": not in the plan");
                continue;
            }
            String reason = oneLine(ch.reason());
            switch (ch.verdict()) {
                case "PASS" -> lines.add("  ok       " + item.basic() + ": " + shortened(reason));
                case "FAIL" -> lines.add("  ok       " + item.basic() + " (works; the run will report a finding: " + reason + ")");
                case "NOT_APPLICABLE" -> lines.add("  n/a      " + item.basic() + ": " + reason);
                default -> {
                    problems++;
                    blocked |= item.blocking();
                    lines.add((item.blocking() ? "  PROBLEM  " : "  warning  ") + item.basic() + ": " + reason
                            + " [" + item.checkId() + "]");
                }
            }
        }
        return new Findings(lines, blocked, problems);
    }

    private static String shortened(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "…" : s;
    }

    /** One line, with URL queries elided: the cause (which step found nothing, what the server said) stays in view. */
    static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ").replaceAll("(https?://[^\\s?]+)\\?[^\\s)]*", "$1?…").strip();
        return t.length() > 400 ? t.substring(0, 400) + "…" : t;
    }

    private Preflight() {
    }
}
