package org.hitcert.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A certification plan: the considerations of a guidance document, each with testable requirements and
 * the checks that decide them. Plain data: it knows nothing of files, HTTP or JUnit beyond the
 * {@link Location} of each node.
 */
public record Plan(String id, String title, String document, List<Consideration> considerations, Location location) {

    public Plan {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        considerations = List.copyOf(considerations);
        Objects.requireNonNull(location, "location");
    }

    public Optional<Requirement> requirement(String requirementId) {
        return considerations.stream().flatMap(c -> c.requirements().stream())
                .filter(r -> r.id().equals(requirementId)).findFirst();
    }

    public Optional<Consideration> consideration(String considerationId) {
        return considerations.stream().filter(c -> c.id().equals(considerationId)).findFirst();
    }
}
