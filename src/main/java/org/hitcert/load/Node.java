package org.hitcert.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hitcert.model.Location;

/** A parsed YAML node that knows where it came from. Only what the loaders need: no anchors, no tags. */
sealed interface Node permits Node.Scalar, Node.Seq, Node.Mapping {

    Location location();

    /** How a YAML reader would type the scalar; {@code text} is always its source text. */
    enum ScalarKind { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

    record Scalar(ScalarKind kind, String text, Location location) implements Node {
    }

    record Seq(List<Node> items, Location location) implements Node {
        public Seq {
            items = List.copyOf(items);
        }
    }

    /** A mapping key with its own location, and its value. */
    record Entry(String key, Location keyLocation, Node value) {
    }

    /** Keys in file order; a duplicated key keeps its first entry (the reader reports the second). */
    record Mapping(Map<String, Entry> entries, Location location) implements Node {
        public Mapping {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        Optional<Entry> entry(String key) {
            return Optional.ofNullable(entries.get(key));
        }
    }

    /** How a message names a node's type: "a string", "a list", ... */
    static String describe(Node node) {
        if (node instanceof Mapping) {
            return "a mapping";
        }
        if (node instanceof Seq) {
            return "a list";
        }
        Scalar s = (Scalar) node;
        return switch (s.kind()) {
            case STRING -> "a string";
            case INTEGER -> "an integer";
            case FLOAT -> "a decimal number";
            case BOOLEAN -> "a boolean";
            case NULL -> "nothing (empty value)";
        };
    }
}
