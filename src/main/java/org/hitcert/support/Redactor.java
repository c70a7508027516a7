package org.hitcert.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in everything that becomes evidence: the values it was told about (client secrets,
 * passwords, private keys, and every code and token the run obtains), and, by shape, any value of a
 * secret-bearing parameter, header or JSON member, and anything that looks like a JWT. A masked value
 * keeps a short fingerprint ({@code «secret sha256:1a2b3c4d»}) so an auditor can correlate occurrences.
 */
public final class Redactor {

    private static final String NAMES =
            "access_token|refresh_token|id_token|code|client_secret|password|client_assertion|code_verifier|assertion|token|subject_token"
                    + "|registration_access_token";
    /** name=value in a query, form or fragment; the name's start is its own group, not a look-behind (slow at every position). */
    private static final Pattern FORM = Pattern.compile("((?:^|[?&#\\s])(?:" + NAMES + ")=)([^&\\s\"'<]+)");
    private static final Pattern JSON = Pattern.compile("(\"(?:" + NAMES + "|d|p|q|dp|dq|qi|k)\"\\s*:\\s*\")([^\"]*)(\")");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*");
    private static final Pattern AUTH_HEADER = Pattern.compile("(?i)((?:authorization:\\s*)?(?:Bearer|Basic|DPoP)\\s+)([A-Za-z0-9._~+/-]{6,}=*)(?![\"\\w])");

    /**
     * With the system property {@code hitcert.test.collect-secrets=true} (the suite's own tests only), every
     * registered secret is also kept here, so a test can prove that none reached a report.
     */
    static final java.util.Set<String> COLLECTED = ConcurrentHashMap.newKeySet();

    /** Each registered secret and its mask (computed once, when the secret is registered). */
    private final Map<String, String> known = new ConcurrentHashMap<>();

    /** Remember a value to mask wherever it appears. Values shorter than 6 characters are masked only by shape. */
    public void register(String value, String label) {
        if (value != null && value.length() >= MIN) {
            known.computeIfAbsent(value, v -> mask(label, v));
            if (Boolean.getBoolean("hitcert.test.collect-secrets")) {
                COLLECTED.add(value);
            }
        }
    }

    /** Registers every secret the candidate's clients and users hold that {@code environment} resolves. */
    public void registerSecretsOf(java.util.List<org.hitcert.model.Candidate.ClientSpec> clients,
                                  java.util.List<org.hitcert.model.Candidate.UserSpec> users,
                                  java.util.function.Function<String, String> environment) {
        for (org.hitcert.model.Candidate.ClientSpec c : clients) {
            c.secret().flatMap(s -> s.resolve(environment)).ifPresent(v -> register(v, "client secret"));
            c.privateKey().flatMap(s -> s.resolve(environment)).ifPresent(v -> register(v, "private key"));
        }
        for (org.hitcert.model.Candidate.UserSpec u : users) {
            u.password().resolve(environment).ifPresent(v -> register(v, "password"));
            u.totpSecret().flatMap(s -> s.resolve(environment)).ifPresent(v -> register(v, "TOTP secret"));
        }
    }

    /** The secrets collected under {@code hitcert.test.collect-secrets} (empty otherwise). */
    public static java.util.Set<String> collectedForTests() {
        return java.util.Set.copyOf(COLLECTED);
    }

    public String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = replaceKnown(text);
        if (out.contains("eyJ")) {
            out = replace(JWT, out, m -> mask("jwt", m.group()));
        }
        out = replace(AUTH_HEADER, out, m -> looksLikeCredential(m.group(2))
                || m.group(1).toLowerCase(java.util.Locale.ROOT).startsWith("authorization")
                ? m.group(1) + maskIfClear(m.group(2)) : m.group());
        if (out.indexOf('=') >= 0) {
            out = replace(FORM, out, m -> m.group(1) + maskIfClear(m.group(2)));
        }
        if (out.indexOf('"') >= 0) {
            out = replace(JSON, out, m -> m.group(1) + maskIfClear(m.group(2)) + m.group(3));
        }
        return out;
    }

    /**
     * The known secrets, indexed for one pass over a text: by their first {@value #MIN} characters, behind a table of
     * their first two characters that rules out almost every position at once. Rebuilt when a secret is registered.
     */
    private record Index(int size, boolean[] pairs, Map<String, java.util.List<String>> byPrefix) {
    }

    private static final int MIN = 6;
    private volatile Index index;

    private static int pair(char a, char b) {
        return (a * 31 + b) & 0xFFFF;
    }

    private Index index() {
        Index ix = index;
        int size = known.size();
        if (ix != null && ix.size() == size) {
            return ix;
        }
        boolean[] pairs = new boolean[0x10000];
        Map<String, java.util.List<String>> byPrefix = new java.util.HashMap<>();
        int indexed = 0;
        for (String v : known.keySet()) {
            pairs[pair(v.charAt(0), v.charAt(1))] = true;
            byPrefix.computeIfAbsent(v.substring(0, MIN), k -> new java.util.ArrayList<>()).add(v);
            indexed++;
        }
        // the longest secret first where several start alike
        byPrefix.values().forEach(l -> l.sort(java.util.Comparator.comparingInt(String::length).reversed()));
        ix = new Index(indexed, pairs, byPrefix);
        index = ix;
        return ix;
    }

    /** Every occurrence of a known secret masked, the longest one where two start at the same place. */
    private String replaceKnown(String text) {
        Index ix = index();
        if (ix.byPrefix().isEmpty() || text.length() < MIN) {
            return text;
        }
        StringBuilder sb = null;
        int last = 0;
        int i = 0;
        while (i + MIN <= text.length()) {
            if (ix.pairs()[pair(text.charAt(i), text.charAt(i + 1))]) {
                java.util.List<String> candidates = ix.byPrefix().get(text.substring(i, i + MIN));
                String hit = null;
                if (candidates != null) {
                    for (String c : candidates) {
                        if (text.startsWith(c, i)) {
                            hit = c;
                            break;
                        }
                    }
                }
                if (hit != null) {
                    if (sb == null) {
                        sb = new StringBuilder(text.length());
                    }
                    sb.append(text, last, i).append(known.get(hit));
                    i += hit.length();
                    last = i;
                    continue;
                }
            }
            i++;
        }
        if (sb == null) {
            return text;
        }
        return sb.append(text, last, text.length()).toString();
    }

    /** A mask for {@code value}: a label and the first 8 hex digits of its SHA-256. */
    public static String mask(String label, String value) {
        return "«" + label + " sha256:" + fingerprint(value) + "»";
    }

    public static String fingerprint(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Prose such as "a Bearer challenge" is left alone: credentials are long, or carry digits or symbols. */
    private static boolean looksLikeCredential(String value) {
        return value.length() >= 16 || value.chars().anyMatch(c -> Character.isDigit(c) || "=._~+/-".indexOf(c) >= 0);
    }

    private static String maskIfClear(String value) {
        return value.startsWith("«") || value.isEmpty() ? value : mask("secret", value);
    }

    private static String replace(Pattern pattern, String text, java.util.function.Function<Matcher, String> with) {
        Matcher m = pattern.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(with.apply(m)));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
