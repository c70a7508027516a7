package org.hitcert.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.hitcert.model.Level;
import org.hitcert.model.Location;
import org.hitcert.model.Plan;
import org.hitcert.model.Problem;
import org.hitcert.model.Requirement;
import org.junit.jupiter.api.Test;

class PlanLoaderTest {

    private static final String DIR = "src/test/resources/load/plans/";

    private final PlanLoader loader = new PlanLoader(new TestChecks());

    private Loaded<Plan> load(String name) {
        return loader.load(Path.of(DIR + name));
    }

    private List<String> problems(String name) {
        Loaded<Plan> loaded = load(name);
        assertThat(loaded.ok()).isFalse();
        assertThat(loaded.value()).isEmpty();
        return loaded.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void whenPlanIsGoodThenItLoadsWithEveryValueAndNoProblem() {
        Loaded<Plan> loaded = load("good.yaml");

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.ok()).isTrue();
        Plan plan = loaded.value().orElseThrow();
        assertThat(plan.id()).isEqualTo("tss-2015");
        assertThat(plan.title()).isEqualTo("HIT RESTful API security (TSS WG, 2015-03-18)");
        assertThat(plan.document()).startsWith("HIT Standards Committee, Transport & Security Standards Workgroup:");
        assertThat(plan.location()).isEqualTo(new Location(DIR + "good.yaml", 1, 1));
        assertThat(plan.considerations()).extracting(c -> c.id()).containsExactly("TSS-01", "TSS-02");
        assertThat(plan.consideration("TSS-02").orElseThrow().title()).isNull();

        Requirement oidc = plan.requirement("DS-OIDC").orElseThrow();
        assertThat(oidc.level()).isEqualTo(Level.REQUIRED);
        assertThat(oidc.sources()).containsExactly("OIDC-DISCOVERY-4", "RFC8414-3");
        assertThat(oidc.kind()).isEqualTo(Requirement.Kind.AUTOMATED);
        assertThat(oidc.status()).isEqualTo(Requirement.Status.ACTIVE);
        assertThat(oidc.location()).isEqualTo(new Location(DIR + "good.yaml", 10, 9));
        assertThat(oidc.checks()).extracting(b -> b.checkId())
                .containsExactly("discovery.oidc.consistent", "authorize.code-flow.pkce");
        var consistent = oidc.checks().get(0);
        assertThat(consistent.location()).isEqualTo(new Location(DIR + "good.yaml", 15, 13));
        assertThat(consistent.params().strings(TestChecks.VARIANTS)).containsExactly("a", "b");
        assertThat(consistent.params().bool(TestChecks.STRICT)).isFalse();
        var pkce = oidc.checks().get(1);
        assertThat(pkce.params().string(TestChecks.METHOD)).isEqualTo("S256");
        assertThat(pkce.params().values().get("attempts")).isEqualTo(3L);
        assertThat(pkce.params().integer(TestChecks.ATTEMPTS)).isEqualTo(3L);

        assertThat(plan.requirement("PKCE-REQUIRED").orElseThrow().checks().get(0).params().values()).isEmpty();
        Requirement storage = plan.requirement("TOKEN-STORAGE").orElseThrow();
        assertThat(storage.kind()).isEqualTo(Requirement.Kind.ATTESTATION);
        assertThat(storage.level()).isEqualTo(Level.OPTIONAL);
        assertThat(storage.evidence()).isEqualTo("the vendor's description of token storage");
        assertThat(storage.checks()).isEmpty();
        Requirement planned = plan.requirement("TOKEN-NO-STORE").orElseThrow();
        assertThat(planned.status()).isEqualTo(Requirement.Status.PLANNED);
        assertThat(planned.checks()).isEmpty();
    }

    @Test
    void whenCheckUnknownLevelMissingAndSourcesNotAListThenExactlyThreeProblems() {
        String f = DIR + "three-problems.yaml";
        assertThat(problems("three-problems.yaml")).containsExactly(
                f + ":8:9: requirement 'DS-OIDC' has no 'level'; expected one of: required, recommended, optional",
                f + ":10:18: 'sources' must be a list of source ids like [RFC6749-4.1.2], not a string",
                f + ":12:20: check 'authorize.pkce.requird' is unknown; known checks starting with 'authorize.': "
                        + "authorize.pkce.required, authorize.code-flow.pkce");
    }

    @Test
    void whenYamlIsMalformedThenOneSyntaxProblemAtItsPosition() {
        assertThat(problems("syntax-error.yaml")).containsExactly(DIR + "syntax-error.yaml:3:15: YAML syntax error: "
                + "mapping values are not allowed here; a value that contains ': ' must be quoted, e.g. title: \"a: b\"");
        assertThat(problems("unclosed.yaml")).containsExactly(DIR + "unclosed.yaml:3:1: YAML syntax error: "
                + "expected ',' or ']', but got <stream end> (while parsing a flow sequence at 2:5)");
    }

    @Test
    void whenIdsOrKeysRepeatThenEachRepeatPointsAtTheFirst() {
        String f = DIR + "duplicate-ids.yaml";
        assertThat(problems("duplicate-ids.yaml")).containsExactly(
                f + ":14:9: consideration id 'TSS-01' is already used at 5:9; consideration ids must be unique",
                f + ":16:5: duplicate key 'text'; it was already given at 15:5",
                f + ":18:13: requirement id 'DS-OIDC' is already used at 8:13; "
                        + "requirement ids must be unique across the plan");
    }

    @Test
    void whenWithParamsAreUnknownOrMistypedThenEachIsReportedWithTheRightType() {
        String f = DIR + "bad-with.yaml";
        assertThat(problems("bad-with.yaml")).containsExactly(
                f + ":14:21: check 'discovery.oidc.consistent' has no parameter 'variant'; did you mean 'variants'? "
                        + "its parameters: variants, strict",
                f + ":14:43: parameter 'strict' of check 'discovery.oidc.consistent' must be true or false, not a string",
                f + ":16:29: parameter 'method' of check 'authorize.code-flow.pkce' must be a string, not an integer "
                        + "(quote it: \"...\")",
                f + ":16:44: parameter 'attempts' of check 'authorize.code-flow.pkce' must be an integer, not a string",
                f + ":18:31: parameter 'variants' of check 'discovery.oidc.consistent' must be a list of strings, "
                        + "not a list holding a list",
                f + ":20:21: check 'authorize.pkce.required' has no parameter 'method'; it takes no parameters",
                f + ":22:19: 'with' must be a mapping of the check's parameters, not a list");
    }

    @Test
    void whenManyThingsAreWrongThenEveryProblemIsCollectedInFileOrder() {
        String f = DIR + "many-problems.yaml";
        assertThat(problems("many-problems.yaml")).containsExactly(
                f + ":1:15: 'hitcert-plan' must be 1 (the only plan format version), not 2",
                f + ":2:5: 'id' must be lower-case letters, digits and '-' ([a-z0-9-]+), not 'TSS_2015'",
                f + ":4:1: unknown key 'considerations_'; did you mean 'considerations'?",
                f + ":9:13: 'id' must be upper-case letters, digits and '-' ([A-Z0-9-]+), not 'req-lower'",
                f + ":11:16: 'level' must be one of required, recommended, optional, not 'must'",
                f + ":12:19: source 'RFC999-1' is unknown; a source id is a document key, '-' and a section, "
                        + "e.g. RFC6749-4.1.2; known document keys: RFC6749, RFC6750, RFC6819, RFC7009, RFC7519, "
                        + "RFC7523, RFC7591, RFC7636, RFC7662, RFC8252, RFC8414, RFC8705, RFC8725, RFC9068, RFC9207, "
                        + "RFC9325, RFC9449, RFC9700, OIDC-CORE, OIDC-DISCOVERY, OIDC-RPLOGOUT, SMART-AL, SMART-SC, SMART-CONF, "
                        + "SMART-ASYM, SMART-BE, SMART-TI, SMART-BP, HEART-OAUTH2, TSS-2015",
                f + ":15:9: requirement 'ATTEST' has no 'evidence'; an attestation says what the tester must attach, "
                        + "as a string",
                f + ":20:9: 'checks' must be absent or empty for kind: attestation; a human's evidence decides it",
                f + ":26:9: 'evidence' is only allowed with kind: attestation; an automated requirement's evidence "
                        + "comes from its checks",
                f + ":27:17: 'checks' must not be empty for an active automated requirement; add a check, "
                        + "or set status: planned",
                f + ":31:18: 'sources' must not be empty; a requirement cites at least one source",
                f + ":32:17: 'status' must be one of active, planned, not 'later'",
                f + ":33:9: requirement 'ACTIVE-NO-CHECKS' has no 'checks'; an active automated requirement needs "
                        + "at least one check (or status: planned)",
                f + ":37:9: unknown key 'check'; did you mean 'checks'?",
                f + ":38:5: consideration #2 must be a mapping with id, text and requirements, not a string",
                f + ":41:19: 'requirements' must not be empty; a consideration has at least one requirement");
    }

    @Test
    void whenFileIsMissingEmptyOrNotOneMappingThenOneProblemOnTheFile() {
        assertThat(problems("no-such-plan.yaml")).containsExactly(DIR + "no-such-plan.yaml: file not found");
        assertThat(problems("empty.yaml")).containsExactly(DIR + "empty.yaml: file is empty; expected a YAML mapping");
        assertThat(problems("not-a-mapping.yaml")).containsExactly(DIR + "not-a-mapping.yaml:1:1: a plan must be a "
                + "mapping of keys (hitcert-plan, id, title, considerations), not a list");
        assertThat(problems("two-documents.yaml")).containsExactly(DIR + "two-documents.yaml:3:1: "
                + "a second YAML document starts here; a file holds exactly one");
        assertThat(problems("")).singleElement().asString().startsWith(DIR.substring(0, DIR.length() - 1)
                + ": cannot read file: ");
    }

    @Test
    void whenAKeyIsMisspelledThenTheClosestKeyWithinTwoEditsIsSuggested() {
        assertThat(Validation.suggestion("considerations_", PlanLoader.PLAN_KEYS)).contains("considerations");
        assertThat(Validation.suggestion("requirementz", PlanLoader.CONSIDERATION_KEYS)).contains("requirements");
        assertThat(Validation.suggestion("xyz", PlanLoader.PLAN_KEYS)).isEmpty();
    }
}
