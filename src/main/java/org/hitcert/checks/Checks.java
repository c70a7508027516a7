package org.hitcert.checks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.hitcert.support.HttpExchange;

/** Small helpers shared by checks: failing with observed-versus-expected, reading JSON members. */
public final class Checks {

    private Checks() {
    }

    /**
     * The client browser flows use: the candidate file's {@code public} client, else its {@code confidential} one;
     * not assessed when it has neither.
     */
    public static org.hitcert.model.Candidate.ClientSpec browserClient(org.hitcert.support.Target target) {
        return target.client("public").or(() -> target.client("confidential")).orElseThrow(() -> noClient("public",
                "a client for browser flows (role public, or confidential)"));
    }

    /**
     * The client of {@code role} that fits a check ({@code fits}: its auth method, its scope; {@code why} says what
     * the check needs it for), else, with {@code anyRole}, a client of any role that fits; recorded in the check's
     * evidence. Not assessed when the candidate file registers none.
     */
    public static org.hitcert.model.Candidate.ClientSpec clientFor(CheckContext ctx, String role,
            java.util.function.Predicate<org.hitcert.model.Candidate.ClientSpec> fits, boolean anyRole, String why) {
        return used(ctx, ctx.target().clientFor(role, fits, anyRole).orElseThrow(() -> noClient(role, why)), why);
    }

    /** Records in the check's evidence which client it uses and why (several may share a role); returns it. */
    public static org.hitcert.model.Candidate.ClientSpec used(CheckContext ctx, org.hitcert.model.Candidate.ClientSpec c,
                                                              String why) {
        ctx.note("client used", c.clientId() + " (roles " + String.join(", ", c.roles()) + ", auth-method "
                + c.authMethod() + "): " + why);
        return c;
    }

    /** The candidate file's test user of {@code role}; not assessed when it names none. */
    public static org.hitcert.model.Candidate.UserSpec user(org.hitcert.support.Target target, String role) {
        return target.user(role).orElseThrow(() -> Inconclusive.notAssessed("a test user with role " + role,
                "under users: { role: " + role + ", username: ..., password: ${env:NAME} }"));
    }

    /** The FHIR API's base URL; not assessed when the candidate file names none. */
    public static java.net.URI fhirBase(org.hitcert.support.Target target) {
        return target.fhirBase().orElseThrow(Checks::noFhirBase);
    }

    /** "Not assessed": the candidate file names no fhir-base, so the FHIR API the server protects goes untested. */
    public static Inconclusive noFhirBase() {
        return Inconclusive.notAssessed("fhir-base", "fhir-base: https://... (the FHIR API this authorization server "
                + "protects) and its host to allowed-hosts");
    }

    /**
     * "Not assessed": the candidate file registers no client of {@code role} ({@code what} says what the check needs
     * of it).
     */
    public static Inconclusive noClient(String role, String what) {
        return Inconclusive.notAssessed(what, "under clients: a client with role " + role
                + " (roles: [" + role + ", ...] when one client serves several roles)");
    }

    /**
     * Why a check that needs {@code member} in the browser client's scope cannot run: NOT_APPLICABLE when the
     * candidate's metadata lists scopes_supported without it (the candidate shows the feature absent), else "not
     * assessed" (the candidate file's scope leaves it out).
     */
    public static org.opentest4j.TestAbortedException scopeLacks(org.hitcert.support.Target target, String scope,
                                                                  String member) {
        boolean unsupported = target.discovery().map(d -> d.get("scopes_supported"))
                .filter(JsonNode::isArray).map(a -> !arrayContains(target.discovery().get(), "scopes_supported", member))
                .orElse(false);
        return unsupported ? new NotApplicable("the candidate's metadata lists scopes_supported without " + member)
                : Inconclusive.notAssessed(member + " in the browser client's scope (\"" + scope + "\")", member
                        + " to the scope of the public client");
    }

    public static CheckFailure fail(String reason) {
        return new CheckFailure(reason);
    }

    public static void require(boolean condition, String reasonIfNot) {
        if (!condition) {
            throw new CheckFailure(reasonIfNot);
        }
    }

    /** The JSON body of {@code x}; FAIL when it is not JSON. */
    public static JsonNode json(HttpExchange x, String what) {
        return x.json().orElseThrow(() -> new CheckFailure(what + " is not a JSON document (" + x.summary()
                + ", Content-Type " + x.header("Content-Type").orElse("absent") + ")"));
    }

    public static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
    }

    public static boolean arrayContains(JsonNode node, String field, String value) {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray()) {
            return false;
        }
        for (JsonNode e : v) {
            if (value.equals(e.asText())) {
                return true;
            }
        }
        return false;
    }
}
