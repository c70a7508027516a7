package org.hitcert.checks.crosssite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a page's anti-framing and related headers (RFC 9700 §4.16; RFC 6749 §10.13): X-Frame-Options and
 * Content-Security-Policy frame-ancestors, Referrer-Policy. Pure decision logic over recorded header values.
 */
final class AntiFraming {

    private static final Pattern FRAME_ANCESTORS = Pattern.compile("(?i)(?:^|;)\\s*frame-ancestors\\s+([^;]*)");

    private AntiFraming() {
    }

    /** What protects the page from being framed by another site; empty when nothing does. */
    static Optional<String> protection(Optional<String> xFrameOptions, List<String> csp) {
        List<String> found = new ArrayList<>();
        xFrameOptions.map(v -> v.trim().toUpperCase(Locale.ROOT))
                .filter(v -> v.equals("DENY") || v.equals("SAMEORIGIN"))
                .ifPresent(v -> found.add("X-Frame-Options: " + v));
        frameAncestors(csp).filter(AntiFraming::restrictive).ifPresent(v -> found.add("CSP frame-ancestors " + v));
        return found.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", found));
    }

    static Optional<String> frameAncestors(List<String> csp) {
        for (String policy : csp) {
            Matcher m = FRAME_ANCESTORS.matcher(policy);
            if (m.find()) {
                return Optional.of(m.group(1).trim());
            }
        }
        return Optional.empty();
    }

    /** A frame-ancestors source list that does not admit any site: no '*', no bare scheme such as https:. */
    static boolean restrictive(String sources) {
        if (sources.isBlank()) {
            return false;
        }
        for (String s : sources.trim().split("\\s+")) {
            String v = s.toLowerCase(Locale.ROOT);
            if (v.equals("*") || v.matches("[a-z][a-z0-9+.-]*:") || v.startsWith("*")) {
                return false;
            }
        }
        return true;
    }

    /** Referrer policies that keep a page's URL (and any code or state in it) from other sites. */
    static boolean restrictiveReferrerPolicy(Optional<String> policy) {
        return policy.map(p -> {
            String[] tokens = p.toLowerCase(Locale.ROOT).split(",");
            String last = tokens[tokens.length - 1].trim(); // the last recognised token wins
            return List.of("no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin", "origin")
                    .contains(last);
        }).orElse(false);
    }
}
