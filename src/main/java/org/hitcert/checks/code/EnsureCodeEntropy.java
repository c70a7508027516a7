package org.hitcert.checks.code;

import static org.hitcert.checks.Checks.fail;

import java.util.ArrayList;
import java.util.List;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.model.ParamSpec;
import org.hitcert.model.Candidate.ClientSpec;

/**
 * RFC 6749 §10.10 and RFC 6819 §5.1.4.2.2: authorization codes must not be guessable. Codes from a number of flows
 * (over the run's signed-in session where the server allows it, so most need no login) are examined for repeats, constant positions,
 * length and alphabet; an upper bound under 128 bits fails. Passing shows only that nothing visible is wrong: the
 * generator itself cannot be seen from outside.
 */
public final class EnsureCodeEntropy implements Check {

    static final ParamSpec SAMPLES = new ParamSpec("samples", ParamSpec.Type.INTEGER, 20,
            "how many authorization codes to collect (2..200)");

    @Override
    public CheckInfo info() {
        return new CheckInfo("token.code.entropy",
                "Authorization codes show no repeats, no constant structure and room for 128 bits",
                List.of("low-entropy-codes", "uuid-codes", "short-alphabet-codes"), List.of(SAMPLES), true).sharesLogin()
                .browserFlowsPer(SAMPLES);
    }

    @Override
    public void run(CheckContext ctx) {
        long samples = ctx.params().integer(SAMPLES);
        if (samples < 2 || samples > 200) {
            throw new IllegalArgumentException("samples must be 2..200, got " + samples);
        }
        ClientSpec client = Codes.browserClient(ctx);
        List<String> codes = new ArrayList<>();
        // every sample is an ordinary authorization request of this check's flow: answered over the run's signed-in
        // session when the server allows it (no page to render), else in the browser (SignedInSessions)
        while (codes.size() < samples) {
            codes.add(Codes.fresh(ctx, client).param("code").get());
        }
        CodeEntropy.weakness(codes).ifPresent(w -> {
            throw fail("authorization codes are guessable: " + w + " (RFC 6749 §10.10, RFC 6819 §5.1.4.2.2)");
        });
        ctx.pass(CodeEntropy.describe(codes) + " (at least " + CodeEntropy.REQUIRED_BITS + " needed), without repeats; this "
                + "bounds what the codes show, the generator itself cannot be seen from outside");
    }
}
