package org.hitcert.load;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hitcert.model.Location;
import org.hitcert.model.Problem;
import org.hitcert.model.SecretRef;

/**
 * Collects the problems of one file and converts nodes to Java values, reporting (never throwing) when a
 * node has the wrong shape. Every conversion returns empty once it has reported why.
 */
final class Validation {

    static final Pattern ENV_REF = Pattern.compile("\\$\\{env:([^}]*)}");
    static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");

    private final List<Problem> problems = new ArrayList<>();

    void error(Location at, String message) {
        problems.add(Problem.error(at, message));
    }

    void addAll(List<Problem> more) {
        problems.addAll(more);
    }

    boolean hasErrors() {
        return problems.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
    }

    /** Problems in file order; those without a position (line 0) first. */
    List<Problem> problems() {
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt((Problem p) -> p.location().line())
                .thenComparingInt(p -> p.location().column()));
        return sorted;
    }

    <T> Loaded<T> result(java.util.function.Supplier<T> build) {
        if (hasErrors()) {
            return new Loaded<>(Optional.empty(), problems());
        }
        return new Loaded<>(Optional.of(build.get()), problems());
    }

    static String q(String s) {
        return "'" + s + "'";
    }

    private void wrongType(String label, Node node, String expected) {
        error(node.location(), label + " must be " + expected + ", not " + Node.describe(node));
    }

    Optional<Node.Mapping> mapping(String label, Node node, String expected) {
        if (node instanceof Node.Mapping m) {
            return Optional.of(m);
        }
        wrongType(label, node, expected);
        return Optional.empty();
    }

    Optional<Node.Seq> list(String label, Node node, String expected) {
        if (node instanceof Node.Seq s) {
            return Optional.of(s);
        }
        wrongType(label, node, expected);
        return Optional.empty();
    }

    /** A non-empty list; an empty one is reported with {@code whyNotEmpty}. */
    Optional<Node.Seq> nonEmptyList(String label, Node node, String expected, String whyNotEmpty) {
        Optional<Node.Seq> seq = list(label, node, expected);
        if (seq.isPresent() && seq.get().items().isEmpty()) {
            error(node.location(), label + " must not be empty; " + whyNotEmpty);
            return Optional.empty();
        }
        return seq;
    }

    /** Any non-empty scalar, as its source text: {@code client-id: 12345} is a string too. */
    Optional<String> string(String label, Node node) {
        if (node instanceof Node.Scalar s && s.kind() != Node.ScalarKind.NULL) {
            return Optional.of(s.text());
        }
        wrongType(label, node, "a string");
        return Optional.empty();
    }

    Optional<String> matching(String label, Node node, Pattern pattern, String what) {
        return string(label, node).filter(s -> {
            if (pattern.matcher(s).matches()) {
                return true;
            }
            error(node.location(), label + " must be " + what + ", not " + q(s));
            return false;
        });
    }

    Optional<Long> integer(String label, Node node) {
        if (node instanceof Node.Scalar s && s.kind() == Node.ScalarKind.INTEGER) {
            try {
                return Optional.of(parseLong(s.text()));
            } catch (NumberFormatException e) {
                error(node.location(), label + " must be an integer between " + Long.MIN_VALUE + " and "
                        + Long.MAX_VALUE + ", not " + s.text());
                return Optional.empty();
            }
        }
        wrongType(label, node, "an integer");
        return Optional.empty();
    }

    private static long parseLong(String text) {
        String t = text.replace("_", "");
        boolean negative = t.startsWith("-");
        if (t.startsWith("+") || t.startsWith("-")) {
            t = t.substring(1);
        }
        BigInteger v;
        if (t.startsWith("0x")) {
            v = new BigInteger(t.substring(2), 16);
        } else if (t.startsWith("0o")) {
            v = new BigInteger(t.substring(2), 8);
        } else if (t.startsWith("0b")) {
            v = new BigInteger(t.substring(2), 2);
        } else {
            v = new BigInteger(t);
        }
        return (negative ? v.negate() : v).longValueExact();
    }

    Optional<Boolean> bool(String label, Node node) {
        if (node instanceof Node.Scalar s && s.kind() == Node.ScalarKind.BOOLEAN) {
            return Optional.of(Boolean.parseBoolean(s.text().toLowerCase(java.util.Locale.ROOT)));
        }
        wrongType(label, node, "true or false");
        return Optional.empty();
    }

    Optional<String> oneOf(String label, Node node, List<String> allowed) {
        return string(label, node).filter(s -> {
            if (allowed.contains(s)) {
                return true;
            }
            error(node.location(), label + " must be one of " + String.join(", ", allowed) + ", not " + q(s));
            return false;
        });
    }

    /** {@code ${env:NAME}}; a literal is refused without echoing it, since it may be a real secret. */
    Optional<SecretRef> envSecret(String label, Node node, String exampleName) {
        if (!(node instanceof Node.Scalar s) || s.kind() == Node.ScalarKind.NULL) {
            wrongType(label, node, "an environment reference like ${env:" + exampleName + "}");
            return Optional.empty();
        }
        Matcher m = ENV_REF.matcher(s.text());
        if (!m.matches()) {
            error(node.location(), label + " must be an environment reference like ${env:" + exampleName
                    + "}, not a literal value: secrets never live in files");
            return Optional.empty();
        }
        return envName(label, node, m.group(1)).map(SecretRef::env);
    }

    Optional<String> envName(String label, Node node, String name) {
        if (ENV_NAME.matcher(name).matches()) {
            return Optional.of(name);
        }
        error(node.location(), label + " names the environment variable " + q(name)
                + ", which is not a valid name; names match [A-Z_][A-Z0-9_]*, e.g. ${env:"
                + name.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9_]", "_") + "}");
        return Optional.empty();
    }

    /** Reads a mapping's keys, reporting unknown ones at once, and missing ones as they are asked for. */
    Fields fields(Node.Mapping mapping, String owner, List<String> allowed) {
        for (Node.Entry e : mapping.entries().values()) {
            if (!allowed.contains(e.key())) {
                error(e.keyLocation(), "unknown key " + q(e.key()) + suggestion(e.key(), allowed)
                        .map(s -> "; did you mean " + q(s) + "?")
                        .orElse("; expected one of: " + String.join(", ", allowed)));
            }
        }
        return new Fields(mapping, owner);
    }

    final class Fields {
        private final Node.Mapping mapping;
        private final String owner;

        private Fields(Node.Mapping mapping, String owner) {
            this.mapping = mapping;
            this.owner = owner;
        }

        Node.Mapping mapping() {
            return mapping;
        }

        String owner() {
            return owner;
        }

        boolean has(String key) {
            return mapping.entries().containsKey(key);
        }

        Optional<Node> get(String key) {
            return mapping.entry(key).map(Node.Entry::value);
        }

        Location keyLocation(String key) {
            return mapping.entry(key).map(Node.Entry::keyLocation).orElse(mapping.location());
        }

        /** The value, or empty after reporting "{owner} has no '{key}'; expected {expected}". */
        Optional<Node> require(String key, String expected) {
            Optional<Node> value = get(key);
            if (value.isEmpty()) {
                missing(key, "expected " + expected);
            }
            return value;
        }

        void missing(String key, String whatWouldBeRight) {
            error(mapping.location(), owner + " has no " + q(key) + "; " + whatWouldBeRight);
        }

        Optional<String> string(String key) {
            return get(key).flatMap(n -> Validation.this.string(q(key), n));
        }

        Optional<String> requireString(String key, String expected) {
            return require(key, expected).flatMap(n -> Validation.this.string(q(key), n));
        }
    }

    /** The closest of {@code candidates} within edit distance 2, for "did you mean". */
    static Optional<String> suggestion(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = 3;
        for (String c : candidates) {
            int d = distance(word, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
