package org.hitcert.load;

import static org.hitcert.load.Validation.q;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hitcert.model.Candidate;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.Candidate.LoginStep;
import org.hitcert.model.Candidate.ReferenceSpec;
import org.hitcert.model.Candidate.UserSpec;
import org.hitcert.model.Location;
import org.hitcert.model.SecretRef;

/**
 * Loads a candidate file ({@code fixtures/candidates/*.yaml}) into a {@link Candidate}, reporting every
 * problem with its {@code file:line:column}. Secrets are only ever {@code ${env:NAME}} references (or, for a
 * private key, {@code file:path}); environment variables are not read here. The format (published for
 * editors as {@code fixtures/candidates/candidate.schema.json}; this class is the authority):
 *
 * <pre>
 * hitcert-candidate: 1            required; must be 1
 * name: my-ehr-staging            required; [A-Za-z0-9._-]+
 * reference: { flaws: [...] }     the built-in reference candidate, with known flaw ids; or:
 * issuer: https://...             a real server: absolute https URL, no query or fragment
 * fhir-base: https://...          optional; absolute https URL
 * endpoints: { token: https://... }   optional; keys from Candidate.ENDPOINT_ROLES; https URLs
 * allowed-hosts: [...]            required with issuer; holds every host above
 * trust-anchor: certs/ca.pem      optional; relative to this file; a PEM file with a certificate
 * callback: http://127.0.0.1:8765/callback   required with issuer; loopback, explicit port
 * clients: [...]                  required, non-empty with issuer; role public|confidential|backend|second|native|
 *                                 confidential-jwt|backend-jwks-uri|short-lived|other-audience|refresh-idle, or
 *                                 roles: [backend, confidential] for one client in several roles; several clients
 *                                 may share a role (each check picks the one that fits it, and says which)
 *                                 (read-only: true when the candidate grants that client read and search at most,
 *                                 whatever it asks for; default false)
 * users: [...]                    required, non-empty with issuer; one with role default
 *                                 (role lockout: an account the lockout check may lock; role mfa: totp-secret
 *                                 ${env:NAME} (base32) and mfa-acr, the acr value of a multi-factor login)
 * login: [...]                    required, non-empty with issuer; steps fill (+ value) | click | wait-for
 *                                 | check (ticks every displayed checkbox the selector matches)
 *                                 (+ optional: true, consent: true for the steps of the consent page;
 *                                 values may use ${user.username}, ${user.password}, ${user.totp})
 * claims: { name: 60 }            optional; keys that checks read (code-lifetime-seconds, refresh-idle-seconds,
 *                                 plaintext-port, ...; each also as <key>-<role> for one client role),
 *                                 non-negative integers (code-lifetime-seconds may be none: codes never expire)
 * profiles: [smart, heart]        optional; plan profiles the candidate claims ([a-z0-9-]+); the plan must
 *                                 declare them. Absent: core requirements only (the reference: every profile)
 * fhir-samples:                   optional, also with reference: FHIR logical ids ([A-Za-z0-9.-]{1,64}) of sample
 *   patient-a: A                  resources: patient-a (the default user's patient), patient-b (another patient),
 *   observation-b: b1             observation-a, observation-b, laboratory-observation-a, vital-signs-observation-a;
 *                                 each optional (the checks search for what is not given)
 * launch:                         optional, with issuer: the suite starts the candidate itself, and stops it after
 *   command: [node, server.mjs]   required; the program and its arguments
 *   folder: .                     working folder, relative to this file (default: this file's folder)
 *   env: { PORT: "9443" }         added to its environment; values may hold ${env:NAME}
 *   generate-secrets: [NAME]      variables the suite makes (random, per JVM) when its environment lacks them
 *   install: [npm, ci]            run first when 'installed' is missing from the folder
 *   installed: node_modules       default node_modules
 *   ready: https://127.0.0.1:9443/.well-known/openid-configuration   required; loopback, in allowed-hosts; 200 = ready
 *   startup-timeout: 60           seconds, 1..600 (default 60)
 *   install-timeout: 300          seconds, 1..1800 (default 300)
 * </pre>
 *
 * Exactly one of {@code reference} and {@code issuer}; with {@code reference}, none of the keys the reference
 * supplies (issuer, fhir-base, endpoints, allowed-hosts, callback, clients, users, login).
 */
public final class CandidateLoader {

    static final List<String> CANDIDATE_KEYS = List.of("hitcert-candidate", "name", "reference", "issuer",
            "fhir-base", "endpoints", "allowed-hosts", "trust-anchor", "callback", "clients", "users", "login",
            "claims", "profiles", "launch", "fhir-samples");
    static final List<String> SUPPLIED_BY_REFERENCE = List.of("issuer", "fhir-base", "endpoints", "allowed-hosts",
            "callback", "clients", "users", "login", "launch");
    static final List<String> LAUNCH_KEYS = List.of("command", "folder", "env", "generate-secrets", "install",
            "installed", "ready", "startup-timeout", "install-timeout");
    static final List<String> REFERENCE_KEYS = List.of("flaws");
    static final List<String> CLIENT_KEYS =
            List.of("role", "roles", "client-id", "auth-method", "secret", "private-key", "redirect-uris", "scope",
                    "read-only");
    static final List<String> CLIENT_ROLES = List.of("public", "confidential", "backend", "second", "native",
            "confidential-jwt", "backend-jwks-uri", "short-lived", "other-audience", "refresh-idle");
    static final List<String> AUTH_METHODS =
            List.of("none", "client_secret_basic", "client_secret_post", "private_key_jwt");
    static final List<String> USER_KEYS = List.of("role", "username", "password",
            "totp-secret", "mfa-acr");
    static final List<String> LOGIN_KEYS = List.of("fill", "click", "wait-for", "check", "value", "optional",
            "consent");
    static final List<String> LOGIN_ACTIONS = List.of("fill", "click", "wait-for", "check");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern CLAIM = Pattern.compile("[a-z0-9-]+");
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9.-]{1,64}");
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

    private final Set<String> knownFlaws;
    /** The claim keys checks read; empty: claim names are not checked against them. */
    private final Optional<Set<String>> knownClaims;

    /**
     * A loader that checks claim names only for their form.
     *
     * @param knownFlaws the flaw ids a {@code reference} may switch on, such as {@code pkce-optional}
     */
    public CandidateLoader(Set<String> knownFlaws) {
        this.knownFlaws = new TreeSet<>(Objects.requireNonNull(knownFlaws, "knownFlaws"));
        this.knownClaims = Optional.empty();
    }

    /**
     * @param knownFlaws  the flaw ids a {@code reference} may switch on
     * @param knownClaims the {@code claims} keys checks read ({@code CheckCatalog#claimKeys}): any other key, but for
     *                    one of them followed by {@code -<role>}, is a mistake (a typo would silently lose the claim)
     */
    public CandidateLoader(Set<String> knownFlaws, Set<String> knownClaims) {
        this.knownFlaws = new TreeSet<>(Objects.requireNonNull(knownFlaws, "knownFlaws"));
        this.knownClaims = Optional.of(new TreeSet<>(Objects.requireNonNull(knownClaims, "knownClaims")));
    }

    /** The name nearest {@code word} by edit distance, if within a quarter of its length (at least 2). */
    static Optional<String> closest(String word, List<String> names) {
        String best = null;
        int bestDistance = Math.max(2, word.length() / 4) + 1;
        for (String n : names) {
            int d = Validation.distance(word, n);
            if (d < bestDistance) {
                best = n;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Every claim name a candidate file may use: each known key, alone and followed by {@code -<role>}. */
    private List<String> claimNames() {
        List<String> names = new ArrayList<>();
        knownClaims.orElse(Set.of()).forEach(k -> {
            names.add(k);
            CLIENT_ROLES.forEach(r -> names.add(k + "-" + r));
        });
        return names;
    }

    /** Never throws: an unreadable file, a syntax error or a wrong value is a problem of the result. */
    public Loaded<Candidate> load(Path file) {
        return Loaded.fromYaml(file, "candidate", (v, root) -> new Run(v, file).candidate(root));
    }

    /** A URL value with the node it came from, to point at it when its host is not allowed. */
    private record Url(String label, URI uri, Node node) {
    }

    private final class Run {
        private final Validation v;
        private final Path file;
        private final List<Url> urls = new ArrayList<>();

        Run(Validation v, Path file) {
            this.v = v;
            this.file = file;
        }

        Loaded<Candidate> candidate(Node root) {
            if (!(root instanceof Node.Mapping m)) {
                v.error(root.location(), "a candidate must be a mapping of keys (hitcert-candidate, name, ...), not "
                        + Node.describe(root));
                return new Loaded<>(Optional.empty(), v.problems());
            }
            Validation.Fields f = v.fields(m, "the candidate", CANDIDATE_KEYS);
            f.require("hitcert-candidate", "hitcert-candidate: 1 (the candidate format version)")
                    .ifPresent(n -> v.integer(q("hitcert-candidate"), n).filter(version -> version != 1)
                            .ifPresent(version -> v.error(n.location(),
                                    "'hitcert-candidate' must be 1 (the only candidate format version), not " + version)));
            Optional<String> name = f.require("name", "a short name like my-ehr-staging")
                    .flatMap(n -> v.matching(q("name"), n, NAME, "letters, digits, '.', '_' and '-' ([A-Za-z0-9._-]+)"));
            Optional<String> trustAnchor = f.get("trust-anchor").flatMap(this::trustAnchor);
            Optional<Map<String, Long>> claims = f.get("claims").map(this::claims).orElse(Optional.of(Map.of()));
            Optional<List<Candidate.ProfileClaim>> profiles = f.get("profiles").map(this::profiles)
                    .orElse(Optional.of(List.of()));
            Optional<Candidate.FhirSamples> samples = f.get("fhir-samples").map(this::fhirSamples)
                    .orElse(Optional.of(Candidate.FhirSamples.NONE));

            boolean reference = f.has("reference");
            boolean issuer = f.has("issuer");
            if (!reference && !issuer) {
                v.error(m.location(), "the candidate has neither 'reference' nor 'issuer'; give reference: {} to test "
                        + "the built-in reference candidate, or issuer: https://... to test a real server");
                return new Loaded<>(Optional.empty(), v.problems());
            }
            if (reference) {
                for (String key : SUPPLIED_BY_REFERENCE) {
                    if (f.has(key)) {
                        v.error(f.keyLocation(key), q(key) + " is not allowed with 'reference': the reference candidate "
                                + "supplies it; remove " + q(key) + ", or remove 'reference' to test a real server");
                    }
                }
                Optional<ReferenceSpec> spec = reference(f.get("reference").orElseThrow(), f.keyLocation("reference"));
                return v.result(() -> new Candidate(name.orElseThrow(), spec, Optional.empty(), Optional.empty(),
                        Map.of(), List.of(), trustAnchor, Optional.empty(), List.of(), List.of(), List.of(),
                        claims.orElseThrow(), profiles.orElseThrow(), m.location(), Optional.empty(), samples.orElseThrow()));
            }
            return real(m, f, name, trustAnchor, claims, profiles, samples);
        }

        Loaded<Candidate> real(Node.Mapping m, Validation.Fields f, Optional<String> name,
                               Optional<String> trustAnchor, Optional<Map<String, Long>> claims,
                               Optional<List<Candidate.ProfileClaim>> profiles, Optional<Candidate.FhirSamples> samples) {
            Optional<Optional<Candidate.Launch>> launch = f.get("launch").map(n -> launch(n).map(Optional::of))
                    .orElse(Optional.of(Optional.empty()));
            Optional<URI> issuer = f.get("issuer").flatMap(n -> https(q("issuer"), n, true));
            Optional<URI> fhirBase = f.get("fhir-base").flatMap(n -> https(q("fhir-base"), n, false));
            Map<String, URI> endpoints = new LinkedHashMap<>();
            f.get("endpoints").flatMap(n -> v.mapping(q("endpoints"), n, "a mapping of endpoint role to https URL"))
                    .ifPresent(em -> {
                        v.fields(em, "'endpoints'", Candidate.ENDPOINT_ROLES);
                        for (Node.Entry e : em.entries().values()) {
                            if (Candidate.ENDPOINT_ROLES.contains(e.key())) {
                                https("endpoint " + q(e.key()), e.value(), false)
                                        .ifPresent(u -> endpoints.put(e.key(), u));
                            }
                        }
                    });
            Optional<List<String>> allowedHosts = f.require("allowed-hosts",
                    "the list of hosts the suite may talk to, e.g. [auth.example.org, fhir.example.org]")
                    .flatMap(n -> v.nonEmptyList(q("allowed-hosts"), n, "a list of host names",
                            "list the hosts of issuer, fhir-base and every endpoint"))
                    .flatMap(this::hosts);
            allowedHosts.ifPresent(this::checkHosts);
            Optional<URI> callback = f.require("callback", "a loopback URL like http://127.0.0.1:8765/callback")
                    .flatMap(this::callback);
            Optional<List<ClientSpec>> clients = f.require("clients", "a non-empty list of clients")
                    .flatMap(n -> v.nonEmptyList(q("clients"), n, "a list of clients",
                            "the suite needs at least one registered client"))
                    .flatMap(seq -> clients(seq, callback));
            Optional<List<UserSpec>> users = f.require("users", "a non-empty list of users with a 'default' one")
                    .flatMap(n -> v.nonEmptyList(q("users"), n, "a list of users",
                            "the suite needs a test user with role default"))
                    .flatMap(this::users);
            Optional<List<LoginStep>> login = f.require("login", "a non-empty list of login steps")
                    .flatMap(n -> v.nonEmptyList(q("login"), n, "a list of login steps",
                            "the suite needs steps to sign the test user in"))
                    .flatMap(this::login);
            return v.result(() -> new Candidate(name.orElseThrow(), Optional.empty(), issuer, fhirBase, endpoints,
                    allowedHosts.orElseThrow(), trustAnchor, callback, clients.orElseThrow(), users.orElseThrow(),
                    login.orElseThrow(), claims.orElseThrow(), profiles.orElseThrow(), m.location(), launch.orElseThrow(),
                    samples.orElseThrow()));
        }

        Optional<Candidate.FhirSamples> fhirSamples(Node node) {
            Optional<Node.Mapping> m = v.mapping(q("fhir-samples"), node, "a mapping of sample name to FHIR id, like "
                    + "{ patient-a: A, patient-b: B }");
            if (m.isEmpty()) {
                return Optional.empty();
            }
            v.fields(m.get(), "'fhir-samples'", Candidate.FhirSamples.KEYS);
            Map<String, String> ids = new LinkedHashMap<>();
            boolean ok = true;
            for (Node.Entry e : m.get().entries().values()) {
                if (!Candidate.FhirSamples.KEYS.contains(e.key())) {
                    continue;
                }
                Optional<String> id = v.matching("fhir-samples " + q(e.key()), e.value(), FHIR_ID,
                        "a FHIR logical id (letters, digits, '-' and '.', at most 64), like A, without the type: not "
                                + "Patient/A");
                ok &= id.isPresent();
                id.ifPresent(x -> ids.put(e.key(), x));
            }
            return ok ? Optional.of(Candidate.FhirSamples.of(ids)) : Optional.empty();
        }

        Optional<List<Candidate.ProfileClaim>> profiles(Node node) {
            Optional<Node.Seq> seq = v.list(q("profiles"), node, "a list of profile ids like [smart, heart]");
            if (seq.isEmpty()) {
                return Optional.empty();
            }
            List<Candidate.ProfileClaim> claimed = new ArrayList<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            boolean ok = true;
            for (Node item : seq.get().items()) {
                Optional<String> id = v.matching("each of 'profiles'", item, CLAIM,
                        "a profile id of the plan: lower-case letters, digits and '-', e.g. smart");
                if (id.isEmpty()) {
                    ok = false;
                } else if (!seen.add(id.get())) {
                    v.error(item.location(), "profile " + q(id.get()) + " is listed twice; list each profile once");
                    ok = false;
                } else {
                    claimed.add(new Candidate.ProfileClaim(id.get(), item.location()));
                }
            }
            return ok ? Optional.of(claimed) : Optional.empty();
        }

        Optional<Candidate.Launch> launch(Node node) {
            Optional<Node.Mapping> m = v.mapping(q("launch"), node, "a mapping with command and ready");
            if (m.isEmpty()) {
                return Optional.empty();
            }
            Validation.Fields f = v.fields(m.get(), "'launch'", LAUNCH_KEYS);
            Optional<List<String>> command = f.require("command", "the program and its arguments, like [node, server.mjs]")
                    .flatMap(n -> words("command", n, false));
            Optional<java.nio.file.Path> folder = f.get("folder").map(n -> v.string(q("folder"), n).flatMap(text -> {
                java.nio.file.Path p = resolve(text);
                if (!Files.isDirectory(p)) {
                    v.error(n.location(), "'folder' " + q(text) + " is not a folder (looked for " + p
                            + "); paths are relative to the candidate file's directory");
                    return Optional.empty();
                }
                return Optional.of(p);
            })).orElse(Optional.of(resolve(".")));
            Map<String, String> env = new LinkedHashMap<>();
            boolean envOk = f.get("env").map(n -> v.mapping(q("env"), n, "a mapping of variable name to text").map(em -> {
                boolean ok = true;
                for (Node.Entry e : em.entries().values()) {
                    if (!Validation.ENV_NAME.matcher(e.key()).matches()) {
                        v.error(e.keyLocation(), "variable name " + q(e.key()) + " must be upper-case letters, digits "
                                + "and '_' ([A-Z_][A-Z0-9_]*)");
                        ok = false;
                        continue;
                    }
                    Optional<String> value = v.string("variable " + q(e.key()), e.value());
                    value.ifPresent(x -> env.put(e.key(), x));
                    ok &= value.isPresent();
                }
                return ok;
            }).orElse(false)).orElse(true);
            Optional<List<String>> generate = f.get("generate-secrets").map(n -> words("generate-secrets", n, true)
                    .filter(names -> {
                        for (String name : names) {
                            if (!Validation.ENV_NAME.matcher(name).matches()) {
                                v.error(n.location(), "each of 'generate-secrets' must be a variable name like "
                                        + "HITCERT_USER_PASSWORD, not " + q(name));
                                return false;
                            }
                        }
                        return true;
                    })).orElse(Optional.of(List.of()));
            Optional<List<String>> install = f.get("install").map(n -> words("install", n, false))
                    .orElse(Optional.of(List.of()));
            Optional<String> installed = f.get("installed").map(n -> v.string(q("installed"), n)).orElse(Optional.of("node_modules"));
            Optional<URI> ready = f.require("ready", "a loopback https URL that answers 200 once the candidate is ready")
                    .flatMap(n -> https(q("ready"), n, false).filter(u -> {
                        if (!LOOPBACK.contains(u.getHost().toLowerCase(Locale.ROOT))) {
                            v.error(n.location(), "'ready' must be on a loopback host (127.0.0.1, localhost or [::1]): the "
                                    + "suite launches candidates on this machine only, not " + q(u.toString()));
                            return false;
                        }
                        return true;
                    }));
            Optional<Long> startup = seconds(f, "startup-timeout", 60, 600);
            Optional<Long> installTime = seconds(f, "install-timeout", 300, 1800);
            if (command.isEmpty() || folder.isEmpty() || !envOk || generate.isEmpty() || install.isEmpty()
                    || installed.isEmpty() || ready.isEmpty() || startup.isEmpty() || installTime.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Candidate.Launch(command.get(), folder.get(), env, generate.get(), install.get(),
                    installed.get(), ready.get(), java.time.Duration.ofSeconds(startup.get()),
                    java.time.Duration.ofSeconds(installTime.get()), m.get().location()));
        }

        Optional<Long> seconds(Validation.Fields f, String key, long fallback, long max) {
            return f.get(key).map(n -> v.integer(q(key), n).filter(s -> {
                if (s < 1 || s > max) {
                    v.error(n.location(), q(key) + " must be between 1 and " + max + " seconds, not " + s);
                    return false;
                }
                return true;
            })).orElse(Optional.of(fallback));
        }

        Optional<List<String>> words(String key, Node node, boolean mayBeEmpty) {
            Optional<Node.Seq> seq = mayBeEmpty ? v.list(q(key), node, "a list of strings")
                    : v.nonEmptyList(q(key), node, "a list of strings, like [npm, ci]", "give the program to run");
            if (seq.isEmpty()) {
                return Optional.empty();
            }
            List<String> out = new ArrayList<>();
            boolean ok = true;
            for (Node item : seq.get().items()) {
                Optional<String> w = v.string("each of " + q(key), item);
                ok &= w.isPresent();
                w.ifPresent(out::add);
            }
            return ok ? Optional.of(out) : Optional.empty();
        }

        Optional<ReferenceSpec> reference(Node node, Location keyLocation) {
            if (node instanceof Node.Scalar s && s.kind() == Node.ScalarKind.NULL) {
                return Optional.of(new ReferenceSpec(List.of(), keyLocation));
            }
            Optional<Node.Mapping> m = v.mapping(q("reference"), node, "a mapping like { flaws: [pkce-optional] }");
            if (m.isEmpty()) {
                return Optional.empty();
            }
            Validation.Fields f = v.fields(m.get(), "'reference'", REFERENCE_KEYS);
            List<String> flaws = new ArrayList<>();
            boolean[] ok = {true};
            f.get("flaws").ifPresent(n -> v.list(q("flaws"), n, "a list of flaw ids").ifPresentOrElse(seq -> {
                for (Node item : seq.items()) {
                    Optional<String> flaw = v.string("each of 'flaws'", item);
                    if (flaw.isEmpty()) {
                        ok[0] = false;
                    } else if (!knownFlaws.contains(flaw.get())) {
                        v.error(item.location(), "flaw " + q(flaw.get()) + " is unknown; "
                                + Validation.suggestion(flaw.get(), knownFlaws).map(s -> "did you mean " + q(s) + "? ")
                                .orElse("") + "known flaws: " + String.join(", ", knownFlaws));
                        ok[0] = false;
                    } else {
                        flaws.add(flaw.get());
                    }
                }
            }, () -> ok[0] = false));
            return ok[0] ? Optional.of(new ReferenceSpec(flaws, m.get().location())) : Optional.empty();
        }

        /** An absolute https URL; {@code label} names the value in messages. */
        Optional<URI> https(String label, Node node, boolean noQueryOrFragment) {
            Optional<String> text = v.string(label, node);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            Optional<URI> uri = parse(text.get());
            boolean ok = uri.isPresent() && "https".equalsIgnoreCase(uri.get().getScheme())
                    && uri.get().getHost() != null && uri.get().getRawUserInfo() == null
                    && (!noQueryOrFragment || (uri.get().getRawQuery() == null && uri.get().getRawFragment() == null));
            if (!ok) {
                v.error(node.location(), label + " must be an absolute https URL"
                        + (noQueryOrFragment ? " without query or fragment" : "") + ", like https://auth.example.org, not "
                        + q(text.get()));
                return Optional.empty();
            }
            urls.add(new Url(label, uri.get(), node));
            return uri;
        }

        Optional<URI> parse(String text) {
            try {
                URI uri = new URI(text);
                return uri.isAbsolute() ? Optional.of(uri) : Optional.empty();
            } catch (URISyntaxException e) {
                return Optional.empty();
            }
        }

        Optional<List<String>> hosts(Node.Seq seq) {
            List<String> hosts = new ArrayList<>();
            boolean ok = true;
            for (Node item : seq.items()) {
                Optional<String> host = v.string("each of 'allowed-hosts'", item);
                if (host.isEmpty()) {
                    ok = false;
                } else if (host.get().contains("/") || host.get().contains(":") && !host.get().startsWith("[")) {
                    v.error(item.location(), "each of 'allowed-hosts' must be a host name without scheme, port or path, "
                            + "like auth.example.org, not " + q(host.get()));
                    ok = false;
                } else {
                    hosts.add(host.get().toLowerCase(Locale.ROOT));
                }
            }
            return ok ? Optional.of(hosts) : Optional.empty();
        }

        void checkHosts(List<String> allowed) {
            for (Url url : urls) {
                String host = url.uri().getHost().toLowerCase(Locale.ROOT);
                if (!allowed.contains(host)) {
                    v.error(url.node().location(), "host " + q(host) + " of " + url.label()
                            + " is not in 'allowed-hosts'; add it there, or the suite will refuse to contact it");
                }
            }
        }

        Optional<URI> callback(Node node) {
            Optional<String> text = v.string(q("callback"), node);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            Optional<URI> uri = parse(text.get()).filter(u -> ("http".equalsIgnoreCase(u.getScheme())
                    || "https".equalsIgnoreCase(u.getScheme())) && u.getHost() != null
                    && LOOPBACK.contains(u.getHost().toLowerCase(Locale.ROOT)) && u.getPort() > 0
                    && u.getRawFragment() == null);
            if (uri.isEmpty()) {
                v.error(node.location(), "'callback' must be an http or https URL on a loopback host (127.0.0.1, "
                        + "localhost or [::1]) with an explicit port and no fragment, like http://127.0.0.1:8765/callback, not "
                        + q(text.get()));
            }
            return uri;
        }

        Optional<List<ClientSpec>> clients(Node.Seq seq, Optional<URI> callback) {
            List<ClientSpec> clients = new ArrayList<>();
            boolean ok = true;
            int i = 0;
            for (Node item : seq.items()) {
                i++;
                Optional<ClientSpec> c = client(item, i, callback);
                ok &= c.isPresent();
                c.ifPresent(clients::add);
            }
            return ok ? Optional.of(clients) : Optional.empty();
        }

        Optional<ClientSpec> client(Node node, int index, Optional<URI> callback) {
            Optional<Node.Mapping> m = v.mapping("client #" + index, node,
                    "a mapping with role, client-id, auth-method and scope");
            if (m.isEmpty()) {
                return Optional.empty();
            }
            String owner = m.get().entry("client-id").map(Node.Entry::value)
                    .filter(n -> n instanceof Node.Scalar s && s.kind() == Node.ScalarKind.STRING)
                    .map(n -> "client " + q(((Node.Scalar) n).text())).orElse("client #" + index);
            Validation.Fields f = v.fields(m.get(), owner, CLIENT_KEYS);
            Optional<List<String>> allRoles = roles(f, m.get(), owner);
            Optional<String> role = allRoles.map(l -> l.get(0));
            Optional<String> clientId = f.requireString("client-id", "the client_id registered at the candidate");
            Optional<String> method = f.require("auth-method", "one of: " + String.join(", ", AUTH_METHODS))
                    .flatMap(n -> v.oneOf(q("auth-method"), n, AUTH_METHODS));
            boolean usesSecret = method.filter(s -> s.startsWith("client_secret_")).isPresent();
            boolean usesKey = method.filter("private_key_jwt"::equals).isPresent();
            Optional<SecretRef> secret = f.get("secret").flatMap(n -> v.envSecret(q("secret"), n, "HITCERT_CLIENT_SECRET"));
            if (usesSecret && !f.has("secret")) {
                f.missing("secret", "auth-method " + method.get() + " needs secret: ${env:NAME}");
            } else if (method.isPresent() && !usesSecret && f.has("secret")) {
                v.error(f.keyLocation("secret"), "'secret' is only used with auth-method client_secret_basic or "
                        + "client_secret_post, not " + method.get() + "; remove it");
            }
            Optional<SecretRef> privateKey = f.get("private-key").flatMap(this::privateKey);
            if (usesKey && !f.has("private-key")) {
                f.missing("private-key", "auth-method private_key_jwt needs private-key: ${env:NAME} or file:path (a private "
                        + "JWK, or a PEM key: PKCS#8, PKCS#1 or SEC1)");
            } else if (method.isPresent() && !usesKey && f.has("private-key")) {
                v.error(f.keyLocation("private-key"), "'private-key' is only used with auth-method private_key_jwt, not "
                        + method.get() + "; remove it");
            }
            Optional<List<URI>> redirects = f.get("redirect-uris")
                    .map(n -> v.nonEmptyList(q("redirect-uris"), n, "a list of URLs",
                            "leave it out to use the callback").flatMap(this::redirectUris))
                    .orElse(Optional.of(callback.map(List::of).orElse(List.of())));
            Optional<String> scope = f.requireString("scope", "the scope the suite asks for, like \"openid fhirUser\"");
            Optional<Boolean> readOnly = f.get("read-only").map(n -> v.bool(q("read-only"), n)).orElse(Optional.of(false));
            if (allRoles.isEmpty() || clientId.isEmpty() || method.isEmpty() || redirects.isEmpty() || scope.isEmpty()
                    || readOnly.isEmpty() || (usesSecret && secret.isEmpty()) || (usesKey && privateKey.isEmpty())) {
                return Optional.empty();
            }
            return Optional.of(new ClientSpec(role.get(), clientId.get(), method.get(),
                    usesSecret ? secret : Optional.empty(), usesKey ? privateKey : Optional.empty(), redirects.get(),
                    scope.get(), m.get().location(), readOnly.get(), allRoles.get()));
        }

        /** A client's {@code role: r}, or its {@code roles: [r1, r2]} (exactly one of the two), each a known role. */
        Optional<List<String>> roles(Validation.Fields f, Node.Mapping m, String owner) {
            String known = "one of: " + String.join(", ", CLIENT_ROLES);
            if (f.has("role") && f.has("roles")) {
                v.error(f.keyLocation("roles"), owner + " has both 'role' and 'roles'; give role: r for one role, or "
                        + "roles: [r1, r2] for several");
                return Optional.empty();
            }
            if (!f.has("roles")) {
                return f.require("role", known + " (or roles: [...] for several)")
                        .flatMap(n -> v.oneOf(q("role"), n, CLIENT_ROLES)).map(List::of);
            }
            Optional<Node.Seq> seq = v.nonEmptyList(q("roles"), f.get("roles").orElseThrow(), "a list of roles, like "
                    + "[backend, confidential]", "a client serves at least one role");
            if (seq.isEmpty()) {
                return Optional.empty();
            }
            List<String> out = new ArrayList<>();
            Map<String, Location> seen = new HashMap<>();
            boolean ok = true;
            for (Node item : seq.get().items()) {
                Optional<String> r = v.oneOf("each of 'roles'", item, CLIENT_ROLES)
                        .filter(x -> unique(x, item, seen, "role"));
                ok &= r.isPresent();
                r.ifPresent(out::add);
            }
            return ok ? Optional.of(out) : Optional.empty();
        }

        Optional<SecretRef> privateKey(Node node) {
            Optional<String> text = v.string(q("private-key"), node);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            Matcher env = Validation.ENV_REF.matcher(text.get());
            if (env.matches()) {
                return v.envName(q("private-key"), node, env.group(1)).map(SecretRef::env);
            }
            if (text.get().startsWith("file:")) {
                Path path = resolve(text.get().substring(5));
                if (!Files.isRegularFile(path)) {
                    v.error(node.location(), "'private-key' file " + q(text.get().substring(5)) + " not found (looked for "
                            + path + "); paths are relative to the candidate file's directory");
                    return Optional.empty();
                }
                try {
                    Optional<String> problem = org.hitcert.support.PrivateKeys.problem(Files.readString(path));
                    if (problem.isPresent()) {
                        v.error(node.location(), "'private-key' file " + q(text.get().substring(5)) + " holds "
                                + problem.get());
                        return Optional.empty();
                    }
                } catch (java.io.IOException | java.io.UncheckedIOException e) {
                    v.error(node.location(), "'private-key' file " + q(text.get().substring(5)) + " cannot be read ("
                            + e.getClass().getSimpleName() + "); it must be readable by the suite");
                    return Optional.empty();
                }
                return Optional.of(SecretRef.file(path));
            }
            v.error(node.location(), "'private-key' must be an environment reference like ${env:HITCERT_CLIENT_JWK} or "
                    + "a file reference like file:keys/client.jwk, not a literal value: secrets never live in files");
            return Optional.empty();
        }

        Optional<List<URI>> redirectUris(Node.Seq seq) {
            List<URI> uris = new ArrayList<>();
            boolean ok = true;
            for (Node item : seq.items()) {
                Optional<String> text = v.string("each of 'redirect-uris'", item);
                Optional<URI> uri = text.flatMap(this::parse).filter(u -> u.getRawFragment() == null);
                if (text.isPresent() && uri.isEmpty()) {
                    v.error(item.location(), "each of 'redirect-uris' must be an absolute URL without fragment, like "
                            + "http://127.0.0.1:8765/callback, not " + q(text.get()));
                }
                ok &= uri.isPresent();
                uri.ifPresent(uris::add);
            }
            return ok ? Optional.of(uris) : Optional.empty();
        }

        Optional<List<UserSpec>> users(Node.Seq seq) {
            List<UserSpec> users = new ArrayList<>();
            Map<String, Location> roles = new HashMap<>();
            boolean ok = true;
            int i = 0;
            for (Node item : seq.items()) {
                i++;
                Optional<UserSpec> u = user(item, i, roles);
                ok &= u.isPresent();
                u.ifPresent(users::add);
            }
            if (ok && !roles.containsKey("default")) {
                v.error(seq.location(), "'users' has no user with role default; the suite signs in as that user");
                ok = false;
            }
            ok &= lockoutAlone(users);
            return ok ? Optional.of(users) : Optional.empty();
        }

        /**
         * The lockout check locks its user's account on purpose: an account that another role signs in with too would be
         * locked for that role's checks as well, and a server that refuses concurrent logins of one account would refuse
         * them while the lockout check runs.
         */
        private boolean lockoutAlone(List<UserSpec> users) {
            boolean ok = true;
            for (UserSpec lockout : users.stream().filter(u -> u.role().equals("lockout")).toList()) {
                for (UserSpec other : users) {
                    if (other != lockout && other.username().equals(lockout.username())) {
                        v.error(lockout.location(), "the lockout user " + q(lockout.username()) + " is also the "
                                + other.role() + " user (" + other.location() + "); the lockout check locks that account,"
                                + " so it must be an account of its own that no other role signs in with");
                        ok = false;
                    }
                }
            }
            return ok;
        }

        Optional<UserSpec> user(Node node, int index, Map<String, Location> roles) {
            Optional<Node.Mapping> m = v.mapping("user #" + index, node, "a mapping with role, username and password");
            if (m.isEmpty()) {
                return Optional.empty();
            }
            String owner = m.get().entry("role")
                    .map(Node.Entry::value).filter(n -> n instanceof Node.Scalar s && s.kind() == Node.ScalarKind.STRING)
                    .map(n -> "user " + q(((Node.Scalar) n).text())).orElse("user #" + index);
            Validation.Fields f = v.fields(m.get(), owner, USER_KEYS);
            Optional<String> role = f.require("role", "a role such as default").flatMap(n -> v.string(q("role"), n)
                    .filter(r -> unique(r, n, roles, "user role")));
            Optional<String> username = f.requireString("username", "the test user's login name");
            Optional<SecretRef> password = f.require("password", "an environment reference like ${env:HITCERT_USER_PASSWORD}")
                    .flatMap(n -> v.envSecret(q("password"), n, "HITCERT_USER_PASSWORD"));
            Optional<SecretRef> totp = f.get("totp-secret").flatMap(n -> v.envSecret(q("totp-secret"), n, "HITCERT_MFA_TOTP_SECRET"));
            Optional<String> mfaAcr = f.get("mfa-acr").flatMap(n -> v.string(q("mfa-acr"), n));
            if (role.isEmpty() || username.isEmpty() || password.isEmpty()
                    || f.has("totp-secret") && totp.isEmpty() || f.has("mfa-acr") && mfaAcr.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new UserSpec(role.get(), username.get(), password.get(), m.get().location(), totp, mfaAcr));
        }

        Optional<List<LoginStep>> login(Node.Seq seq) {
            List<LoginStep> steps = new ArrayList<>();
            boolean ok = true;
            int i = 0;
            for (Node item : seq.items()) {
                i++;
                Optional<LoginStep> s = step(item, i);
                ok &= s.isPresent();
                s.ifPresent(steps::add);
            }
            return ok ? Optional.of(steps) : Optional.empty();
        }

        Optional<LoginStep> step(Node node, int index) {
            String owner = "login step #" + index;
            Optional<Node.Mapping> m = v.mapping(owner, node, "a mapping like { click: \"#approve\" }");
            if (m.isEmpty()) {
                return Optional.empty();
            }
            Validation.Fields f = v.fields(m.get(), owner, LOGIN_KEYS);
            List<String> actions = LOGIN_ACTIONS.stream().filter(f::has).toList();
            if (actions.size() != 1) {
                v.error(m.get().location(), owner + (actions.isEmpty() ? " has no action" : " has "
                        + String.join(" and ", actions.stream().map(Validation::q).toList()))
                        + "; a step has exactly one of fill, click, wait-for, check");
                return Optional.empty();
            }
            String action = actions.get(0);
            Optional<String> selector = f.string(action);
            Optional<String> value = Optional.empty();
            if (action.equals("fill")) {
                value = f.requireString("value", "the text to type, e.g. \"${user.username}\"");
            } else if (f.has("value")) {
                v.error(f.keyLocation("value"), "'value' is only allowed with fill, not with " + action + "; remove it");
                return Optional.empty();
            }
            Optional<Boolean> optional = f.get("optional").map(n -> v.bool(q("optional"), n)).orElse(Optional.of(false));
            Optional<Boolean> consent = f.get("consent").map(n -> v.bool(q("consent"), n)).orElse(Optional.of(false));
            if (selector.isEmpty() || optional.isEmpty() || consent.isEmpty() || (action.equals("fill") && value.isEmpty())) {
                return Optional.empty();
            }
            LoginStep.Action a = LoginStep.Action.valueOf(action.toUpperCase(Locale.ROOT).replace('-', '_'));
            return Optional.of(new LoginStep(a, selector.get(), value.orElse(null), optional.get(), m.get().location(),
                    consent.get()));
        }

        Optional<String> trustAnchor(Node node) {
            Optional<String> text = v.string(q("trust-anchor"), node);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            Path path = resolve(text.get());
            if (!Files.isRegularFile(path)) {
                v.error(node.location(), "'trust-anchor' file " + q(text.get()) + " not found (looked for " + path
                        + "); paths are relative to the candidate file's directory");
                return Optional.empty();
            }
            try {
                String pem = Files.readString(path, StandardCharsets.ISO_8859_1);
                if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
                    v.error(node.location(), "'trust-anchor' file " + q(text.get()) + " holds no PEM certificate; "
                            + "expected a -----BEGIN CERTIFICATE----- block");
                    return Optional.empty();
                }
            } catch (IOException e) {
                v.error(node.location(), "'trust-anchor' file " + q(text.get()) + " cannot be read: " + e.getMessage());
                return Optional.empty();
            }
            return Optional.of(path.toString());
        }

        Optional<Map<String, Long>> claims(Node node) {
            Optional<Node.Mapping> m = v.mapping(q("claims"), node, "a mapping of claim name to number");
            if (m.isEmpty()) {
                return Optional.empty();
            }
            Map<String, Long> claims = new LinkedHashMap<>();
            boolean ok = true;
            for (Node.Entry e : m.get().entries().values()) {
                if (!CLAIM.matcher(e.key()).matches()) {
                    v.error(e.keyLocation(), "claim name " + q(e.key())
                            + " must be lower-case letters, digits and '-' ([a-z0-9-]+)");
                    ok = false;
                    continue;
                }
                if (knownClaims.isPresent() && !claimNames().contains(e.key())) {
                    v.error(e.keyLocation(), "claim " + q(e.key()) + " is read by no check"
                            + closest(e.key(), claimNames()).map(x -> "; did you mean " + q(x) + "?").orElse(";")
                            + " known claims: " + String.join(", ", knownClaims.get()) + " (each also as <claim>-<role>, "
                            + "role one of " + String.join(", ", CLIENT_ROLES) + ")");
                    ok = false;
                    continue;
                }
                if ((e.key().equals("code-lifetime-seconds") || e.key().startsWith("code-lifetime-seconds-"))
                        && e.value() instanceof Node.Scalar none && none.kind() == Node.ScalarKind.STRING
                        && none.text().equals("none")) {
                    claims.put(e.key(), Candidate.NEVER); // codes that never expire: TK-CODE-TTL FAILs on the statement
                    continue;
                }
                Optional<Long> value = v.integer("claim " + q(e.key()), e.value());
                if (value.isPresent() && value.get() < 0) {
                    v.error(e.value().location(), "claim " + q(e.key()) + " must be a non-negative integer, not "
                            + value.get());
                    value = Optional.empty();
                }
                ok &= value.isPresent();
                value.ifPresent(x -> claims.put(e.key(), x));
            }
            return ok ? Optional.of(claims) : Optional.empty();
        }

        boolean unique(String value, Node node, Map<String, Location> seen, String what) {
            Location first = seen.putIfAbsent(value, node.location());
            if (first != null) {
                v.error(node.location(), what + " " + q(value) + " is already used at " + first.line() + ":"
                        + first.column() + "; each " + what + " appears once");
                return false;
            }
            return true;
        }

        Path resolve(String relative) {
            Path dir = file.getParent();
            return (dir == null ? Path.of(relative) : dir.resolve(relative)).normalize();
        }
    }
}
