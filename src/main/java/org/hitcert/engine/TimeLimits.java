package org.hitcert.engine;

import java.time.Duration;
import java.util.Optional;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckInfo;
import org.hitcert.model.ParamSpec;
import org.hitcert.model.Params;
import org.hitcert.support.Target;

/**
 * Each check's time limit, derived from what it will do rather than one figure for all (a check never times out by
 * design): the run's base limit ({@code hitcert.check-timeout}), or more for a check that does many browser flows
 * (each may wait a step timeout or two and a page load), plus the wait it plans for a lifetime the candidate claims
 * (at most the run's {@code hitcert.max-wait}) and a margin.
 */
final class TimeLimits {

    /** Added to a planned wait: the check's own requests before and after it. */
    static final Duration WAIT_MARGIN = Duration.ofSeconds(30);

    /**
     * @param limit      how long the check may run
     * @param plannedWait the deliberate wait it plans (already capped at the run's maximum), if any
     * @param derivation how the limit was reached, for the report and a timeout's reason
     */
    record Limit(Duration limit, Optional<Duration> plannedWait, String derivation) {
    }

    private TimeLimits() {
    }

    static Limit of(Check check, Params params, Target target, Settings settings) {
        CheckInfo info = check.info();
        long flows = info.browser() ? info.budget().flows() + perParam(info, params) : 0;
        Duration perFlow = settings.stepTimeout().multipliedBy(2).plus(settings.httpTimeout());
        Duration browsing = perFlow.multipliedBy(flows);
        boolean byFlows = browsing.compareTo(settings.checkTimeout()) > 0;
        Duration base = byFlows ? browsing : settings.checkTimeout();
        String derivation = byFlows ? flows + " browser flows × " + perFlow.toSeconds() + " s (2 × step timeout + HTTP timeout)"
                : settings.checkTimeout().toSeconds() + " s (check timeout)";
        Optional<Duration> wait = target == null ? Optional.empty() : check.plannedWait(target, params)
                .map(w -> w.compareTo(settings.maxWait()) > 0 ? settings.maxWait() : w);
        if (wait.isPresent()) {
            base = base.plus(wait.get()).plus(WAIT_MARGIN);
            derivation += " + a planned wait of " + wait.get().toSeconds() + " s + " + WAIT_MARGIN.toSeconds() + " s";
        }
        return new Limit(base, wait, derivation);
    }

    /** The flows a check adds per element of a list parameter, or per unit of an integer one. */
    private static long perParam(CheckInfo info, Params params) {
        String name = info.budget().flowsPer();
        if (name.isEmpty()) {
            return 0;
        }
        Optional<ParamSpec> spec = info.params().stream().filter(p -> p.name().equals(name)).findFirst();
        if (spec.isEmpty()) {
            return 0;
        }
        return switch (spec.get().type()) {
            case STRING_LIST -> params.strings(spec.get()).size();
            case INTEGER -> Math.max(0, params.integer(spec.get()));
            default -> 0;
        };
    }
}
