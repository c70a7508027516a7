package org.hitcert.load;

import static org.hitcert.load.Validation.q;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.hitcert.model.CheckBinding;
import org.hitcert.model.Consideration;
import org.hitcert.model.KnownChecks;
import org.hitcert.model.Level;
import org.hitcert.model.Location;
import org.hitcert.model.ParamSpec;
import org.hitcert.model.Params;
import org.hitcert.model.Plan;
import org.hitcert.model.Requirement;
import org.hitcert.model.Sources;

/**
 * Loads a certification plan ({@code test-plans/*.yaml}) into a {@link Plan}, reporting every problem of
 * the file with its {@code file:line:column}. The format (published for editors as
 * {@code test-plans/plan.schema.json}; this class is the authority):
 *
 * <pre>
 * hitcert-plan: 1                 required; the format version, must be 1
 * id: tss-2015                    required; [a-z0-9-]+
 * title: ...                      required
 * document: ...                   optional; the guidance document's full citation
 * considerations:                 required, non-empty
 *   - id: TSS-01                  required, unique; [A-Z0-9-]+
 *     title: ...                  optional
 *     text: ...                   required; the document's own words
 *     requirements:               required, non-empty
 *       - id: DS-OIDC             required, unique across the plan; [A-Z0-9-]+
 *         title: ...              required
 *         level: required         required; required | recommended | optional
 *         sources: [RFC8414-3]    required, non-empty; ids known to {@link Sources}
 *         profiles: [smart]       optional; ids declared under the plan's profiles; assessed only for
 *                                 candidates claiming one of them (absent: every candidate)
 *         kind: automated         automated (default) | attestation
 *         status: active          active (default) | planned
 *         evidence: ...           required for kind attestation, not allowed otherwise
 *         checks:                 required, non-empty for active automated; absent or empty otherwise
 *           - check: discovery.oidc.consistent   required; a known check id
 *             with: { variants: [a, b] }          optional; the check's parameters, typed
 * </pre>
 */
public final class PlanLoader {

    static final List<String> PLAN_KEYS = List.of("hitcert-plan", "id", "title", "document", "profiles", "considerations");
    static final List<String> CONSIDERATION_KEYS = List.of("id", "title", "text", "requirements");
    static final List<String> REQUIREMENT_KEYS =
            List.of("id", "title", "level", "sources", "profiles", "kind", "status", "evidence", "checks");
    static final List<String> BINDING_KEYS = List.of("check", "with");
    static final List<String> LEVELS = List.of("required", "recommended", "optional");
    static final List<String> KINDS = List.of("automated", "attestation");
    static final List<String> STATUSES = List.of("active", "planned");

    private static final Pattern PLAN_ID = Pattern.compile("[a-z0-9-]+");
    private static final Pattern NODE_ID = Pattern.compile("[A-Z0-9-]+");

    private final KnownChecks checks;

    public PlanLoader(KnownChecks checks) {
        this.checks = Objects.requireNonNull(checks, "checks");
    }

    /** Never throws: an unreadable file, a syntax error or a wrong value is a problem of the result. */
    public Loaded<Plan> load(Path file) {
        return Loaded.fromYaml(file, "plan", (v, root) -> new Run(v).plan(root));
    }

    private final class Run {
        private final Validation v;
        private final Map<String, Location> considerationIds = new HashMap<>();
        private final Map<String, Location> requirementIds = new HashMap<>();
        private final Map<String, String> profiles = new java.util.LinkedHashMap<>();

        Run(Validation v) {
            this.v = v;
        }

        Loaded<Plan> plan(Node root) {
            if (!(root instanceof Node.Mapping m)) {
                v.error(root.location(), "a plan must be a mapping of keys (hitcert-plan, id, title, considerations), not "
                        + Node.describe(root));
                return new Loaded<>(Optional.empty(), v.problems());
            }
            Validation.Fields f = v.fields(m, "the plan", PLAN_KEYS);
            f.require("hitcert-plan", "hitcert-plan: 1 (the plan format version)").ifPresent(n -> v.integer(q("hitcert-plan"), n)
                    .filter(version -> version != 1)
                    .ifPresent(version -> v.error(n.location(),
                            "'hitcert-plan' must be 1 (the only plan format version), not " + version)));
            Optional<String> id = f.require("id", "a plan id like tss-2015")
                    .flatMap(n -> v.matching(q("id"), n, PLAN_ID, "lower-case letters, digits and '-' ([a-z0-9-]+)"));
            Optional<String> title = f.requireString("title", "a string");
            Optional<String> document = f.string("document");
            f.get("profiles").flatMap(n -> v.mapping(q("profiles"), n, "a mapping of profile id to what claiming it means"))
                    .ifPresent(this::profiles);
            List<Consideration> considerations = new ArrayList<>();
            f.require("considerations", "a non-empty list of considerations")
                    .flatMap(n -> v.nonEmptyList(q("considerations"), n, "a list of considerations",
                            "a plan has at least one consideration"))
                    .ifPresent(seq -> {
                        int i = 0;
                        for (Node item : seq.items()) {
                            i++;
                            consideration(item, i).ifPresent(considerations::add);
                        }
                    });
            return v.result(() -> new Plan(id.orElseThrow(), title.orElseThrow(), document.orElse(null), profiles,
                    considerations, m.location()));
        }

        Optional<Consideration> consideration(Node node, int index) {
            Optional<Node.Mapping> m = v.mapping("consideration #" + index, node, "a mapping with id, text and requirements");
            if (m.isEmpty()) {
                return Optional.empty();
            }
            String owner = "consideration " + rawId(m.get()).map(Validation::q).orElse("#" + index);
            Validation.Fields f = v.fields(m.get(), owner, CONSIDERATION_KEYS);
            Optional<String> id = f.require("id", "an id like TSS-01").flatMap(n -> uniqueId(n, considerationIds,
                    "consideration id", "consideration ids must be unique"));
            Optional<String> title = f.string("title");
            Optional<String> text = f.requireString("text", "the document's own words, as a string");
            List<Requirement> requirements = new ArrayList<>();
            f.require("requirements", "a non-empty list of requirements")
                    .flatMap(n -> v.nonEmptyList(q("requirements"), n, "a list of requirements",
                            "a consideration has at least one requirement"))
                    .ifPresent(seq -> {
                        int i = 0;
                        for (Node item : seq.items()) {
                            i++;
                            requirement(item, i, owner).ifPresent(requirements::add);
                        }
                    });
            if (id.isEmpty() || text.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Consideration(id.get(), title.orElse(null), text.get(), requirements,
                    m.get().location()));
        }

        Optional<Requirement> requirement(Node node, int index, String parent) {
            Optional<Node.Mapping> m = v.mapping("requirement #" + index + " of " + parent, node,
                    "a mapping with id, title, level, sources and checks");
            if (m.isEmpty()) {
                return Optional.empty();
            }
            String owner = rawId(m.get()).map(s -> "requirement " + q(s))
                    .orElse("requirement #" + index + " of " + parent);
            Validation.Fields f = v.fields(m.get(), owner, REQUIREMENT_KEYS);
            Optional<String> id = f.require("id", "an id like DS-OIDC").flatMap(n -> uniqueId(n, requirementIds,
                    "requirement id", "requirement ids must be unique across the plan"));
            Optional<String> title = f.requireString("title", "a string");
            Optional<Level> level = f.require("level", "one of: " + String.join(", ", LEVELS))
                    .flatMap(n -> v.oneOf(q("level"), n, LEVELS))
                    .map(s -> Level.valueOf(s.toUpperCase(java.util.Locale.ROOT)));
            Optional<List<String>> sources = f.require("sources", "a non-empty list of source ids like RFC6749-4.1.2")
                    .flatMap(n -> v.nonEmptyList(q("sources"), n, "a list of source ids like [RFC6749-4.1.2]",
                            "a requirement cites at least one source"))
                    .flatMap(this::sources);
            Optional<List<String>> reqProfiles = f.get("profiles").map(this::requirementProfiles)
                    .orElse(Optional.of(List.of()));
            Optional<Requirement.Kind> kind = f.get("kind").map(n -> v.oneOf(q("kind"), n, KINDS)
                    .map(s -> Requirement.Kind.valueOf(s.toUpperCase(java.util.Locale.ROOT))))
                    .orElse(Optional.of(Requirement.Kind.AUTOMATED));
            Optional<Requirement.Status> status = f.get("status").map(n -> v.oneOf(q("status"), n, STATUSES)
                    .map(s -> Requirement.Status.valueOf(s.toUpperCase(java.util.Locale.ROOT))))
                    .orElse(Optional.of(Requirement.Status.ACTIVE));
            boolean attestation = kind.orElse(null) == Requirement.Kind.ATTESTATION;
            Optional<String> evidence = f.string("evidence");
            if (attestation && !f.has("evidence")) {
                f.missing("evidence", "an attestation says what the tester must attach, as a string");
            }
            if (kind.isPresent() && !attestation && f.has("evidence")) {
                v.error(f.keyLocation("evidence"), "'evidence' is only allowed with kind: attestation; "
                        + "an automated requirement's evidence comes from its checks");
            }
            List<CheckBinding> bindings = new ArrayList<>();
            boolean checksMayRun = kind.isPresent() && status.isPresent()
                    && kind.get() == Requirement.Kind.AUTOMATED && status.get() == Requirement.Status.ACTIVE;
            Optional<Node> checksNode = f.get("checks");
            if (checksMayRun && checksNode.isEmpty()) {
                f.missing("checks", "an active automated requirement needs at least one check (or status: planned)");
            }
            checksNode.flatMap(n -> v.list(q("checks"), n, "a list of checks")).ifPresent(seq -> {
                if (checksMayRun && seq.items().isEmpty()) {
                    v.error(seq.location(), "'checks' must not be empty for an active automated requirement; "
                            + "add a check, or set status: planned");
                } else if (!checksMayRun && !seq.items().isEmpty() && kind.isPresent() && status.isPresent()) {
                    v.error(f.keyLocation("checks"), "'checks' must be absent or empty for "
                            + (attestation ? "kind: attestation" : "status: planned")
                            + (attestation ? "; a human's evidence decides it" : "; set status: active to run them"));
                }
                int i = 0;
                for (Node item : seq.items()) {
                    i++;
                    binding(item, i, owner).ifPresent(bindings::add);
                }
            });
            if (id.isEmpty() || title.isEmpty() || level.isEmpty() || sources.isEmpty() || kind.isEmpty()
                    || status.isEmpty() || reqProfiles.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Requirement(id.get(), title.get(), level.get(), sources.get(), kind.get(),
                    status.get(), bindings, evidence.orElse(null), reqProfiles.get(), m.get().location()));
        }

        void profiles(Node.Mapping m) {
            for (Node.Entry e : m.entries().values()) {
                String key = e.key();
                if (!PLAN_ID.matcher(key).matches()) {
                    v.error(e.keyLocation(), "profile id " + q(key)
                            + " must be lower-case letters, digits and '-' ([a-z0-9-]+), e.g. smart");
                    continue;
                }
                v.string("profile " + q(key), e.value()).ifPresent(what -> profiles.put(key, what));
            }
        }

        Optional<List<String>> requirementProfiles(Node node) {
            Optional<Node.Seq> seq = v.list(q("profiles"), node, "a list of profile ids like [smart]");
            if (seq.isEmpty()) {
                return Optional.empty();
            }
            List<String> ids = new ArrayList<>();
            boolean ok = true;
            for (Node item : seq.get().items()) {
                Optional<String> s = v.string("each of 'profiles'", item);
                if (s.isEmpty()) {
                    ok = false;
                } else if (!profiles.containsKey(s.get())) {
                    v.error(item.location(), "profile " + q(s.get()) + " is not declared under the plan's 'profiles'"
                            + (profiles.isEmpty() ? " (the plan declares none)" : "; declared: "
                            + String.join(", ", profiles.keySet()))
                            + Validation.suggestion(s.get(), profiles.keySet()).map(x -> "; did you mean " + q(x) + "?").orElse(""));
                    ok = false;
                } else {
                    ids.add(s.get());
                }
            }
            return ok ? Optional.of(ids) : Optional.empty();
        }

        Optional<List<String>> sources(Node.Seq seq) {
            List<String> ids = new ArrayList<>();
            boolean ok = true;
            for (Node item : seq.items()) {
                Optional<String> s = v.string("each of 'sources'", item);
                if (s.isEmpty()) {
                    ok = false;
                } else if (Sources.url(s.get()).isEmpty()) {
                    v.error(item.location(), "source " + q(s.get()) + " is unknown; a source id is a document key, "
                            + "'-' and a section, e.g. RFC6749-4.1.2; known document keys: "
                            + String.join(", ", Sources.documents()));
                    ok = false;
                } else {
                    ids.add(s.get());
                }
            }
            return ok ? Optional.of(ids) : Optional.empty();
        }

        Optional<CheckBinding> binding(Node node, int index, String requirement) {
            Optional<Node.Mapping> m = v.mapping("check #" + index + " of " + requirement, node,
                    "a mapping like { check: some.check.id }");
            if (m.isEmpty()) {
                return Optional.empty();
            }
            Validation.Fields f = v.fields(m.get(), "check #" + index + " of " + requirement, BINDING_KEYS);
            Optional<Node> checkNode = f.require("check", "a known check id");
            Optional<String> checkId = checkNode.flatMap(n -> v.string(q("check"), n));
            Optional<List<ParamSpec>> specs = checkId.flatMap(checks::params);
            if (checkId.isPresent() && specs.isEmpty()) {
                v.error(checkNode.get().location(), unknownCheck(checkId.get()));
            }
            Optional<Params> params = f.get("with")
                    .map(n -> v.mapping(q("with"), n, "a mapping of the check's parameters")
                            .flatMap(with -> specs.flatMap(s -> params(with, checkId.get(), s))))
                    .orElse(Optional.of(Params.NONE));
            if (checkId.isEmpty() || specs.isEmpty() || params.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new CheckBinding(checkId.get(), params.get(), m.get().location()));
        }

        String unknownCheck(String id) {
            int dot = id.indexOf('.');
            String prefix = dot < 0 ? id : id.substring(0, dot + 1);
            List<String> sameArea = checks.ids().stream().filter(c -> c.startsWith(prefix)).toList();
            if (dot >= 0 && !sameArea.isEmpty()) {
                return "check " + q(id) + " is unknown; known checks starting with " + q(prefix) + ": "
                        + String.join(", ", sameArea);
            }
            Set<String> areas = new LinkedHashSet<>();
            for (String c : checks.ids()) {
                int d = c.indexOf('.');
                areas.add(d < 0 ? c : c.substring(0, d + 1));
            }
            return "check " + q(id) + " is unknown; known checks start with: " + String.join(", ", areas);
        }

        Optional<Params> params(Node.Mapping with, String checkId, List<ParamSpec> specs) {
            Map<String, ParamSpec> byName = new LinkedHashMap<>();
            specs.forEach(s -> byName.put(s.name(), s));
            Map<String, Object> values = new LinkedHashMap<>();
            boolean ok = true;
            for (Node.Entry e : with.entries().values()) {
                ParamSpec spec = byName.get(e.key());
                if (spec == null) {
                    String hint = byName.isEmpty() ? "it takes no parameters"
                            : Validation.suggestion(e.key(), byName.keySet()).map(s -> "did you mean " + q(s) + "? ")
                            .orElse("") + "its parameters: " + String.join(", ", byName.keySet());
                    v.error(e.keyLocation(), "check " + q(checkId) + " has no parameter " + q(e.key()) + "; " + hint);
                    ok = false;
                    continue;
                }
                Optional<Object> value = typed(e.value(), spec, checkId);
                if (value.isPresent()) {
                    values.put(spec.name(), value.get());
                } else {
                    ok = false;
                }
            }
            return ok ? Optional.of(new Params(values)) : Optional.empty();
        }

        Optional<Object> typed(Node node, ParamSpec spec, String checkId) {
            String label = "parameter " + q(spec.name()) + " of check " + q(checkId);
            boolean fits = switch (spec.type()) {
                case STRING -> node instanceof Node.Scalar s && s.kind() == Node.ScalarKind.STRING;
                case INTEGER -> node instanceof Node.Scalar s && s.kind() == Node.ScalarKind.INTEGER;
                case BOOLEAN -> node instanceof Node.Scalar s && s.kind() == Node.ScalarKind.BOOLEAN;
                case STRING_LIST -> node instanceof Node.Seq seq && seq.items().stream()
                        .allMatch(i -> i instanceof Node.Scalar s && s.kind() == Node.ScalarKind.STRING);
            };
            if (!fits) {
                String actual = node instanceof Node.Seq ? "a list holding " + ((Node.Seq) node).items().stream()
                        .filter(i -> !(i instanceof Node.Scalar s && s.kind() == Node.ScalarKind.STRING))
                        .findFirst().map(Node::describe).orElse("nothing") : Node.describe(node);
                v.error(node.location(), label + " must be " + spec.type().yamlName() + ", not " + actual
                        + (spec.type() == ParamSpec.Type.STRING ? " (quote it: \"...\")" : ""));
                return Optional.empty();
            }
            return switch (spec.type()) {
                case STRING -> Optional.of(((Node.Scalar) node).text());
                case INTEGER -> v.integer(label, node).map(Object.class::cast);
                case BOOLEAN -> v.bool(label, node).map(Object.class::cast);
                case STRING_LIST -> Optional.of(((Node.Seq) node).items().stream()
                        .map(i -> ((Node.Scalar) i).text()).toList());
            };
        }

        Optional<String> uniqueId(Node n, Map<String, Location> seen, String what, String rule) {
            return v.matching(q("id"), n, NODE_ID, "upper-case letters, digits and '-' ([A-Z0-9-]+)")
                    .filter(id -> {
                        Location first = seen.putIfAbsent(id, n.location());
                        if (first != null) {
                            v.error(n.location(), what + " " + q(id) + " is already used at " + first.line() + ":"
                                    + first.column() + "; " + rule);
                            return false;
                        }
                        return true;
                    });
        }
    }

    /** The id a mapping gives itself, for naming it in messages even when the id is invalid. */
    static Optional<String> rawId(Node.Mapping m) {
        return m.entry("id").map(Node.Entry::value)
                .filter(n -> n instanceof Node.Scalar s && s.kind() != Node.ScalarKind.NULL)
                .map(n -> ((Node.Scalar) n).text());
    }
}
