package org.hitcert.engine;

import java.nio.file.Path;
import java.util.Optional;
import org.hitcert.checks.AttestationRequired;
import org.hitcert.checks.Check;
import org.hitcert.checks.Outcomes;
import org.hitcert.model.CheckBinding;
import org.hitcert.model.Consideration;
import org.hitcert.model.Location;
import org.hitcert.model.Plan;
import org.hitcert.model.Requirement;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.engine.support.hierarchical.Node;

/**
 * The certification structure as a JUnit test tree: plan → consideration → requirement → check. Ids are
 * built from declared ids so results compare across runs; file positions go into the test source.
 */
final class Descriptors {

    private Descriptors() {
    }

    static TestSource source(Location location) {
        Path file = Path.of(location.file());
        return location.line() > 0 ? FileSource.from(file.toFile(), FilePosition.from(location.line(), location.column()))
                : FileSource.from(file.toFile());
    }

    static final class PlanNode extends AbstractTestDescriptor implements Node<RunContext> {
        final Plan plan;

        PlanNode(UniqueId parent, Plan plan) {
            super(parent.append("plan", plan.id()), plan.title(), source(plan.location()));
            this.plan = plan;
        }

        @Override
        public Type getType() {
            return Type.CONTAINER;
        }
    }

    static final class ConsiderationNode extends AbstractTestDescriptor implements Node<RunContext> {
        ConsiderationNode(UniqueId parent, Consideration c) {
            super(parent.append("consideration", c.id()), c.id() + " " + c.title(), source(c.location()));
        }

        @Override
        public Type getType() {
            return Type.CONTAINER;
        }
    }

    /** A container of checks; or, with none (planned, attestation), a test that reports why it decides nothing. */
    static final class RequirementNode extends AbstractTestDescriptor implements Node<RunContext> {
        final Requirement requirement;
        /** Why the candidate is not assessed against it (a profile it does not claim), or empty. */
        final Optional<String> notApplicable;
        /** The vendor's answer, for an attestation requirement answered in the attestations file. */
        final Optional<org.hitcert.model.Attestation> answer;

        RequirementNode(UniqueId parent, Requirement r, Optional<String> notApplicable,
                        Optional<org.hitcert.model.Attestation> answer) {
            super(parent.append("requirement", r.id()), r.id() + " " + r.title(), source(r.location()));
            this.requirement = r;
            this.notApplicable = notApplicable;
            this.answer = answer;
        }

        boolean decidedByChecks() {
            return requirement.kind() == Requirement.Kind.AUTOMATED && requirement.status() == Requirement.Status.ACTIVE;
        }

        @Override
        public Type getType() {
            return decidedByChecks() ? Type.CONTAINER : Type.TEST;
        }

        @Override
        public SkipResult shouldBeSkipped(RunContext context) {
            if (requirement.status() == Requirement.Status.PLANNED) {
                return SkipResult.skip(Outcomes.PLANNED_PREFIX + "no check implements this requirement yet; it is not assessed");
            }
            return SkipResult.doNotSkip();
        }

        @Override
        public RunContext execute(RunContext context, DynamicTestExecutor dynamic) {
            if (requirement.kind() == Requirement.Kind.ATTESTATION && notApplicable.isPresent()) {
                throw new org.hitcert.checks.NotApplicable(notApplicable.get());
            }
            if (requirement.kind() == Requirement.Kind.ATTESTATION && answer.isPresent()) {
                context.publishAttestation(this, answer.get());
                throw new AttestationRequired(answer.get().reason());
            }
            if (requirement.kind() == Requirement.Kind.ATTESTATION) {
                throw new AttestationRequired("awaiting the vendor's evidence: " + requirement.evidence());
            }
            return context;
        }
    }

    static final class CheckNode extends AbstractTestDescriptor implements Node<RunContext> {
        final Check check;
        final CheckBinding binding;
        final Requirement requirement;
        final Optional<String> notApplicable;

        CheckNode(UniqueId parent, String segment, Check check, CheckBinding binding, Requirement requirement,
                  Optional<String> notApplicable) {
            super(parent.append("check", segment), check.info().id(), source(binding.location()));
            this.check = check;
            this.binding = binding;
            this.requirement = requirement;
            this.notApplicable = notApplicable;
        }

        @Override
        public Type getType() {
            return Type.TEST;
        }

        @Override
        public RunContext execute(RunContext context, DynamicTestExecutor dynamic) throws Exception {
            Throwable thrown = null;
            try {
                if (notApplicable.isPresent()) {
                    throw new org.hitcert.checks.NotApplicable(notApplicable.get());
                }
                context.runCheck(this);
                return context;
            } catch (Exception | Error e) {
                thrown = e;
                throw e;
            } finally {
                context.gate().ended(this, thrown);
            }
        }
    }

    static Optional<RequirementNode> requirementOf(org.junit.platform.engine.TestDescriptor d) {
        return d.getParent().filter(RequirementNode.class::isInstance).map(RequirementNode.class::cast);
    }
}
