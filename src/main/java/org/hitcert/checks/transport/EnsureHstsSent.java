package org.hitcert.checks.transport;

import static org.hitcert.checks.Checks.fail;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckContext;
import org.hitcert.checks.CheckInfo;
import org.hitcert.model.ParamSpec;
import org.hitcert.support.HttpExchange;
import org.hitcert.support.TlsProbe;

/**
 * RFC 9325 §3.2 (and RFC 6797): every https host SHOULD send Strict-Transport-Security with a long max-age, so that
 * browsers never fall back to http. One GET per host (the URL the candidate names there).
 */
public final class EnsureHstsSent implements Check {

    private static final ParamSpec MIN_AGE = new ParamSpec("min-max-age", ParamSpec.Type.INTEGER, 15_552_000,
            "the shortest max-age (seconds) that counts as long; default 180 days");
    private static final Pattern MAX_AGE = Pattern.compile("(?i)max-age\\s*=\\s*\"?(\\d+)");

    @Override
    public CheckInfo info() {
        return new CheckInfo("transport.hsts.sent",
                "Every https host sends Strict-Transport-Security with a long max-age",
                List.of("no-hsts"), List.of(MIN_AGE), false);
    }

    @Override
    public void run(CheckContext ctx) {
        long min = ctx.params().integer(MIN_AGE);
        StringBuilder seen = new StringBuilder();
        for (Map.Entry<String, URI> e : Endpoints.byHostPort(ctx.target()).entrySet()) {
            String hsts;
            String summary;
            try {
                HttpExchange x = ctx.http().get(e.getValue());
                hsts = x.header("Strict-Transport-Security").orElse(null);
                summary = x.summary();
            } catch (org.hitcert.support.Http.HttpFailure f) {
                TlsProbe.RawHead head = headDespiteCertificate(ctx, e.getValue(), f);
                hsts = head.header("Strict-Transport-Security").orElse(null);
                summary = head.status() + " from GET " + e.getValue() + " (certificate not validated)";
            }
            if (hsts == null) {
                throw fail(e.getKey() + " sent no Strict-Transport-Security header (" + summary
                        + "); expected one with max-age of at least " + min + " s (RFC 9325 §3.2, RFC 6797 §6.1)");
            }
            Matcher m = MAX_AGE.matcher(hsts);
            long age = m.find() ? Long.parseLong(m.group(1)) : -1;
            if (age < min) {
                throw fail(e.getKey() + " sent Strict-Transport-Security '" + hsts + "'; expected max-age of at least " + min
                        + " s (RFC 9325 §3.2)");
            }
            seen.append(e.getKey()).append(": ").append(hsts).append("; ");
        }
        if (seen.length() == 0) {
            throw new org.hitcert.checks.Inconclusive("the candidate names no https endpoint");
        }
        ctx.pass(seen.toString().trim());
    }

    /**
     * The header is the server's statement whatever its certificate; a certificate that does not validate is
     * TLS-CERT's finding (transport.certificates.valid), so here the headers are read without validating it (a GET
     * without credentials). Anything else that broke the exchange is rethrown.
     */
    private static TlsProbe.RawHead headDespiteCertificate(CheckContext ctx, URI uri, RuntimeException failure) {
        try {
            ctx.http().validatedChain(uri);
        } catch (java.io.IOException certificateProblem) {
            ctx.note("certificate not validated at " + uri.getHost() + ":" + uri.getPort(), "the certificate does not "
                    + "validate (" + certificateProblem.getMessage() + "), which transport.certificates.valid judges; "
                    + "the header is read without validating it");
            try {
                return ctx.http().tlsProbe().headWithoutValidation(uri);
            } catch (java.io.IOException e) {
                throw failure;
            }
        }
        throw failure;
    }
}
