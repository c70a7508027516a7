package org.hitcert.model;

import java.util.List;
import java.util.Objects;

/**
 * A testable statement under a consideration.
 *
 * @param kind    {@code automated}: checks decide it; {@code attestation}: only a human's evidence can
 * @param status  {@code active}: its checks run; {@code planned}: no check exists yet, reported as such
 * @param evidence for attestations: what the tester must attach
 * @param profiles the plan profiles (e.g. smart, heart) this requirement belongs to; empty: every candidate.
 *                 A requirement with profiles is assessed only when the candidate claims one of them.
 */
public record Requirement(String id, String title, Level level, List<String> sources, Kind kind, Status status,
                          List<CheckBinding> checks, String evidence, List<String> profiles, Location location) {

    public enum Kind { AUTOMATED, ATTESTATION }

    public enum Status { ACTIVE, PLANNED }

    public Requirement {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(level, "level");
        sources = List.copyOf(sources);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        checks = List.copyOf(checks);
        evidence = evidence == null ? "" : evidence;
        profiles = List.copyOf(profiles);
        Objects.requireNonNull(location, "location");
    }

    /** A requirement that applies to every candidate, whatever profiles it claims. */
    public Requirement(String id, String title, Level level, List<String> sources, Kind kind, Status status,
                       List<CheckBinding> checks, String evidence, Location location) {
        this(id, title, level, sources, kind, status, checks, evidence, List.of(), location);
    }

    /** This requirement with only these checks. */
    public Requirement withChecks(List<CheckBinding> kept) {
        return new Requirement(id, title, level, sources, kind, status, kept, evidence, profiles, location);
    }
}
