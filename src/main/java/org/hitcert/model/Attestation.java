package org.hitcert.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A vendor's answer to an attestation requirement, from an attestations file: what they state, who states it
 * and when, and the files that back it. It never decides a verdict: the requirement stays ATTESTATION, now
 * "evidence supplied, awaiting the tester's review" instead of "awaiting evidence".
 *
 * @param attachments files (resolved against the attestations file's folder) copied into the report
 */
public record Attestation(String requirementId, String statement, String attestedBy, String date,
                          List<Path> attachments, Location location) {

    public Attestation {
        Objects.requireNonNull(requirementId, "requirementId");
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(attestedBy, "attestedBy");
        Objects.requireNonNull(date, "date");
        attachments = List.copyOf(attachments);
        Objects.requireNonNull(location, "location");
    }

    /** The one-line reason the report shows for the requirement. */
    public String reason() {
        return "evidence supplied by " + attestedBy + " on " + date
                + (attachments.isEmpty() ? "" : " with " + attachments.size() + " attachment"
                + (attachments.size() == 1 ? "" : "s"))
                + "; awaiting the tester's review (an attestation is never a PASS)";
    }
}
