package org.hitcert.model;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The system under test, as its candidate file describes it.
 *
 * <p>Either {@code reference} is present (the suite starts its built-in reference candidate in process,
 * with the listed flaws, and takes issuer, clients and users from it), or {@code issuer} names a real
 * authorization server whose discovery documents give the endpoints; {@code endpoints} overrides any of
 * them. The suite sends traffic only to {@code allowedHosts} (plus loopback for its own callback).
 *
 * @param name        short name used in report folder names; letters, digits, '-', '_' and '.'
 * @param endpoints   explicit endpoint URLs keyed by role: authorization, token, jwks, userinfo,
 *                    introspection, revocation, registration
 * @param trustAnchor path of a PEM file of CA certificates to trust; empty means the JVM's default store
 * @param callback    the loopback URL where the suite receives redirects; registered as a redirect URI
 * @param profiles    the plan profiles (e.g. smart, heart) the candidate claims to implement; requirements of
 *                    other profiles are NOT_APPLICABLE. The reference, with none listed, claims every profile.
 * @param fhirSamples the sample FHIR resources the candidate file names, for the resource-server checks
 */
public record Candidate(String name, Optional<ReferenceSpec> reference, Optional<URI> issuer, Optional<URI> fhirBase,
                        Map<String, URI> endpoints, List<String> allowedHosts, Optional<String> trustAnchor,
                        Optional<URI> callback, List<ClientSpec> clients, List<UserSpec> users,
                        List<LoginStep> login, Map<String, Long> claims, List<ProfileClaim> profiles,
                        Location location, Optional<Launch> launch, FhirSamples fhirSamples) {

    /**
     * The value of a lifetime claim stated as {@code none} (the thing never expires, e.g. {@code code-lifetime-seconds:
     * none}): only claims that accept it hold it, and the checks that read them judge that statement.
     */
    public static final long NEVER = -1;

    /** Endpoint roles a candidate file may name under {@code endpoints}. */
    public static final List<String> ENDPOINT_ROLES =
            List.of("authorization", "token", "jwks", "userinfo", "introspection", "revocation", "registration");

    public Candidate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(fhirBase, "fhirBase");
        endpoints = Map.copyOf(endpoints);
        allowedHosts = List.copyOf(allowedHosts);
        Objects.requireNonNull(trustAnchor, "trustAnchor");
        Objects.requireNonNull(callback, "callback");
        clients = List.copyOf(clients);
        users = List.copyOf(users);
        login = List.copyOf(login);
        claims = Map.copyOf(claims);
        profiles = List.copyOf(profiles);
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(launch, "launch");
        Objects.requireNonNull(fhirSamples, "fhirSamples");
    }

    /** A candidate file without fhir-samples. */
    public Candidate(String name, Optional<ReferenceSpec> reference, Optional<URI> issuer, Optional<URI> fhirBase,
                     Map<String, URI> endpoints, List<String> allowedHosts, Optional<String> trustAnchor,
                     Optional<URI> callback, List<ClientSpec> clients, List<UserSpec> users,
                     List<LoginStep> login, Map<String, Long> claims, List<ProfileClaim> profiles,
                     Location location, Optional<Launch> launch) {
        this(name, reference, issuer, fhirBase, endpoints, allowedHosts, trustAnchor, callback, clients, users, login,
                claims, profiles, location, launch, FhirSamples.NONE);
    }

    /**
     * The sample FHIR resources a candidate file names ({@code fhir-samples}), as logical ids: patient A (the default
     * test user's patient), patient B (another patient, the other user's), an Observation of each, and a laboratory
     * and a vital-signs Observation of A. Each is empty when not given; the checks then look for one by search and say
     * so in their evidence.
     */
    public record FhirSamples(Optional<String> patientA, Optional<String> patientB, Optional<String> observationA,
                              Optional<String> observationB, Optional<String> laboratoryObservationA,
                              Optional<String> vitalSignsObservationA) {

        /** The keys of {@code fhir-samples}, in the order of the components. */
        public static final List<String> KEYS = List.of("patient-a", "patient-b", "observation-a", "observation-b",
                "laboratory-observation-a", "vital-signs-observation-a");
        public static final FhirSamples NONE = new FhirSamples(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());

        public FhirSamples {
            Objects.requireNonNull(patientA, "patientA");
            Objects.requireNonNull(patientB, "patientB");
            Objects.requireNonNull(observationA, "observationA");
            Objects.requireNonNull(observationB, "observationB");
            Objects.requireNonNull(laboratoryObservationA, "laboratoryObservationA");
            Objects.requireNonNull(vitalSignsObservationA, "vitalSignsObservationA");
        }

        /** From ids keyed as in {@link #KEYS}. */
        public static FhirSamples of(Map<String, String> byKey) {
            return new FhirSamples(Optional.ofNullable(byKey.get("patient-a")), Optional.ofNullable(byKey.get("patient-b")),
                    Optional.ofNullable(byKey.get("observation-a")), Optional.ofNullable(byKey.get("observation-b")),
                    Optional.ofNullable(byKey.get("laboratory-observation-a")),
                    Optional.ofNullable(byKey.get("vital-signs-observation-a")));
        }
    }

    /** A candidate the suite does not start itself. */
    public Candidate(String name, Optional<ReferenceSpec> reference, Optional<URI> issuer, Optional<URI> fhirBase,
                     Map<String, URI> endpoints, List<String> allowedHosts, Optional<String> trustAnchor,
                     Optional<URI> callback, List<ClientSpec> clients, List<UserSpec> users,
                     List<LoginStep> login, Map<String, Long> claims, List<ProfileClaim> profiles, Location location) {
        this(name, reference, issuer, fhirBase, endpoints, allowedHosts, trustAnchor, callback, clients, users, login,
                claims, profiles, location, Optional.empty());
    }

    /** This candidate with other clients and users (e.g. with secrets made at launch), all else kept. */
    public Candidate withAccounts(List<ClientSpec> newClients, List<UserSpec> newUsers) {
        return new Candidate(name, reference, issuer, fhirBase, endpoints, allowedHosts, trustAnchor, callback, newClients,
                newUsers, login, claims, profiles, location, launch, fhirSamples);
    }

    /**
     * How the suite starts a candidate it runs itself (a server on loopback, e.g. a CI fixture), waits until it is
     * ready, and stops it with its whole process tree after the run.
     *
     * @param command         the program and its arguments, run in {@code folder}
     * @param folder          the working folder (the candidate file's folder, or a folder relative to it)
     * @param env             variables added to the process's environment; a value may hold {@code ${env:NAME}}
     * @param generateSecrets environment variable names whose value the suite makes (random, once per JVM) when
     *                        its own environment does not set them; {@code ${env:NAME}} references to them resolve
     *                        to that value, here and in clients and users
     * @param install         run first, in {@code folder}, when {@code installed} is missing (e.g. npm ci)
     * @param installed       a path relative to {@code folder} whose absence calls for {@code install}
     * @param ready           a loopback URL that answers 200 once the candidate is ready
     * @param startupTimeout  longest wait for {@code ready} after the start
     * @param installTimeout  longest time {@code install} may take
     */
    public record Launch(List<String> command, java.nio.file.Path folder, Map<String, String> env,
                         List<String> generateSecrets, List<String> install, String installed, URI ready,
                         java.time.Duration startupTimeout, java.time.Duration installTimeout, Location location) {
        public Launch {
            command = List.copyOf(command);
            if (command.isEmpty()) {
                throw new IllegalArgumentException("a launch command is needed");
            }
            Objects.requireNonNull(folder, "folder");
            env = Map.copyOf(env);
            generateSecrets = List.copyOf(generateSecrets);
            install = List.copyOf(install);
            Objects.requireNonNull(installed, "installed");
            Objects.requireNonNull(ready, "ready");
            Objects.requireNonNull(startupTimeout, "startupTimeout");
            Objects.requireNonNull(installTimeout, "installTimeout");
            Objects.requireNonNull(location, "location");
        }
    }

    /** A candidate that claims no profile (the reference then claims every one). */
    public Candidate(String name, Optional<ReferenceSpec> reference, Optional<URI> issuer, Optional<URI> fhirBase,
                     Map<String, URI> endpoints, List<String> allowedHosts, Optional<String> trustAnchor,
                     Optional<URI> callback, List<ClientSpec> clients, List<UserSpec> users,
                     List<LoginStep> login, Map<String, Long> claims, Location location) {
        this(name, reference, issuer, fhirBase, endpoints, allowedHosts, trustAnchor, callback, clients, users, login,
                claims, List.of(), location, Optional.empty());
    }

    /** Whether requirements of this plan profile apply to the candidate. */
    public boolean claimsProfile(String profile) {
        if (profiles.isEmpty()) {
            return reference.isPresent();
        }
        return profiles.stream().anyMatch(p -> p.id().equals(profile));
    }

    /** The profile ids the candidate claims, as written in its file. */
    public List<String> profileIds() {
        return profiles.stream().map(ProfileClaim::id).toList();
    }

    /** One entry of the candidate's {@code profiles} list, where it was written. */
    public record ProfileClaim(String id, Location location) {
        public ProfileClaim {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(location, "location");
        }
    }

    /** Start the reference candidate that ships with hitcert, with these flaw switches on. */
    public record ReferenceSpec(List<String> flaws, Location location) {
        public ReferenceSpec {
            flaws = List.copyOf(flaws);
            Objects.requireNonNull(location, "location");
        }
    }

    /**
     * A client registered at the candidate for the suite's use.
     *
     * @param role       what the suite uses it for first: {@code public} (browser app, PKCE), {@code confidential},
     *                   {@code backend} (client_credentials), {@code second} (another client, for binding checks),
     *                   {@code native} (a native app with an http loopback redirect URI, RFC 8252 §7.3),
     *                   {@code short-lived} (its access tokens expire within a minute or so: RS-EXPIRED waits for one),
     *                   {@code other-audience} (its tokens are meant for another resource server: RS-AUD-ISS presents
     *                   one to the FHIR API); several clients may share a role
     * @param authMethod token endpoint auth method: none, client_secret_basic, client_secret_post, private_key_jwt
     * @param secret     the client secret, for the client_secret_* methods
     * @param privateKey the client's private JWK (JSON), for private_key_jwt
     * @param scope      the scope the suite asks for in a normal flow
     * @param readOnly   the candidate grants this client read and search access at most (its registration allows no
     *                   create, update or delete), whatever it asks for: SM-DOWNSCOPE asks it for patient/*.cruds
     * @param roles      every role the client serves, {@code role} first (a candidate file's {@code roles: [a, b]})
     */
    public record ClientSpec(String role, String clientId, String authMethod, Optional<SecretRef> secret,
                             Optional<SecretRef> privateKey, List<URI> redirectUris, String scope, Location location,
                             boolean readOnly, List<String> roles) {

        /** A client in one role. */
        public ClientSpec(String role, String clientId, String authMethod, Optional<SecretRef> secret,
                          Optional<SecretRef> privateKey, List<URI> redirectUris, String scope, Location location,
                          boolean readOnly) {
            this(role, clientId, authMethod, secret, privateKey, redirectUris, scope, location, readOnly, List.of(role));
        }

        /** Whether the client serves {@code r}. */
        public boolean hasRole(String r) {
            return roles.contains(r);
        }

        /** This client with other credentials (e.g. secrets made at launch), all else kept. */
        public ClientSpec withCredentials(Optional<SecretRef> newSecret, Optional<SecretRef> newKey) {
            return new ClientSpec(role, clientId, authMethod, newSecret, newKey, redirectUris, scope, location, readOnly, roles);
        }

        /** A client of which the candidate file says nothing about read-only access. */
        public ClientSpec(String role, String clientId, String authMethod, Optional<SecretRef> secret,
                          Optional<SecretRef> privateKey, List<URI> redirectUris, String scope, Location location) {
            this(role, clientId, authMethod, secret, privateKey, redirectUris, scope, location, false);
        }

        public ClientSpec {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(authMethod, "authMethod");
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(privateKey, "privateKey");
            redirectUris = List.copyOf(redirectUris);
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(location, "location");
            List<String> all = new java.util.ArrayList<>(List.of(role));
            roles.stream().filter(r -> !all.contains(r)).forEach(all::add);
            roles = List.copyOf(all);
        }
    }

    /**
     * A test user the login automation signs in as. {@code role} is {@code default} for the main one; {@code lockout}
     * names a dedicated account the lockout check may lock; {@code mfa} an account that completes a second factor.
     *
     * @param totpSecret for an {@code mfa} user: the base32 RFC 6238 seed from which the suite computes
     *                   {@code ${user.totp}}
     * @param mfaAcr     for an {@code mfa} user: the acr value that means a multi-factor login at the candidate
     */
    public record UserSpec(String role, String username, SecretRef password, Location location,
                           Optional<SecretRef> totpSecret, Optional<String> mfaAcr) {
        public UserSpec {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(totpSecret, "totpSecret");
            Objects.requireNonNull(mfaAcr, "mfaAcr");
        }

        /** A user with a password only. */
        public UserSpec(String role, String username, SecretRef password, Location location) {
            this(role, username, password, location, Optional.empty(), Optional.empty());
        }
    }

    /**
     * One step of the login automation, run in the browser on the candidate's own pages.
     *
     * @param selector a CSS selector
     * @param value    for {@code fill}: the text; {@code ${user.username}} and {@code ${user.password}} are
     *                 replaced with the test user's
     * @param optional when true, a page without the selector skips the step (e.g. a consent page shown
     *                 only the first time)
     * @param consent  when true, the step belongs to the consent (approval) page, not to the login; the consent
     *                 check leaves such steps out to see whether the candidate asks at all
     */
    public record LoginStep(Action action, String selector, String value, boolean optional, Location location,
                            boolean consent) {
        /** {@code CHECK}: ticks every displayed checkbox the selector matches (scopes listed as unchecked boxes). */
        public enum Action { FILL, CLICK, WAIT_FOR, CHECK }

        public LoginStep {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(selector, "selector");
            value = value == null ? "" : value;
            Objects.requireNonNull(location, "location");
        }

        /** A step of the login itself (not of a consent page). */
        public LoginStep(Action action, String selector, String value, boolean optional, Location location) {
            this(action, selector, value, optional, location, false);
        }
    }
}
