package org.hitcert.checks.code;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An upper bound on the randomness of a set of authorization codes, from what they show (RFC 6749 §10.10, RFC 6819
 * §5.1.4.2.2: at least 128 bits). Pure function.
 *
 * <p>The bound is read from the distribution of the sample, not from the characters that happen to occur: positions
 * the same in every code carry nothing (a UUID's dashes and version digit); the alphabet is the smallest known
 * encoding (decimal, hex, base32, base36, base62, base64url, base64) that holds all the characters of the varying
 * positions but a stray one or two (so one {@code -} does not turn hex into base64url); when the sample is large
 * enough to have shown every symbol of that encoding and a quarter of them never occurred, only the symbols seen
 * count (a generator over a short alphabet); and a position showing far fewer distinct symbols than a uniform one would (a UUID's variant digit)
 * counts only those. A UUIDv4 so scores 122 bits, not 186.
 */
final class CodeEntropy {

    static final int REQUIRED_BITS = 128;

    /** A known encoding of random bytes, by its alphabet. */
    record Encoding(String name, String alphabet) {
        int size() {
            return alphabet.length();
        }
    }

    static final List<Encoding> ENCODINGS = List.of(
            new Encoding("decimal", "0123456789"),
            new Encoding("hex", "0123456789abcdef"),
            new Encoding("upper-case hex", "0123456789ABCDEF"),
            new Encoding("base32", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
            new Encoding("lower-case base32", "abcdefghijklmnopqrstuvwxyz234567"),
            new Encoding("base36", "abcdefghijklmnopqrstuvwxyz0123456789"),
            new Encoding("upper-case base36", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
            new Encoding("base62", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
            new Encoding("base64url", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            new Encoding("base64", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="));

    /**
     * What the sample shows: the encoding taken, the alphabet size that counts, the positions that vary and the bound.
     *
     * @param symbolsSeen distinct characters at varying positions, outliers left out
     * @param capped      varying positions counted below the alphabet (too few distinct symbols for their share)
     */
    record Estimate(int codes, int length, int constant, String encoding, int alphabet, int symbolsSeen, int capped,
                    double bits) {

        String describe() {
            return String.format("%d codes of %d characters: %d position(s) the same in all, the rest %s (%d symbols counted, "
                    + "%d seen)%s: at most %.0f bits", codes, length, constant, encoding, alphabet, symbolsSeen,
                    capped == 0 ? "" : ", " + capped + " position(s) with only a few symbols", bits);
        }
    }

    private CodeEntropy() {
    }

    /** What is wrong with {@code codes}, or empty when they could carry 128 bits. Never quotes a code. */
    static Optional<String> weakness(List<String> codes) {
        if (codes.size() < 2) {
            throw new IllegalArgumentException("need at least two codes");
        }
        if (new HashSet<>(codes).size() < codes.size()) {
            return Optional.of((codes.size() - new HashSet<>(codes).size()) + " of " + codes.size() + " codes repeated an earlier one");
        }
        Estimate e = estimate(codes);
        if (e.bits() < REQUIRED_BITS) {
            return Optional.of(e.describe() + ", fewer than " + REQUIRED_BITS);
        }
        return Optional.empty();
    }

    static Estimate estimate(List<String> codes) {
        int length = codes.stream().mapToInt(String::length).min().orElse(0);
        boolean[] varies = new boolean[length];
        int constant = 0;
        Map<Character, Integer> counts = new HashMap<>();
        int pooled = 0;
        for (int i = 0; i < length; i++) {
            char c = codes.get(0).charAt(i);
            final int at = i;
            varies[i] = !codes.stream().allMatch(s -> s.charAt(at) == c);
            if (!varies[i]) {
                constant++;
                continue;
            }
            for (String s : codes) {
                counts.merge(s.charAt(i), 1, Integer::sum);
                pooled++;
            }
        }
        // a stray character or two (a separator, a check digit) does not change the encoding
        int strays = Math.max(2, pooled / 500);
        Encoding encoding = null;
        for (Encoding candidate : ENCODINGS) {
            int outside = counts.entrySet().stream().filter(en -> candidate.alphabet().indexOf(en.getKey()) < 0)
                    .mapToInt(Map.Entry::getValue).sum();
            if (outside <= strays) {
                encoding = candidate;
                break;
            }
        }
        Set<Character> inside = new HashSet<>();
        final Encoding enc = encoding;
        counts.keySet().stream().filter(ch -> enc == null || enc.alphabet().indexOf(ch) >= 0).forEach(inside::add);
        int size = encoding == null ? counts.size() : encoding.size();
        // with five draws per symbol a uniform generator has shown (nearly) every symbol; a quarter missing is a short alphabet
        int alphabet = encoding != null && pooled >= 5 * size && inside.size() * 4 < size * 3 ? inside.size() : size;
        double perSymbol = Math.log(Math.max(alphabet, 1)) / Math.log(2);
        double bits = 0;
        int capped = 0;
        int n = codes.size();
        double expectedDistinct = alphabet * (1 - Math.pow(1 - 1.0 / Math.max(alphabet, 1), n));
        for (int i = 0; i < length; i++) {
            if (!varies[i]) {
                continue;
            }
            final int at = i;
            long distinct = codes.stream().map(s -> s.charAt(at)).distinct().count();
            if (distinct <= expectedDistinct / 2) {
                bits += Math.ceil(Math.log(distinct) / Math.log(2)); // whole bits: 3 variant digits seen of 4 still count 2
                capped++;
            } else {
                bits += perSymbol;
            }
        }
        return new Estimate(n, length, constant, encoding == null ? "over " + counts.size() + " symbols"
                : encoding.name() + "-like", alphabet, inside.size(), capped, bits);
    }

    static String describe(List<String> codes) {
        return estimate(codes).describe();
    }
}
