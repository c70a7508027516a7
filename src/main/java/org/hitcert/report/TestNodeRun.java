package org.hitcert.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hitcert.model.Consideration;
import org.hitcert.model.Evidence;
import org.hitcert.model.Requirement;
import org.hitcert.model.Verdict;

/**
 * What the listener learns about one TEST node of the plan: a check binding, or a requirement that has no
 * checks (planned or attestation). Mutable; only the listener touches it, under its lock.
 */
final class TestNodeRun {

    enum Status {
        /** Reported a result. */
        FINISHED,
        /** Skipped by the engine (not for being planned). */
        SKIPPED,
        /** No check exists yet. */
        PLANNED,
        /** Never reported a result: the run ended first, or a container above it failed. */
        NOT_RUN;

        String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    final Consideration consideration;
    final Requirement requirement;
    /** The check segment of the unique id ({@code authorize.x} or {@code authorize.x#2}); null for a requirement node. */
    final String key;
    /** The check id without the {@code #n} suffix; null for a requirement node. */
    final String checkId;
    String uniqueId;
    Instant started;
    Instant finished;
    Status status = Status.NOT_RUN;
    Verdict verdict;
    String reason;
    String passReason;
    /** The browser(s) the check ran in, name and version ({@code hitcert.browser}); null for checks without one. */
    String browser;
    final List<Evidence> evidence = new ArrayList<>();
    final List<String> attachments = new ArrayList<>();
    /** Verdicts and reasons of dynamic children, when a check is a container of variants. */
    final List<Verdict> partVerdicts = new ArrayList<>();
    final List<String> partReasons = new ArrayList<>();

    TestNodeRun(Consideration consideration, Requirement requirement, String key) {
        this.consideration = consideration;
        this.requirement = requirement;
        this.key = key;
        this.checkId = key == null ? null : (key.contains("#") ? key.substring(0, key.indexOf('#')) : key);
    }

    boolean isRequirementNode() {
        return key == null;
    }

    boolean hasOutcome() {
        return status != Status.NOT_RUN;
    }

    /** The name of the node in reports: the check key, or the requirement id. */
    String name() {
        return key == null ? requirement.id() : key;
    }

    String defaultUniqueId(String planId) {
        String base = "[engine:hitcert]/[plan:" + planId + "]/[consideration:" + consideration.id() + "]/[requirement:"
                + requirement.id() + "]";
        return key == null ? base : base + "/[check:" + key + "]";
    }

    long durationMs() {
        return started == null || finished == null ? 0 : Math.max(0, Duration.between(started, finished).toMillis());
    }
}
