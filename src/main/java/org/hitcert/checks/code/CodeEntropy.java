package org.hitcert.checks.code;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An upper bound on the randomness of a set of authorization codes, from what they show: length, alphabet, positions
 * that never change, repeats (RFC 6749 §10.10, RFC 6819 §5.1.4.2.2: at least 128 bits). Pure function.
 */
final class CodeEntropy {

    static final int REQUIRED_BITS = 128;
    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";

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
        int minLength = codes.stream().mapToInt(String::length).min().orElse(0);
        int constant = 0;
        for (int i = 0; i < minLength; i++) {
            char c = codes.get(0).charAt(i);
            final int at = i;
            if (codes.stream().allMatch(s -> s.charAt(at) == c)) {
                constant++;
            }
        }
        int alphabet = alphabetSize(codes);
        double bits = (minLength - constant) * (Math.log(alphabet) / Math.log(2));
        if (bits < REQUIRED_BITS) {
            return Optional.of(String.format("%d codes of %d characters over an alphabet of %d symbols, %d position(s) the same in "
                    + "all: at most %.0f bits, fewer than %d", codes.size(), minLength, alphabet, constant, bits, REQUIRED_BITS));
        }
        return Optional.empty();
    }

    /** The size of the smallest usual alphabet holding every character seen, else the number of distinct characters. */
    static int alphabetSize(List<String> codes) {
        Set<Character> seen = new HashSet<>();
        codes.forEach(s -> s.chars().forEach(c -> seen.add((char) c)));
        for (String[] a : new String[][] {{"0123456789"}, {"0123456789abcdef"}, {"0123456789ABCDEF"},
                {"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"}, {"abcdefghijklmnopqrstuvwxyz0123456789"},
                {"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"}, {BASE64URL}, {BASE64}}) {
            if (seen.stream().allMatch(c -> a[0].indexOf(c) >= 0)) {
                return a[0].length();
            }
        }
        return seen.size();
    }

    static String describe(List<String> codes) {
        int min = codes.stream().mapToInt(String::length).min().orElse(0);
        return codes.size() + " distinct codes of " + min + "+ characters over an alphabet of " + alphabetSize(codes) + " symbols";
    }
}
