package org.hitcert.load;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.hitcert.model.Problem;

/**
 * The result of loading one input file: the model value when the file is sound, and every problem found
 * in it (sorted by position), so a user can fix them all in one go.
 *
 * @param value    present only when the file has no ERROR problem
 * @param problems every problem of the file, errors and warnings, in file order
 */
public record Loaded<T>(Optional<T> value, List<Problem> problems) {

    public Loaded {
        Objects.requireNonNull(value, "value");
        problems = List.copyOf(problems);
    }

    /**
     * Reads {@code file} as YAML and builds its value with {@code build}, never throwing: a file that cannot
     * be read or parsed, and an unexpected failure of {@code build}, come back as problems.
     */
    static <T> Loaded<T> fromYaml(java.nio.file.Path file, String what,
                                  java.util.function.BiFunction<Validation, Node, Loaded<T>> build) {
        Objects.requireNonNull(file, "file");
        List<Problem> readProblems = new java.util.ArrayList<>();
        Optional<Node> root = YamlReader.read(file, readProblems);
        Validation v = new Validation();
        v.addAll(readProblems);
        if (root.isEmpty()) {
            return new Loaded<>(Optional.empty(), v.problems());
        }
        try {
            return build.apply(v, root.get());
        } catch (RuntimeException e) {
            v.error(root.get().location(), "internal error while loading the " + what + ": " + e);
            return new Loaded<>(Optional.empty(), v.problems());
        }
    }

    /** True when a value is present and no problem is an ERROR. */
    public boolean ok() {
        return value.isPresent() && problems.stream().noneMatch(p -> p.severity() == Problem.Severity.ERROR);
    }
}
