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

    /** True when a value is present and no problem is an ERROR. */
    public boolean ok() {
        return value.isPresent() && problems.stream().noneMatch(p -> p.severity() == Problem.Severity.ERROR);
    }
}
