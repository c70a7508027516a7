package org.hitcert.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hitcert.model.Candidate;
import org.hitcert.model.Candidate.LoginStep;
import org.hitcert.model.Location;
import org.hitcert.model.Problem;
import org.hitcert.model.SecretRef;
import org.junit.jupiter.api.Test;

class CandidateLoaderTest {

    private static final String DIR = "src/test/resources/load/candidates/";

    private final CandidateLoader loader = new CandidateLoader(TestChecks.FLAWS);

    private Loaded<Candidate> load(String name) {
        return loader.load(Path.of(DIR + name));
    }

    private List<String> problems(String name) {
        Loaded<Candidate> loaded = load(name);
        assertThat(loaded.ok()).isFalse();
        assertThat(loaded.value()).isEmpty();
        return loaded.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void whenReferenceCandidateIsGoodThenItLoadsWithItsFlaws() {
        Loaded<Candidate> loaded = load("good-reference.yaml");

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.ok()).isTrue();
        Candidate c = loaded.value().orElseThrow();
        assertThat(c.name()).isEqualTo("reference-pkce-optional");
        assertThat(c.reference().orElseThrow().flaws()).containsExactly("pkce-optional", "state-dropped");
        assertThat(c.reference().orElseThrow().location()).isEqualTo(new Location(DIR + "good-reference.yaml", 4, 3));
        assertThat(c.issuer()).isEmpty();
        assertThat(c.clients()).isEmpty();
        assertThat(c.claims()).isEqualTo(Map.of("code-lifetime-seconds", 60L));

        Candidate bare = load("good-reference-bare.yaml").value().orElseThrow();
        assertThat(bare.reference().orElseThrow().flaws()).isEmpty();
    }

    @Test
    void whenRealServerCandidateIsGoodThenItLoadsWithEveryValueAndNoProblem() {
        Loaded<Candidate> loaded = load("good-issuer.yaml");

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.ok()).isTrue();
        Candidate c = loaded.value().orElseThrow();
        assertThat(c.name()).isEqualTo("my-ehr-staging");
        assertThat(c.reference()).isEmpty();
        assertThat(c.issuer()).contains(URI.create("https://auth.example.org"));
        assertThat(c.fhirBase()).contains(URI.create("https://fhir.example.org/r4"));
        assertThat(c.endpoints()).isEqualTo(Map.of("token", URI.create("https://auth.example.org/oauth/token"),
                "jwks", URI.create("https://keys.example.org/jwks.json")));
        assertThat(c.allowedHosts()).containsExactly("auth.example.org", "fhir.example.org", "keys.example.org");
        assertThat(c.trustAnchor()).contains(Path.of(DIR + "certs/ca.pem").toString());
        assertThat(c.callback()).contains(URI.create("http://127.0.0.1:8765/callback"));
        assertThat(c.location()).isEqualTo(new Location(DIR + "good-issuer.yaml", 1, 1));

        assertThat(c.clients()).extracting(Candidate.ClientSpec::role)
                .containsExactly("public", "confidential", "backend", "second");
        var pub = c.clients().get(0);
        assertThat(pub.clientId()).isEqualTo("my-app");
        assertThat(pub.authMethod()).isEqualTo("none");
        assertThat(pub.secret()).isEmpty();
        assertThat(pub.redirectUris()).containsExactly(URI.create("http://127.0.0.1:8765/callback"));
        assertThat(pub.scope()).isEqualTo("openid fhirUser launch/patient patient/*.rs");
        assertThat(pub.location()).isEqualTo(new Location(DIR + "good-issuer.yaml", 12, 5));
        var confidential = c.clients().get(1);
        assertThat(confidential.clientId()).isEqualTo("12345");
        assertThat(confidential.secret()).contains(SecretRef.env("MY_APP_SECRET"));
        assertThat(confidential.redirectUris()).containsExactly(URI.create("http://127.0.0.1:8765/callback"),
                URI.create("http://localhost:8765/other"));
        assertThat(c.clients().get(2).privateKey()).contains(SecretRef.file(Path.of(DIR + "keys/client.jwk")));
        assertThat(c.clients().get(3).privateKey()).contains(SecretRef.env("OTHER_JWK"));

        assertThat(c.users()).singleElement().satisfies(u -> {
            assertThat(u.role()).isEqualTo("default");
            assertThat(u.username()).isEqualTo("alice");
            assertThat(u.password().envName()).contains("ALICE_PASSWORD");
        });
        assertThat(c.login()).extracting(LoginStep::action, LoginStep::selector, LoginStep::value, LoginStep::optional)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(LoginStep.Action.FILL, "#username", "${user.username}", false),
                        org.assertj.core.groups.Tuple.tuple(LoginStep.Action.CLICK, "button[type=submit]", "", false),
                        org.assertj.core.groups.Tuple.tuple(LoginStep.Action.WAIT_FOR, "#consent", "", false),
                        org.assertj.core.groups.Tuple.tuple(LoginStep.Action.CLICK, "#approve", "", true));
        assertThat(c.claims()).isEqualTo(Map.of("code-lifetime-seconds", 60L));
    }

    @Test
    void whenUsersCarryLockoutAndMfaRolesThenTotpSecretMfaAcrAndConsentStepsLoad() {
        Loaded<Candidate> loaded = load("good-issuer-strong-login.yaml");

        assertThat(loaded.problems()).isEmpty();
        Candidate c = loaded.value().orElseThrow();
        assertThat(c.users()).extracting(Candidate.UserSpec::role).containsExactly("default", "lockout", "mfa");
        assertThat(c.users().get(0).totpSecret()).isEmpty();
        assertThat(c.users().get(0).mfaAcr()).isEmpty();
        assertThat(c.users().get(2).totpSecret()).contains(SecretRef.env("CAROL_TOTP"));
        assertThat(c.users().get(2).mfaAcr()).contains("http://example.org/acr/mfa");
        assertThat(c.login()).extracting(LoginStep::selector, LoginStep::value, LoginStep::optional, LoginStep::consent)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("#username", "${user.username}", false, false),
                        org.assertj.core.groups.Tuple.tuple("button[type=submit]", "", false, false),
                        org.assertj.core.groups.Tuple.tuple("#otp", "${user.totp}", true, false),
                        org.assertj.core.groups.Tuple.tuple("#approve", "", true, true));
    }

    @Test
    void whenTheLockoutUserIsAnotherRolesAccountThenItIsAProblemAtTheLockoutUser() {
        List<String> problems = problems("lockout-shares-account.yaml");

        assertThat(problems).singleElement().asString().contains("lockout-shares-account.yaml:15:")
                .contains("lockout user 'alice' is also the default user").contains("an account of its own");
    }

    @Test
    void whenAStepSaysCheckThenItLoadsAsATickEveryBoxStep() {
        Loaded<Candidate> loaded = load("good-consent-checkboxes.yaml");

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.value().orElseThrow().login()).extracting(LoginStep::action, LoginStep::selector, LoginStep::consent)
                .contains(org.assertj.core.groups.Tuple.tuple(LoginStep.Action.CHECK, "input[type=checkbox][name=scope]", true));
    }

    @Test
    void whenTotpSecretIsLiteralOrConsentNotBooleanThenEachIsAProblem() {
        List<String> problems = problems("literal-totp-secret.yaml");

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("literal-totp-secret.yaml:18:").contains("'totp-secret'")
                .doesNotContain("JBSWY3DPEHPK3PXP");
        assertThat(problems.get(1)).contains("literal-totp-secret.yaml:23:").contains("'consent'");
    }

    @Test
    void whenSecretsAreLiteralThenEachIsRefusedWithoutEchoingIt() {
        String f = DIR + "literal-secret.yaml";
        List<String> problems = problems("literal-secret.yaml");
        assertThat(problems).containsExactly(
                f + ":8:13: 'secret' must be an environment reference like ${env:HITCERT_CLIENT_SECRET}, "
                        + "not a literal value: secrets never live in files",
                f + ":15:18: 'private-key' must be an environment reference like ${env:HITCERT_CLIENT_JWK} or a file "
                        + "reference like file:keys/client.jwk, not a literal value: secrets never live in files",
                f + ":20:5: 'secret' is only used with auth-method client_secret_basic or client_secret_post, not none; "
                        + "remove it",
                f + ":20:13: 'secret' names the environment variable 'lower_case', which is not a valid name; "
                        + "names match [A-Z_][A-Z0-9_]*, e.g. ${env:LOWER_CASE}",
                f + ":25:15: 'password' must be an environment reference like ${env:HITCERT_USER_PASSWORD}, "
                        + "not a literal value: secrets never live in files");
        assertThat(String.join("\n", problems)).doesNotContain("hunter2", "s3cret", "RSA");
    }

    @Test
    void whenBothReferenceAndIssuerThenEveryKeyTheReferenceSuppliesIsRefused() {
        String f = DIR + "reference-and-issuer.yaml";
        assertThat(problems("reference-and-issuer.yaml")).containsExactly(
                f + ":5:1: 'issuer' is not allowed with 'reference': the reference candidate supplies it; "
                        + "remove 'issuer', or remove 'reference' to test a real server",
                f + ":6:1: 'callback' is not allowed with 'reference': the reference candidate supplies it; "
                        + "remove 'callback', or remove 'reference' to test a real server");
    }

    @Test
    void whenFlawIsUnknownThenTheKnownFlawsAreListed() {
        String f = DIR + "unknown-flaw.yaml";
        assertThat(problems("unknown-flaw.yaml")).containsExactly(
                f + ":4:11: flaw 'pkce-optionl' is unknown; did you mean 'pkce-optional'? "
                        + "known flaws: fhir-open, pkce-optional, state-dropped",
                f + ":4:25: flaw 'no-such-flaw' is unknown; known flaws: fhir-open, pkce-optional, state-dropped",
                f + ":5:3: unknown key 'flaw'; did you mean 'flaws'?");
    }

    @Test
    void whenAHostIsNotAllowedThenTheProblemNamesItWhereItIsUsed() {
        String f = DIR + "host-not-allowed.yaml";
        assertThat(problems("host-not-allowed.yaml")).containsExactly(
                f + ":4:12: host 'fhir.example.org' of 'fhir-base' is not in 'allowed-hosts'; add it there, "
                        + "or the suite will refuse to contact it",
                f + ":7:13: host 'other.example.org' of endpoint 'userinfo' is not in 'allowed-hosts'; add it there, "
                        + "or the suite will refuse to contact it");
    }

    @Test
    void whenAPrivateKeyFileHoldsNoKeyThenItIsRefusedAtItsLocationAndAPemKeyLoads() {
        // issue 19: a key that is no key stops the run before any traffic, where the file names it; PEM is a key
        String f = DIR + "bad-private-key.yaml";
        List<String> problems = problems("bad-private-key.yaml");
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith(f + ":25:18: 'private-key' file 'keys/not-a-key.pem' holds not a readable "
                + "private key").contains("expected a private JWK (JSON) or a PEM private key");
    }

    @Test
    void whenManyThingsAreWrongThenEveryProblemIsCollectedInFileOrder() {
        String f = DIR + "many-problems.yaml";
        assertThat(problems("many-problems.yaml")).containsExactly(
                f + ":1:20: 'hitcert-candidate' must be 1 (the only candidate format version), not 2",
                f + ":2:7: 'name' must be letters, digits, '.', '_' and '-' ([A-Za-z0-9._-]+), not 'my ehr'",
                f + ":3:9: 'issuer' must be an absolute https URL without query or fragment, like "
                        + "https://auth.example.org, not 'http://auth.example.org/?x=1'",
                f + ":5:3: unknown key 'tokens'; did you mean 'token'?",
                f + ":6:9: endpoint 'jwks' must be an absolute https URL, like https://auth.example.org, "
                        + "not 'http://auth.example.org/jwks'",
                f + ":7:16: 'allowed-hosts' must be a list of host names, not a string",
                f + ":8:15: 'trust-anchor' file 'certs/not-pem.txt' holds no PEM certificate; "
                        + "expected a -----BEGIN CERTIFICATE----- block",
                f + ":9:11: 'callback' must be an http or https URL on a loopback host (127.0.0.1, localhost or [::1]) "
                        + "with an explicit port and no fragment, like http://127.0.0.1:8765/callback, "
                        + "not 'https://example.org/callback'",
                f + ":15:5: client 'b' has no 'scope'; expected the scope the suite asks for, like \"openid fhirUser\"",
                f + ":17:18: 'auth-method' must be one of none, client_secret_basic, client_secret_post, private_key_jwt, "
                        + "not 'client_secret_jwt'",
                f + ":21:18: 'private-key' file 'keys/missing.jwk' not found (looked for "
                        + Path.of(DIR + "keys/missing.jwk") + "); paths are relative to the candidate file's directory",
                f + ":24:3: 'users' has no user with role default; the suite signs in as that user",
                f + ":28:5: login step #1 has no 'value'; expected the text to type, e.g. \"${user.username}\"",
                f + ":29:5: login step #2 has 'click' and 'wait-for'; a step has exactly one of fill, click, wait-for, check",
                f + ":32:5: 'value' is only allowed with fill, not with click; remove it",
                f + ":34:5: login step #4 has no action; a step has exactly one of fill, click, wait-for, check",
                f + ":36:26: claim 'code-lifetime-seconds' must be a non-negative integer, not -1",
                f + ":37:3: claim name 'Bad_Claim' must be lower-case letters, digits and '-' ([a-z0-9-]+)",
                f + ":38:12: claim 'max-age' must be an integer, not a string");
    }

    @Test
    void whenNeitherReferenceNorIssuerThenSayHowToGiveOne() {
        String f = DIR + "neither.yaml";
        assertThat(problems("neither.yaml")).containsExactly(
                f + ":1:1: the candidate has neither 'reference' nor 'issuer'; give reference: {} to test the built-in "
                        + "reference candidate, or issuer: https://... to test a real server",
                f + ":3:15: 'trust-anchor' file 'certs/missing.pem' not found (looked for "
                        + Path.of(DIR + "certs/missing.pem") + "); paths are relative to the candidate file's directory",
                f + ":4:1: unknown key 'colour'; expected one of: hitcert-candidate, name, reference, issuer, fhir-base, "
                        + "endpoints, allowed-hosts, trust-anchor, callback, clients, users, login, claims, profiles, launch, fhir-samples");
    }

    @Test
    void whenFileIsMissingThenOneProblemOnTheFile() {
        assertThat(problems("nope.yaml")).containsExactly(DIR + "nope.yaml: file not found");
    }

    @Test
    void whenOidcProviderCandidateIsLoadedThenItsLaunchSectionIsRead() {
        Loaded<Candidate> loaded = loader.load(Path.of("fixtures/candidates/oidc-provider/candidate.yaml"));

        assertThat(loaded.problems()).isEmpty();
        Candidate.Launch launch = loaded.value().orElseThrow().launch().orElseThrow();
        assertThat(launch.command()).containsExactly("node", "server.mjs");
        assertThat(launch.folder()).isEqualTo(Path.of("fixtures/candidates/oidc-provider"));
        assertThat(launch.install()).containsExactly("npm", "ci", "--no-audit", "--no-fund");
        assertThat(launch.ready()).isEqualTo(URI.create("https://127.0.0.1:9443/.well-known/openid-configuration"));
        assertThat(launch.generateSecrets()).contains("HITCERT_OP_USER_PASSWORD");
        assertThat(launch.env()).containsEntry("OP_USER_PASSWORD", "${env:HITCERT_OP_USER_PASSWORD}");
    }

    @Test
    void whenClientSaysReadOnlyThenItLoadsAndOthersDefaultToFalse() {
        Candidate c = loader.load(Path.of("fixtures/candidates/oidc-provider/candidate.yaml")).value().orElseThrow();

        assertThat(c.clients()).filteredOn(Candidate.ClientSpec::readOnly).extracting(Candidate.ClientSpec::role)
                .containsExactly("public");
    }

    @Test
    void whenReadOnlyIsNotBooleanThenItIsAProblemAtItsPosition() {
        List<String> problems = problems("read-only-not-boolean.yaml");

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).contains("read-only-not-boolean.yaml:11:").contains("'read-only'");
    }

    @Test
    void whenLaunchSectionIsBrokenThenEveryProblemIsReportedWithItsPosition() {
        List<String> problems = problems("bad-launch.yaml");

        String f = DIR + "bad-launch.yaml:";
        assertThat(problems).anyMatch(p -> p.startsWith(f + "18:12") && p.contains("'command' must not be empty"));
        assertThat(problems).anyMatch(p -> p.startsWith(f + "19:11") && p.contains("'folder' 'no-such-folder' is not a folder"));
        assertThat(problems).anyMatch(p -> p.startsWith(f + "20:10") && p.contains("variable name 'lower'"));
        assertThat(problems).anyMatch(p -> p.contains("each of 'generate-secrets' must be a variable name"));
        assertThat(problems).anyMatch(p -> p.startsWith(f + "22:10") && p.contains("'ready' must be on a loopback host"));
        assertThat(problems).anyMatch(p -> p.startsWith(f + "22:10") && p.contains("not in 'allowed-hosts'"));
        assertThat(problems).anyMatch(p -> p.startsWith(f + "23:20") && p.contains("between 1 and 600"));
        assertThat(problems).anyMatch(p -> p.startsWith(f + "24:3") && p.contains("unknown key 'restart'"));
    }

    @Test
    void whenFhirSamplesAreGivenThenEachIdLoadsAndTheOthersStayEmpty() {
        Loaded<Candidate> loaded = load("fhir-samples.yaml");

        assertThat(loaded.problems()).isEmpty();
        Candidate.FhirSamples samples = loaded.value().orElseThrow().fhirSamples();
        assertThat(samples.patientA()).contains("A");
        assertThat(samples.patientB()).contains("B");
        assertThat(samples.observationB()).contains("b1");
        assertThat(samples.vitalSignsObservationA()).contains("a1");
        assertThat(samples.observationA()).isEmpty();
        assertThat(samples.laboratoryObservationA()).isEmpty();
        assertThat(load("good-reference-bare.yaml").value().orElseThrow().fhirSamples()).isEqualTo(Candidate.FhirSamples.NONE);
    }

    @Test
    void whenFhirSamplesAreWrongThenEachProblemHasItsPositionAndTheFix() {
        List<String> problems = problems("bad-fhir-samples.yaml");

        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).contains("bad-fhir-samples.yaml:6:").contains("patient-a").contains("not Patient/A");
        assertThat(problems.get(1)).contains("bad-fhir-samples.yaml:7:").contains("patient-c").contains("did you mean");
        assertThat(problems.get(2)).contains("bad-fhir-samples.yaml:8:").contains("observation-b");
    }

    @Test
    void whenClientsShareARoleOrServeSeveralThenEachIsKeptAndTheFittingOneIsFound() {
        Loaded<Candidate> loaded = new CandidateLoader(TestChecks.FLAWS, Set.of("code-lifetime-seconds",
                "refresh-idle-seconds")).load(Path.of(DIR + "roles.yaml"));
        assertThat(loaded.problems()).isEmpty();
        Candidate c = loaded.value().orElseThrow();
        assertThat(c.clients()).extracting(Candidate.ClientSpec::role)
                .containsExactly("public", "backend", "backend", "short-lived", "other-audience");
        assertThat(c.clients().get(2).roles()).containsExactly("backend", "confidential");
        org.hitcert.support.Target t = new org.hitcert.support.Target(c.name(), c.issuer().orElseThrow(), c.fhirBase(),
                Map.of(), java.util.Optional.empty(), c.clients(), c.users(), c.login(), c.callback().orElseThrow(), c.claims());
        assertThat(t.client("backend").orElseThrow().clientId()).isEqualTo("backend-secret");
        assertThat(t.clients("backend")).extracting(Candidate.ClientSpec::clientId)
                .containsExactly("backend-secret", "backend-jwt");
        assertThat(t.client("confidential").orElseThrow().clientId()).isEqualTo("backend-jwt");
        assertThat(t.clientFor("backend", k -> k.authMethod().equals("private_key_jwt"), false).orElseThrow().clientId())
                .isEqualTo("backend-jwt");
        assertThat(t.clientFor("second", k -> k.authMethod().equals("private_key_jwt"), false)).isEmpty();
        assertThat(t.clientFor("second", k -> k.authMethod().equals("private_key_jwt"), true).orElseThrow().clientId())
                .isEqualTo("backend-jwt");
        assertThat(t.client("short-lived")).isPresent();
        assertThat(t.client("other-audience")).isPresent();
    }

    @Test
    void whenRolesOrClaimNamesAreWrongThenEachIsLocatedWithTheClosestValidName() {
        String f = DIR + "roles-wrong.yaml";
        Loaded<Candidate> loaded = new CandidateLoader(TestChecks.FLAWS, Set.of("code-lifetime-seconds",
                "refresh-idle-seconds", "plaintext-port")).load(Path.of(f));
        String known = " known claims: code-lifetime-seconds, plaintext-port, refresh-idle-seconds (each also as "
                + "<claim>-<role>, role one of public, confidential, backend, second, native, confidential-jwt, "
                + "backend-jwks-uri, short-lived, other-audience, refresh-idle)";
        assertThat(loaded.problems()).extracting(Problem::toString).containsExactly(
                f + ":8:5: client 'a' has both 'role' and 'roles'; give role: r for one role, or roles: [r1, r2] for several",
                f + ":12:22: role 'backend' is already used at 12:13; each role appears once",
                f + ":16:13: each of 'roles' must be one of public, confidential, backend, second, native, confidential-jwt, "
                        + "backend-jwks-uri, short-lived, other-audience, refresh-idle, not 'backnd'",
                f + ":27:3: claim 'code-lifetime-secs' is read by no check; did you mean 'code-lifetime-seconds'?" + known,
                f + ":28:3: claim 'refresh-idle-seconds-publc' is read by no check; did you mean "
                        + "'refresh-idle-seconds-public'?" + known);
    }

    @Test
    void whenTheProductLoadsTheShippedCandidatesThenEveryClaimIsOneAChecksReads() {
        java.util.Set<String> claims = org.hitcert.checks.CheckCatalog.standard().claimKeys();
        assertThat(claims).contains("code-lifetime-seconds", "refresh-idle-seconds", "plaintext-port");
        for (String file : List.of("fixtures/candidates/reference.yaml", "fixtures/candidates/oidc-provider/candidate.yaml")) {
            assertThat(new CandidateLoader(TestChecks.FLAWS, claims).load(Path.of(file)).problems()).as(file).isEmpty();
        }
    }
}
