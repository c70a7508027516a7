package org.hitcert.reference;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The protected resources: the FHIR API under {@code /fhir} and {@code /userinfo}, both RFC 6750 bearer-protected,
 * FHIR with SMART v1/v2 scopes and the patient compartment.
 */
final class ResourceEndpoints {

    /** Whether {@code path} is the FHIR API's ({@code /fhir} and below). */
    static boolean isFhirPath(String path) {
        return path.equals("/fhir") || path.startsWith("/fhir/");
    }


    static final String REALM = "hitcert-reference";
    private static final String FHIR_JSON = "application/fhir+json";

    private final Tokens tokens;
    private final Metadata metadata;
    private final FhirData data;
    private final Set<Flaw> flaws;
    private final String fhirBase;

    ResourceEndpoints(Tokens tokens, Metadata metadata, FhirData data, Set<Flaw> flaws, String fhirBase) {
        this.tokens = tokens;
        this.metadata = metadata;
        this.data = data;
        this.flaws = flaws;
        this.fhirBase = fhirBase;
        this.verifier = new FhirTokenVerifier(tokens, flaws);
    }

    private final FhirTokenVerifier verifier;

    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*");

    /** What a request presented: nothing (both null), a token, or a malformed request (RFC 6750 §3.1 invalid_request). */
    private record Presented(String token, String malformed) {
        static final Presented NONE = new Presented(null, null);

        static Presented bad(String why) {
            return new Presented(null, why);
        }
    }

    /**
     * RFC 6750 §2: the Authorization header (scheme case-insensitive), and for userinfo also a form body (§2.2); the
     * query parameter (§2.3) is not supported. A token sent more than one way, two Authorization headers, or a value
     * that is not a b64token is a malformed request.
     */
    private Presented presentedToken(HttpExchange ex, boolean fhir) throws IOException {
        Map<String, List<String>> query = Http.query(ex);
        boolean inQuery = query.containsKey("access_token");
        List<String> headers = ex.getRequestHeaders().get("Authorization");
        String fromHeader = null;
        if (headers != null && headers.size() > 1) {
            return Presented.bad("more than one Authorization header");
        }
        if (headers != null) {
            String header = headers.get(0);
            int sp = header.indexOf(' ');
            String scheme = sp < 0 ? header : header.substring(0, sp);
            boolean bearer = fhir && flaws.contains(Flaw.HEADER_TOKEN_IGNORED) ? scheme.equals("Bearer")
                    : scheme.toLowerCase(Locale.ROOT).equals("bearer");
            if (bearer) {
                fromHeader = sp < 0 ? "" : header.substring(sp + 1).trim();
                if (!B64TOKEN.matcher(fromHeader).matches()) {
                    return Presented.bad("the Bearer credentials are not a b64token");
                }
            }
        }
        String fromBody = null;
        if (Http.isForm(ex) && ("POST".equals(ex.getRequestMethod()) || fhir)) {
            // RFC 6750 §2.2 allows the body only on userinfo's POST here; at FHIR a body token is refused as malformed
            fromBody = Http.single(Http.params(ex, Http.body(ex)), "access_token").orElse(null);
        }
        String fromQuery = fhir && flaws.contains(Flaw.QUERY_TOKEN_ACCEPTED) ? Http.single(query, "access_token").orElse(null) : null;
        int ways = (fromHeader != null ? 1 : 0) + (fromBody != null ? 1 : 0) + (inQuery ? 1 : 0);
        if (ways > 1 && !(fhir && flaws.contains(Flaw.TOKEN_METHODS_MIXED) && fromHeader != null)) {
            return Presented.bad("the access token was sent more than one way");
        }
        if (fhir && fromBody != null && fromHeader == null) {
            return Presented.bad("a FHIR request carries its access token in the Authorization header only");
        }
        return fromHeader != null ? new Presented(fromHeader, null)
                : fromBody != null ? new Presented(fromBody, null)
                : fromQuery != null ? new Presented(fromQuery, null) : Presented.NONE;
    }

    private void malformed(HttpExchange ex, boolean fhir, String why) throws IOException {
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"" + REALM + "\", error=\"invalid_request\", error_description=\""
                + why + "\"");
        if (fhir) {
            outcome(ex, 400, "invalid", why);
        } else {
            Http.json(ex, 400, Map.of("error", "invalid_request", "error_description", why));
        }
    }

    private void unauthorized(HttpExchange ex, boolean fhir, String error, String description) throws IOException {
        if (!(fhir && flaws.contains(Flaw.NO_BEARER_CHALLENGE)) && !(!fhir && flaws.contains(Flaw.USERINFO_NO_CHALLENGE))) {
            ex.getResponseHeaders().set("WWW-Authenticate", error == null ? "Bearer realm=\"" + REALM + "\""
                    : "Bearer realm=\"" + REALM + "\", error=\"" + error + "\", error_description=\"" + description + "\"");
        }
        if (fhir) {
            outcome(ex, 401, "login", description == null ? "authentication required" : description);
        } else {
            Http.json(ex, 401, error == null ? Map.of() : Map.of("error", error, "error_description", description));
        }
    }

    private static void insufficientScope(HttpExchange ex, String needed) throws IOException {
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"" + REALM
                + "\", error=\"insufficient_scope\", error_description=\"the token does not grant this access\", scope=\""
                + needed + "\"");
    }

    void userinfo(HttpExchange ex) throws IOException {
        Http.requireMethod(ex, "GET", "POST");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        Presented presented = presentedToken(ex, false);
        if (presented.malformed() != null) {
            malformed(ex, false, presented.malformed());
            return;
        }
        if (presented.token() == null) {
            unauthorized(ex, false, null, null);
            return;
        }
        Optional<Registry.AccessToken> token = tokens.verifyAccessToken(presented.token(),
                !flaws.contains(Flaw.USERINFO_IGNORES_REVOCATION));
        if (token.isEmpty()) {
            unauthorized(ex, false, "invalid_token", "the access token is invalid, expired or revoked");
            return;
        }
        Registry.Grant grant = token.get().grant();
        if (grant.user == null || !token.get().scope().contains("openid") && !flaws.contains(Flaw.USERINFO_OPENID_UNCHECKED)) {
            insufficientScope(ex, "openid");
            Http.json(ex, 403, Map.of("error", "insufficient_scope"));
            return;
        }
        Http.json(ex, 200, UserInfo.claims(tokens, token.get(), flaws));
    }

    void fhir(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath().substring("/fhir".length());
        if (flaws.contains(Flaw.FHIR_GZIP)) {
            ex.setAttribute(Http.GZIP_ATTRIBUTE, Boolean.TRUE);
        }
        if (path.equals("/metadata")) {
            Http.requireMethod(ex, "GET", "HEAD");
            ex.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
            Http.send(ex, 200, FHIR_JSON, Http.JSON.writeValueAsBytes(capabilityStatement()));
            return;
        }
        if (path.equals("/.well-known/smart-configuration")) {
            if (flaws.contains(Flaw.SMART_CONFIG_MISSING)) {
                outcome(ex, 404, "not-found", "no such resource");
            } else {
                metadata.publicJson(ex, metadata.smartConfiguration());
            }
            return;
        }
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        Presented presented = presentedToken(ex, true);
        Access access;
        if (presented.malformed() != null) {
            malformed(ex, true, presented.malformed());
            return;
        }
        if (presented.token() == null) {
            if (!flaws.contains(Flaw.FHIR_OPEN)) {
                unauthorized(ex, true, null, null);
                return;
            }
            access = new Access(List.of("system/*.rs"), null, flaws);
        } else {
            Optional<FhirTokenVerifier.Grant> token = verifier.verify(presented.token());
            if (token.isEmpty()) {
                unauthorized(ex, true, "invalid_token", "the access token is invalid, expired or revoked");
                return;
            }
            access = new Access(token.get().scope(), token.get().patient(), flaws);
        }

        if ((path.isEmpty() || path.equals("/")) && ex.getRequestMethod().equals("POST")) {
            batch(ex, access);
            return;
        }
        if (path.matches("/Patient/[^/]+/\\$everything") && ex.getRequestMethod().equals("GET")) {
            everything(ex, access, path.split("/")[2]);
            return;
        }
        String[] parts = path.split("/", -1); // "", Type[, id]
        if (parts.length < 2 || parts.length > 3 || !Set.of("Patient", "Observation").contains(parts[1])) {
            outcome(ex, 404, "not-found", "unknown resource type or path");
            return;
        }
        String type = parts[1];
        boolean read = parts.length == 3;
        String method = ex.getRequestMethod();
        // the SMART permission the interaction needs; checked before the (read-only) server refuses writes
        SmartScope.Perm perm = switch (method) {
            case "GET", "HEAD" -> read ? SmartScope.Perm.R : SmartScope.Perm.S;
            case "POST" -> read ? null : SmartScope.Perm.C;
            case "PUT", "PATCH" -> read ? SmartScope.Perm.U : null;
            case "DELETE" -> read ? SmartScope.Perm.D : null;
            default -> null;
        };
        if (perm == null) {
            ex.getResponseHeaders().set("Allow", "GET");
            outcome(ex, 405, "not-supported", "interaction not supported");
            return;
        }
        Reach reach = access.reach(type, perm);
        if (reach == null) {
            insufficientScope(ex, "patient/" + type + "." + perm.name().toLowerCase(Locale.ROOT));
            outcome(ex, 403, "forbidden", "the token's scopes do not grant this access");
            return;
        }
        if (perm == SmartScope.Perm.C && type.equals("Observation")) {
            create(ex, reach);
            return;
        }
        if (perm != SmartScope.Perm.R && perm != SmartScope.Perm.S) {
            ex.getResponseHeaders().set("Allow", "GET");
            outcome(ex, 405, "not-supported", "this server reads and searches, and creates Observations only");
            return;
        }
        if (read) {
            Optional<ObjectNode> r = data.read(type, parts[2]);
            if (r.isEmpty()) {
                outcome(ex, 404, "not-found", "no such resource");
            } else if (!reach.test(r.get())) {
                outcome(ex, 403, "forbidden", "the resource is outside the token's patient compartment or granted scope");
            } else {
                Http.send(ex, 200, FHIR_JSON, Http.JSON.writeValueAsBytes(r.get()));
            }
            return;
        }
        Map<String, List<String>> query = Http.query(ex);
        if (flaws.contains(Flaw.FHIR_SEARCH_COMPARTMENT_ONLY) && access.patient() != null
                && reach.scopes().stream().noneMatch(s -> s.context().equals("system"))) {
            String named = type.equals("Patient") ? Http.single(query, "_id").orElse("")
                    : Http.single(query, "patient").or(() -> Http.single(query, "subject")).orElse("").replaceFirst("^Patient/", "");
            if (!named.equals(access.patient())) {
                outcome(ex, 403, "forbidden", "a search with a patient-context token must name its patient ("
                        + (type.equals("Patient") ? "_id" : "patient") + "=" + access.patient() + ")");
                return;
            }
        }
        Predicate<ObjectNode> match;
        boolean anyPatient = false;
        if (type.equals("Patient")) {
            Optional<String> id = Http.single(query, "_id");
            match = r -> id.map(i -> i.equals(r.path("id").asText())).orElse(true);
        } else {
            Optional<String> patient = Http.single(query, "patient").map(p -> p.startsWith("Patient/") ? p.substring(8) : p);
            Optional<String> category = Http.single(query, "category");
            match = r -> patient.map(p -> p.equals(FhirData.patientOf(r))).orElse(true)
                    && category.map(c -> SmartScope.parse("patient/Observation.rs?category=" + c)
                            .map(s -> s.matches(r)).orElse(false)).orElse(true);
            anyPatient = patient.isPresent() && (flaws.contains(Flaw.COMPARTMENT_LEAK)
                    || flaws.contains(Flaw.COMPARTMENT_LEAK_ABSOLUTE_REFERENCES));
        }
        ObjectNode bundle = Http.JSON.createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "searchset");
        ArrayNode entries = Http.JSON.createArrayNode();
        List<ObjectNode> includeFrom = new java.util.ArrayList<>();
        for (ObjectNode r : data.all(type)) {
            if (match.test(r) && reach.test(r, anyPatient)) {
                entry(entries, r, "match");
                includeFrom.add(r);
            } else if (match.test(r) && (type.equals("Patient") && (flaws.contains(Flaw.INCLUDE_LEAKS_COMPARTMENT)
                    || flaws.contains(Flaw.UNDECLARED_REVINCLUDE_LEAKS_COMPARTMENT))
                    || type.equals("Observation") && flaws.contains(Flaw.INCLUDE_FORWARD_LEAKS_COMPARTMENT))) {
                includeFrom.add(r); // the flaws: includes worked out before the compartment filter
            }
        }
        int total = entries.size();
        List<String> revinclude = query.getOrDefault("_revinclude", List.of());
        Reach observations = access.reach("Observation", SmartScope.Perm.S);
        if (type.equals("Patient") && observations != null
                && (revinclude.contains("Observation:patient") || revinclude.contains("Observation:subject"))) {
            List<String> patients = includeFrom.stream().map(FhirData::patientOf).toList();
            for (ObjectNode o : data.all("Observation")) {
                if (patients.contains(FhirData.patientOf(o)) && observations.test(o, flaws.contains(Flaw.INCLUDE_LEAKS_COMPARTMENT)
                        || flaws.contains(Flaw.UNDECLARED_REVINCLUDE_LEAKS_COMPARTMENT))) {
                    entry(entries, o, "include");
                }
            }
        }
        List<String> include = query.getOrDefault("_include", List.of());
        Reach patients = access.reach("Patient", SmartScope.Perm.S);
        if (type.equals("Observation") && patients != null
                && (include.contains("Observation:patient") || include.contains("Observation:subject"))) {
            java.util.Set<String> added = new java.util.HashSet<>();
            for (ObjectNode o : includeFrom) {
                Optional<ObjectNode> p = data.read("Patient", FhirData.patientOf(o));
                if (p.isPresent() && added.add(p.get().path("id").asText())
                        && patients.test(p.get(), flaws.contains(Flaw.INCLUDE_FORWARD_LEAKS_COMPARTMENT))) {
                    entry(entries, p.get(), "include");
                }
            }
        }
        bundle.put("total", total);
        bundle.set("entry", entries);
        Http.send(ex, 200, FHIR_JSON, Http.JSON.writeValueAsBytes(bundle));
    }

    /** The CapabilityStatement; undeclared-revinclude-leaks-compartment leaves out Patient's searchRevInclude. */
    private com.fasterxml.jackson.databind.JsonNode capabilityStatement() {
        com.fasterxml.jackson.databind.JsonNode cs = Http.JSON.valueToTree(metadata.capabilityStatement());
        if (flaws.contains(Flaw.UNDECLARED_REVINCLUDE_LEAKS_COMPARTMENT)) {
            cs.path("rest").forEach(rest -> rest.path("resource").forEach(r -> ((ObjectNode) r).remove("searchRevInclude")));
        }
        return cs;
    }

    private void entry(ArrayNode entries, ObjectNode r, String mode) {
        if (flaws.contains(Flaw.COMPARTMENT_LEAK_ABSOLUTE_REFERENCES) && r.path("subject").has("reference")) {
            r = r.deepCopy(); // this server writes references as absolute, versioned URLs
            ((ObjectNode) r.get("subject")).put("reference", fhirBase + "/" + r.path("subject").path("reference").asText()
                    + "/_history/1");
        }
        ObjectNode e = entries.addObject();
        e.put("fullUrl", fhirBase + "/" + r.path("resourceType").asText() + "/" + r.path("id").asText());
        e.set("resource", r);
        e.putObject("search").put("mode", mode);
    }

    /**
     * POST Observation (FHIR R4 create): an Observation within what the token may create (its patient compartment and
     * granted constraints) is kept in memory and answered 201 with its Location.
     */
    private void create(HttpExchange ex, Reach reach) throws IOException {
        com.fasterxml.jackson.databind.JsonNode in = jsonBody(ex);
        if (!(in instanceof ObjectNode o) || !"Observation".equals(o.path("resourceType").asText())
                || FhirData.patientOf(o).isEmpty()) {
            outcome(ex, 400, "invalid", "expected an Observation with a subject Patient reference");
            return;
        }
        if (!reach.test(o)) {
            outcome(ex, 403, "forbidden", "the Observation is outside the token's patient compartment or granted scope");
            return;
        }
        Optional<ObjectNode> created = data.create(o);
        if (created.isEmpty()) {
            outcome(ex, 507, "too-costly", "this reference server keeps at most " + FhirData.MAX_CREATED + " created resources");
            return;
        }
        ex.getResponseHeaders().set("Location", fhirBase + "/Observation/" + created.get().path("id").asText());
        Http.send(ex, 201, FHIR_JSON, Http.JSON.writeValueAsBytes(created.get()));
    }

    /** The request body as JSON; null when it is not JSON (the caller answers 400). */
    private static com.fasterxml.jackson.databind.JsonNode jsonBody(HttpExchange ex) {
        try {
            return Http.JSON.readTree(Http.body(ex));
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Patient/[id]/$everything (FHIR R4 operation): the patient and the Observations in its compartment, for a token
     * whose scopes read Patient within that compartment. {@code everything-leaks-compartment} skips the compartment.
     */
    private void everything(HttpExchange ex, Access access, String id) throws IOException {
        Reach reach = access.reach("Patient", SmartScope.Perm.R);
        if (reach == null) {
            insufficientScope(ex, "patient/Patient.r");
            outcome(ex, 403, "forbidden", "the token's scopes do not grant this access");
            return;
        }
        Optional<ObjectNode> patient = data.read("Patient", id);
        if (patient.isEmpty()) {
            outcome(ex, 404, "not-found", "no such resource");
            return;
        }
        if (!reach.test(patient.get(), flaws.contains(Flaw.EVERYTHING_LEAKS_COMPARTMENT))) {
            outcome(ex, 403, "forbidden", "the patient is outside the token's patient compartment");
            return;
        }
        ArrayNode entries = Http.JSON.createArrayNode();
        entries.addObject().put("fullUrl", fhirBase + "/Patient/" + id).set("resource", patient.get());
        for (ObjectNode o : data.all("Observation")) {
            if (id.equals(FhirData.patientOf(o))) {
                entries.addObject().put("fullUrl", fhirBase + "/Observation/" + o.path("id").asText()).set("resource", o);
            }
        }
        ObjectNode bundle = Http.JSON.createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "searchset");
        bundle.put("total", entries.size());
        bundle.set("entry", entries);
        Http.send(ex, 200, FHIR_JSON, Http.JSON.writeValueAsBytes(bundle));
    }

    /**
     * A batch or transaction Bundle (FHIR R4 §3.1.0.11) of GET reads ({@code Type/id}); each entry is answered as the
     * read would be, within the token's compartment. A transaction succeeds or fails as a whole: one refused entry
     * answers the whole Bundle with that entry's status. {@code batch-leaks-compartment} and
     * {@code transaction-leaks-compartment} answer the entries without the compartment.
     */
    private void batch(HttpExchange ex, Access access) throws IOException {
        com.fasterxml.jackson.databind.JsonNode in = jsonBody(ex);
        String kind = in == null ? "" : in.path("type").asText();
        if (!"Bundle".equals(in == null ? "" : in.path("resourceType").asText()) || !Set.of("batch", "transaction").contains(kind)) {
            outcome(ex, 400, "invalid", "only a Bundle of type batch or transaction is accepted at the base");
            return;
        }
        boolean transaction = kind.equals("transaction");
        boolean leak = flaws.contains(transaction ? Flaw.TRANSACTION_LEAKS_COMPARTMENT : Flaw.BATCH_LEAKS_COMPARTMENT);
        ArrayNode entries = Http.JSON.createArrayNode();
        int n = 0;
        for (com.fasterxml.jackson.databind.JsonNode e : in.path("entry")) {
            if (++n > 20) {
                break;
            }
            ObjectNode out = entries.addObject();
            String method = e.path("request").path("method").asText();
            String[] url = e.path("request").path("url").asText().split("/");
            String status;
            if (!method.equals("GET") || url.length != 2 || !Set.of("Patient", "Observation").contains(url[0])) {
                status = "400";
            } else {
                Reach reach = access.reach(url[0], SmartScope.Perm.R);
                Optional<ObjectNode> r = data.read(url[0], url[1]);
                status = reach == null ? "403" : r.isEmpty() ? "404" : !reach.test(r.get(), leak) ? "403" : "200";
                if (status.equals("200")) {
                    out.set("resource", r.get());
                }
            }
            out.putObject("response").put("status", status);
            if (transaction && !status.equals("200")) {
                outcome(ex, Integer.parseInt(status), status.equals("403") ? "forbidden" : status.equals("404") ? "not-found"
                        : "invalid", "transaction entry " + n + " failed (" + status + "), so the transaction failed as a whole");
                return;
            }
        }
        ObjectNode bundle = Http.JSON.createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", transaction ? "transaction-response" : "batch-response");
        bundle.set("entry", entries);
        Http.send(ex, 200, FHIR_JSON, Http.JSON.writeValueAsBytes(bundle));
    }

    /**
     * Which resources of one type an interaction reaches: those that some granting scope reaches, a system/ scope
     * any patient's, a patient/ (or user/) scope only the patient in context's, each within its granular constraint.
     */
    private record Reach(List<SmartScope> scopes, String patient, boolean constraintsIgnored) {
        boolean test(com.fasterxml.jackson.databind.JsonNode r) {
            return test(r, false);
        }

        /** {@code anyPatient}: the compartment is skipped (the compartment-leak flaws), the constraints still apply. */
        boolean test(com.fasterxml.jackson.databind.JsonNode r, boolean anyPatient) {
            for (SmartScope s : scopes) {
                boolean inCompartment = anyPatient || s.context().equals("system")
                        || patient != null && patient.equals(FhirData.patientOf(r));
                if (inCompartment && (constraintsIgnored || s.matches(r))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The scopes of a request and the patient in context. */
    private record Access(List<String> scope, String patient, Set<Flaw> flaws) {
        /** null when no scope grants {@code perm} on {@code type} (patient scopes need a patient in context). */
        Reach reach(String type, SmartScope.Perm perm) {
            List<SmartScope> granting = new java.util.ArrayList<>();
            for (String s : scope) {
                Optional<SmartScope> parsed = SmartScope.parse(s);
                if (parsed.isPresent() && permits(parsed.get(), type, perm)
                        && (parsed.get().context().equals("system") || patient != null)) {
                    granting.add(parsed.get());
                }
            }
            return granting.isEmpty() ? null : new Reach(granting, patient, flaws.contains(Flaw.GRANULAR_SCOPE_IGNORED));
        }

        private boolean permits(SmartScope s, String type, SmartScope.Perm perm) {
            String asType = flaws.contains(Flaw.SCOPE_UNENFORCED)
                    || s.context().equals("system") && flaws.contains(Flaw.SYSTEM_SCOPE_TYPE_UNCHECKED) ? s.resource() : type;
            if (s.v1() && s.perms().contains(SmartScope.Perm.R) && flaws.contains(Flaw.V1_READ_ALLOWS_WRITE)) {
                return s.resource().equals("*") || s.resource().equals(asType);
            }
            if (flaws.contains(Flaw.SMART_PERMISSIONS_COARSE) && (perm == SmartScope.Perm.R || perm == SmartScope.Perm.S)) {
                return s.permits(asType, SmartScope.Perm.R) || s.permits(asType, SmartScope.Perm.S);
            }
            return s.permits(asType, perm);
        }
    }
    static void outcome(HttpExchange ex, int status, String code, String text) throws IOException {
        Map<String, Object> oo = Map.of("resourceType", "OperationOutcome",
                "issue", List.of(Map.of("severity", "error", "code", code, "diagnostics", text)));
        Http.send(ex, status, FHIR_JSON, Http.JSON.writeValueAsBytes(oo));
    }
}
