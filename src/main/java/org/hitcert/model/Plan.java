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

    /**
     * This plan cut down to {@code ids} (consideration, requirement or check ids): a consideration or
     * requirement named keeps everything under it; a check named keeps just its bindings. Empty ids keep all.
     */
    public Plan only(java.util.Collection<String> ids) {
        if (ids.isEmpty()) {
            return this;
        }
        List<Consideration> kept = new java.util.ArrayList<>();
        for (Consideration c : considerations) {
            List<Requirement> reqs = new java.util.ArrayList<>();
            for (Requirement r : c.requirements()) {
                if (ids.contains(c.id()) || ids.contains(r.id())) {
                    reqs.add(r);
                    continue;
                }
                List<CheckBinding> checks = r.checks().stream().filter(b -> ids.contains(b.checkId())).toList();
                if (!checks.isEmpty()) {
                    reqs.add(new Requirement(r.id(), r.title(), r.level(), r.sources(), r.kind(), r.status(), checks,
                            r.evidence(), r.location()));
                }
            }
            if (!reqs.isEmpty()) {
                kept.add(new Consideration(c.id(), c.title(), c.text(), reqs, c.location()));
            }
        }
        return new Plan(id, title, document, kept, location);
    }

    public Optional<Consideration> consideration(String considerationId) {
        return considerations.stream().filter(c -> c.id().equals(considerationId)).findFirst();
    }
}
