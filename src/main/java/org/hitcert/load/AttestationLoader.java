package org.hitcert.load;

import static org.hitcert.load.Validation.q;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hitcert.model.Attestation;
import org.hitcert.model.Location;
import org.hitcert.model.Plan;
import org.hitcert.model.Problem;
import org.hitcert.model.Requirement;

/**
 * Reads an attestations file: the vendor's answers to the plan's attestation requirements.
 *
 * <pre>
 * hitcert-attestations: 1                required; the format version
 * answers:                               required, non-empty
 *   - requirement: THREAT-MONITORING     required; an attestation requirement of the plan, answered once
 *     statement: ...                     required; what the vendor states
 *     attested-by: Jane Doe, CISO        required; who states it
 *     date: 2026-10-01                   required; ISO date (YYYY-MM-DD)
 *     attachments: [audit-log.txt]       optional; files relative to this file, each at most 10 MiB
 * </pre>
 *
 * Which requirements exist is the plan's business: {@link #problems(Plan, List)} checks the answers against it.
 */
public final class AttestationLoader {

    static final List<String> FILE_KEYS = List.of("hitcert-attestations", "answers");
    static final List<String> ANSWER_KEYS = List.of("requirement", "statement", "attested-by", "date", "attachments");
    static final long MAX_ATTACHMENT_BYTES = 10L * 1024 * 1024;
    private static final Pattern REQUIREMENT_ID = Pattern.compile("[A-Z0-9-]+");

    /** Never throws: every problem of the file comes back located. */
    public Loaded<List<Attestation>> load(Path file) {
        return Loaded.fromYaml(file, "attestations file", (v, root) -> new Run(v, file).answers(root));
    }

    /** Answers to requirements the plan lacks, to requirements that checks decide, and second answers. */
    public static List<Problem> problems(Plan plan, List<Attestation> answers) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Location> seen = new HashMap<>();
        for (Attestation a : answers) {
            Optional<Requirement> r = plan.requirement(a.requirementId());
            if (r.isEmpty()) {
                problems.add(Problem.error(a.location(), "requirement " + q(a.requirementId()) + " is not in plan "
                        + plan.id() + "; answer one of its attestation requirements: " + String.join(", ",
                        attestationIds(plan))));
            } else if (r.get().kind() != Requirement.Kind.ATTESTATION) {
                problems.add(Problem.error(a.location(), "requirement " + q(a.requirementId()) + " is decided by "
                        + "checks, not by a statement; answer only attestation requirements: "
                        + String.join(", ", attestationIds(plan))));
            } else if (seen.putIfAbsent(a.requirementId(), a.location()) != null) {
                problems.add(Problem.error(a.location(), "requirement " + q(a.requirementId()) + " is answered twice "
                        + "(first at " + seen.get(a.requirementId()) + "); keep one answer"));
            }
        }
        return problems;
    }

    private static List<String> attestationIds(Plan plan) {
        return plan.considerations().stream().flatMap(c -> c.requirements().stream())
                .filter(r -> r.kind() == Requirement.Kind.ATTESTATION).map(Requirement::id).toList();
    }

    private static final class Run {
        private final Validation v;
        private final Path file;

        Run(Validation v, Path file) {
            this.v = v;
            this.file = file;
        }

        Loaded<List<Attestation>> answers(Node root) {
            if (!(root instanceof Node.Mapping m)) {
                v.error(root.location(), "an attestations file must be a mapping with hitcert-attestations and "
                        + "answers, not " + Node.describe(root));
                return new Loaded<>(Optional.empty(), v.problems());
            }
            Validation.Fields f = v.fields(m, "the attestations file", FILE_KEYS);
            f.require("hitcert-attestations", "hitcert-attestations: 1 (the format version)")
                    .ifPresent(n -> v.integer(q("hitcert-attestations"), n).filter(version -> version != 1)
                            .ifPresent(version -> v.error(n.location(),
                                    "'hitcert-attestations' must be 1 (the only format version), not " + version)));
            List<Attestation> answers = new ArrayList<>();
            f.require("answers", "a non-empty list of answers")
                    .flatMap(n -> v.nonEmptyList(q("answers"), n, "a list of answers", "answer at least one requirement"))
                    .ifPresent(seq -> {
                        int i = 0;
                        for (Node item : seq.items()) {
                            i++;
                            answer(item, i).ifPresent(answers::add);
                        }
                    });
            return v.result(() -> answers);
        }

        Optional<Attestation> answer(Node node, int index) {
            Optional<Node.Mapping> m = v.mapping("answer #" + index, node,
                    "a mapping with requirement, statement, attested-by and date");
            if (m.isEmpty()) {
                return Optional.empty();
            }
            Validation.Fields f = v.fields(m.get(), "answer #" + index, ANSWER_KEYS);
            Optional<String> requirement = f.require("requirement", "an attestation requirement id like THREAT-MONITORING")
                    .flatMap(n -> v.matching(q("requirement"), n, REQUIREMENT_ID, "a requirement id ([A-Z0-9-]+)"));
            Optional<String> statement = f.requireString("statement", "what the vendor states, as a string")
                    .filter(s -> !s.isBlank() || fail(f, "statement", "'statement' must not be blank"));
            Optional<String> by = f.requireString("attested-by", "who states it, e.g. \"Jane Doe, CISO\"")
                    .filter(s -> !s.isBlank() || fail(f, "attested-by", "'attested-by' must not be blank"));
            Optional<String> date = f.require("date", "an ISO date like 2026-10-01").flatMap(this::date);
            List<Path> attachments = new ArrayList<>();
            boolean attachmentsOk = f.get("attachments")
                    .flatMap(n -> v.list(q("attachments"), n, "a list of file paths relative to this file"))
                    .map(seq -> attachments(seq, attachments)).orElse(!f.has("attachments"));
            if (requirement.isEmpty() || statement.isEmpty() || by.isEmpty() || date.isEmpty() || !attachmentsOk) {
                return Optional.empty();
            }
            return Optional.of(new Attestation(requirement.get(), statement.get().strip(), by.get().strip(), date.get(),
                    attachments, m.get().location()));
        }

        private boolean fail(Validation.Fields f, String key, String message) {
            v.error(f.get(key).map(Node::location).orElse(f.keyLocation(key)), message);
            return false;
        }

        Optional<String> date(Node node) {
            if (node instanceof Node.Scalar s) {
                try {
                    return Optional.of(LocalDate.parse(s.text()).toString());
                } catch (DateTimeParseException e) {
                    // reported below
                }
            }
            v.error(node.location(), "'date' must be an ISO date like 2026-10-01, not " + Node.describe(node));
            return Optional.empty();
        }

        boolean attachments(Node.Seq seq, List<Path> into) {
            boolean ok = true;
            for (Node item : seq.items()) {
                Optional<String> text = v.string("each of 'attachments'", item);
                if (text.isEmpty()) {
                    ok = false;
                    continue;
                }
                Path dir = file.toAbsolutePath().getParent();
                Path path = dir.resolve(text.get()).normalize();
                try {
                    if (!Files.isRegularFile(path)) {
                        v.error(item.location(), "attachment " + q(text.get()) + " not found (looked for " + path
                                + "); paths are relative to the attestations file's folder");
                        ok = false;
                    } else if (Files.size(path) > MAX_ATTACHMENT_BYTES) {
                        v.error(item.location(), "attachment " + q(text.get()) + " is " + Files.size(path)
                                + " bytes; attach at most 10 MiB per file (link larger material from a smaller one)");
                        ok = false;
                    } else {
                        into.add(path);
                    }
                } catch (IOException e) {
                    v.error(item.location(), "attachment " + q(text.get()) + " cannot be read: " + e.getMessage());
                    ok = false;
                }
            }
            return ok;
        }
    }
}
