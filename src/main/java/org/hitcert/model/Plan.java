package org.hitcert.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A certification plan: the considerations of a guidance document, each with testable requirements and
 * the checks that decide them. Plain data: it knows nothing of files, HTTP or JUnit beyond the
 * {@link Location} of each node.
 */
public record Plan(String id, String title, String document, java.util.Map<String, String> profiles,
                   List<Consideration> considerations, Location location) {

    /**
     * @param profiles profile id → what claiming it means (e.g. smart → SMART App Launch); requirements may belong
     *                 to profiles, and are then assessed only for candidates that claim one of them
     */
    public Plan {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        profiles = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(profiles));
        considerations = List.copyOf(considerations);
        Objects.requireNonNull(location, "location");
    }

    /** A plan without profiles: every requirement applies to every candidate. */
    public Plan(String id, String title, String document, List<Consideration> considerations, Location location) {
        this(id, title, document, java.util.Map.of(), considerations, location);
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
                    reqs.add(r.withChecks(checks));
                }
            }
            if (!reqs.isEmpty()) {
                kept.add(new Consideration(c.id(), c.title(), c.text(), reqs, c.location()));
            }
        }
        return new Plan(id, title, document, profiles, kept, location);
    }

    public Optional<Consideration> consideration(String considerationId) {
        return considerations.stream().filter(c -> c.id().equals(considerationId)).findFirst();
    }
}
