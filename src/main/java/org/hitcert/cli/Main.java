package org.hitcert.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.hitcert.checks.Check;
import org.hitcert.checks.CheckCatalog;
import org.hitcert.engine.CandidateUnreachable;
import org.hitcert.engine.HitcertEngine;
import org.hitcert.engine.Settings;
import org.hitcert.load.CandidateLoader;
import org.hitcert.load.Loaded;
import org.hitcert.load.PlanLoader;
import org.hitcert.model.Candidate;
import org.hitcert.model.CheckBinding;
import org.hitcert.model.Consideration;
import org.hitcert.model.Plan;
import org.hitcert.model.Problem;
import org.hitcert.model.Requirement;
import org.hitcert.reference.Flaw;
import org.hitcert.reference.ReferenceCandidate;
import org.hitcert.reference.ReferenceOptions;
import org.hitcert.report.ReportListener;
import org.hitcert.report.ReportSigner;
import org.hitcert.report.RunInfo;
import org.hitcert.report.RunSummary;
import org.hitcert.support.Redactor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The hitcert command line. With no subcommand it certifies the candidate(s) against the plan.
 * Exit codes: 0 certified, 1 not certified, 2 bad input, 3 candidate unreachable.
 */
@Command(name = "hitcert", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = Main.BAD_INPUT, versionProvider = Main.Version.class,
        description = "Certifies a Health IT RESTful API (OAuth 2.0 / OpenID Connect / SMART on FHIR) against a YAML plan.",
        subcommands = {Main.ListChecks.class, Main.ListFlaws.class, Main.Reference.class, Main.Verify.class})
public final class Main implements Callable<Integer> {

    public static final int CERTIFIED = 0;
    public static final int NOT_CERTIFIED = 1;
    public static final int BAD_INPUT = 2;
    public static final int UNREACHABLE = 3;

    static final Path DEFAULT_PLAN = Path.of("test-plans", "tss-2015.yaml");

    @Option(names = "--plan", paramLabel = "FILE", description = "Certification plan (default: ${DEFAULT-VALUE}).")
    Path plan = DEFAULT_PLAN;

    @Option(names = "--candidate", paramLabel = "FILE",
            description = "Candidate file; repeatable (default: fixtures/candidates/reference.yaml, the built-in reference).")
    List<Path> candidates = new ArrayList<>();

    @Option(names = "--flaw", paramLabel = "NAME", description = "Turn on a flaw of the reference candidate; repeatable. See list-flaws.")
    List<String> flaws = new ArrayList<>();

    @Option(names = "--only", paramLabel = "ID", description = "Run only this check, requirement or consideration id; repeatable.")
    List<String> only = new ArrayList<>();

    @Option(names = "--browser", paramLabel = "KIND", description = "Browser: chromium (default), htmlunit, "
            + "grid[#NAME] (on --grid), or grid:URL[#NAME], NAME chrome (default) or MicrosoftEdge; repeatable: the "
            + "checks run in the first, and the browser-matrix check (COMPAT-BROWSER-MATRIX) runs the authorization "
            + "flow in each.")
    List<String> browsers = new ArrayList<>();

    @Option(names = "--grid", paramLabel = "URL", description = "Selenium Grid (e.g. http://127.0.0.1:4444) whose "
            + "browsers the checks use instead of the local Chromium (without --browser: grid). It is the tester's "
            + "infrastructure, not a candidate host: its nodes must reach the candidate and this machine's callback.")
    String grid;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for report folders (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("reports");

    @Option(names = "--http-timeout", paramLabel = "SECONDS", description = "Longest wait for one HTTP read; "
            + "a whole exchange gets twice that (default: ${DEFAULT-VALUE}).")
    long httpTimeout = 15;

    @Option(names = "--check-timeout", paramLabel = "SECONDS", description = "Longest a check may run (default: ${DEFAULT-VALUE}).")
    long checkTimeout = 90;

    @Option(names = "--step-timeout", paramLabel = "SECONDS", description = "Longest a login step waits for its "
            + "element on the candidate's pages (default: ${DEFAULT-VALUE}).")
    long stepTimeout = 10;

    @Option(names = "--parallel", paramLabel = "N", description = "Checks run at once, 1 (serial) to 32; at most N "
            + "browsers are started (default: ${DEFAULT-VALUE}).")
    int parallel = 4;

    @Option(names = "--signing-key", paramLabel = "FILE", description = "Private JWK that signs report.json.jws "
            + "(default: $HITCERT_SIGNING_KEY if set, else an ephemeral key made for the run, marked as identifying nobody).")
    Path signingKey;

    @Option(names = "--attestations", paramLabel = "FILE", description = "The vendor's answers to the plan's attestation "
            + "requirements (statement, who, when, attachments); shown in the report as evidence awaiting review, never PASS.")
    Path attestations;

    private PrintStream stdout = System.out;
    private PrintStream stderr = System.err;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Main main = new Main();
        main.stdout = out;
        main.stderr = err;
        CommandLine cli = new CommandLine(main);
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            err.println("hitcert: " + e);
            return BAD_INPUT;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        PrintStream out = stdout;
        PrintStream err = stderr;
        List<Path> files = candidates.isEmpty() ? List.of(Settings.DEFAULT_CANDIDATE) : candidates;
        Loaded<Plan> loadedPlan = new PlanLoader(CheckCatalog.standard()).load(plan);
        List<Problem> problems = new ArrayList<>(loadedPlan.problems());
        Map<Path, Candidate> loaded = new LinkedHashMap<>();
        for (Path file : files) {
            Loaded<Candidate> c = new CandidateLoader(flawIds()).load(file);
            problems.addAll(c.problems());
            c.value().ifPresent(v -> loaded.put(file, v));
        }
        for (String flaw : flaws) {
            if (Flaw.byId(flaw).isEmpty()) {
                problems.add(Problem.error(org.hitcert.model.Location.builtIn("command line"), "--flaw '" + flaw
                        + "' is unknown; known flaws: " + String.join(", ", flawIds().stream().sorted().toList())));
            }
        }
        if (!flaws.isEmpty()) {
            loaded.forEach((file, c) -> {
                if (c.reference().isEmpty()) {
                    problems.add(Problem.error(c.location(), "--flaw applies only to the reference candidate, but "
                            + file + " describes a real server; drop --flaw or use the reference candidate"));
                }
            });
        }
        loadedPlan.value().ifPresent(p -> loaded.values().forEach(c -> problems.addAll(org.hitcert.load.Profiles.problems(p, c))));
        if (attestations != null) {
            Loaded<List<org.hitcert.model.Attestation>> answers = new org.hitcert.load.AttestationLoader().load(attestations);
            problems.addAll(answers.problems());
            answers.value().ifPresent(a -> loadedPlan.value().ifPresent(
                    p -> problems.addAll(org.hitcert.load.AttestationLoader.problems(p, a))));
        }
        if (!only.isEmpty() && loadedPlan.value().map(p -> p.only(only).considerations().isEmpty()).orElse(false)) {
            problems.add(Problem.error(org.hitcert.model.Location.builtIn("command line"), "--only " + only
                    + " matches no consideration, requirement or check id of " + plan + "; see list-checks"));
        }
        if (parallel < 1 || parallel > 32) {
            problems.add(Problem.error(org.hitcert.model.Location.builtIn("command line"), "--parallel " + parallel
                    + " is out of range; expected 1 (serial) to 32"));
        }
        boolean gridOk = true;
        if (grid != null) {
            try {
                org.hitcert.support.BrowserKind.gridUri(grid);
            } catch (IllegalArgumentException e) {
                gridOk = false;
                problems.add(Problem.error(org.hitcert.model.Location.builtIn("command line"), "--grid: " + e.getMessage()));
            }
        }
        for (String b : browserSpecs()) {
            if (!gridOk && (b.equals("grid") || b.startsWith("grid#"))) {
                continue; // the --grid problem above says it
            }
            try {
                org.hitcert.support.BrowserKind.parse(b, java.util.Optional.ofNullable(grid));
            } catch (IllegalArgumentException e) {
                problems.add(Problem.error(org.hitcert.model.Location.builtIn("command line"), "--browser: " + e.getMessage()));
            }
        }
        problems.forEach(p -> err.println(p));
        if (problems.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR)) {
            err.println("hitcert: nothing was sent to any candidate; fix the problems above and run again");
            return BAD_INPUT;
        }
        int exit = CERTIFIED;
        for (Map.Entry<Path, Candidate> e : loaded.entrySet()) {
            exit = Math.max(exit, certify(loadedPlan.value().orElseThrow().only(only), e.getKey(), e.getValue(), out));
        }
        return exit;
    }

    private int certify(Plan planModel, Path candidateFile, Candidate candidate, PrintStream out) {
        Instant started = Instant.now();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(started);
        Path reportDir = out(stamp + "-" + candidate.name());
        List<String> allFlaws = new ArrayList<>(candidate.reference().map(Candidate.ReferenceSpec::flaws).orElse(List.of()));
        flaws.stream().filter(f -> !allFlaws.contains(f)).forEach(allFlaws::add);
        Redactor redactor = new Redactor();
        Candidate withSecrets = org.hitcert.support.CandidateProcess.withLaunchSecrets(candidate, System::getenv);
        redactor.registerSecretsOf(withSecrets.clients(), withSecrets.users(), System::getenv);
        RunInfo info = new RunInfo(Version.VERSION, plan.toString(), planModel.id(), candidate.name(),
                candidateFile.toString(), allFlaws, started);
        ReportListener report = new ReportListener(planModel, info, reportDir, Clock.systemUTC(), out, redactor::scrub)
                .fact("plan-sha256", fileHash(plan))
                .fact("candidate-file-sha256", fileHash(candidateFile))
                .fact("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        if (attestations != null) {
            report.fact("attestations-file-sha256", fileHash(attestations));
        }
        if (!planModel.profiles().isEmpty()) {
            List<String> claimed = planModel.profiles().keySet().stream().filter(candidate::claimsProfile).toList();
            report.fact("profiles claimed", claimed.isEmpty() ? "none (core requirements only)" : String.join(", ", claimed));
        }
        if (!only.isEmpty()) {
            report.fact("scope", "partial run: only " + String.join(", ", only) + " (certification covers these alone)");
        }
        AtomicReference<Throwable> unreachable = new AtomicReference<>();
        TestExecutionListener watch = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                result.getThrowable().filter(CandidateUnreachable.class::isInstance).ifPresent(unreachable::set);
            }
        };
        Path work;
        try {
            work = Files.createTempDirectory("hitcert-run-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectFile(plan.toFile()))
                .configurationParameter(Settings.CANDIDATE, candidateFile.toString())
                .configurationParameter(Settings.FLAWS, String.join(",", flaws))
                .configurationParameter(Settings.ONLY, String.join(",", only))
                .configurationParameter(Settings.BROWSER, browserSpecs().get(0))
                .configurationParameter(Settings.BROWSERS, String.join(",", browserSpecs()))
                .configurationParameter(Settings.GRID, grid == null ? "" : grid)
                .configurationParameter(Settings.HTTP_TIMEOUT, Long.toString(httpTimeout))
                .configurationParameter(Settings.CHECK_TIMEOUT, Long.toString(checkTimeout))
                .configurationParameter(Settings.STEP_TIMEOUT, Long.toString(stepTimeout))
                .configurationParameter(Settings.ATTESTATIONS, attestations == null ? "" : attestations.toString())
                .configurationParameter(Settings.PARALLELISM, Integer.toString(parallel))
                .configurationParameter("junit.platform.reporting.output.dir", work.toString())
                .build();
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestEngineAutoRegistration(false)
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestEngines(new HitcertEngine())
                .build());
        launcher.execute(request, report, watch);
        deleteQuietly(work);
        RunSummary summary = report.summary();
        try {
            if (Files.isRegularFile(summary.reportDir().resolve("report.json"))) {
                ReportSigner.sign(summary.reportDir(), signingKey());
                out.println("signed: " + summary.reportDir().resolve(ReportSigner.SIGNATURE_FILE)
                        + " (./run-suite.sh verify " + summary.reportDir() + ")");
            }
        } catch (java.io.IOException e) {
            out.println("hitcert: the report could not be signed: " + e.getMessage());
        }
        if (unreachable.get() != null) {
            out.println("hitcert: candidate unreachable: " + redactor.scrub(unreachable.get().getMessage()));
            return UNREACHABLE;
        }
        return summary.certified() ? CERTIFIED : NOT_CERTIFIED;
    }

    /** The --browser values, or the default: the grid's browser with --grid, else the local Chromium. */
    private List<String> browserSpecs() {
        return browsers.isEmpty() ? List.of(grid != null ? "grid" : "chromium") : browsers;
    }

    private java.util.Optional<com.nimbusds.jose.jwk.JWK> signingKey() throws java.io.IOException {
        if (signingKey != null) {
            return java.util.Optional.of(ReportSigner.readJwk(signingKey));
        }
        String env = System.getenv("HITCERT_SIGNING_KEY");
        if (env != null && !env.isBlank()) {
            try {
                return java.util.Optional.of(com.nimbusds.jose.jwk.JWK.parse(env));
            } catch (java.text.ParseException e) {
                throw new java.io.IOException("HITCERT_SIGNING_KEY is not a JWK: " + e.getMessage(), e);
            }
        }
        return java.util.Optional.empty();
    }

    private static String fileHash(Path file) {
        try {
            return ReportSigner.sha256(Files.readAllBytes(file));
        } catch (java.io.IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private Path out(String name) {
        Path dir = out.resolve(name);
        for (int i = 2; Files.exists(dir); i++) {
            dir = out.resolve(name + "-" + i);
        }
        return dir;
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a temp folder left behind is harmless
        }
    }

    static java.util.Set<String> flawIds() {
        return java.util.Arrays.stream(Flaw.values()).map(Flaw::id).collect(java.util.stream.Collectors.toSet());
    }

    /** Every check with its requirement, consideration and the flaws that fail it. */
    @Command(name = "list-checks", description = "Lists every check with the requirements it decides and the flaws that fail it.")
    static final class ListChecks implements Callable<Integer> {
        @Option(names = "--plan", paramLabel = "FILE", description = "Plan to map checks to (default: ${DEFAULT-VALUE}).")
        Path plan = DEFAULT_PLAN;

        @Override
        public Integer call() {
            CheckCatalog catalog = CheckCatalog.standard();
            Loaded<Plan> loaded = new PlanLoader(catalog).load(plan);
            loaded.problems().forEach(System.err::println);
            Map<String, List<String>> bound = new LinkedHashMap<>();
            loaded.value().ifPresent(p -> {
                for (Consideration c : p.considerations()) {
                    for (Requirement r : c.requirements()) {
                        for (CheckBinding b : r.checks()) {
                            bound.computeIfAbsent(b.checkId(), k -> new ArrayList<>()).add(c.id() + "/" + r.id() + " (" + r.level().yamlName() + ")");
                        }
                    }
                }
            });
            for (Check check : catalog.all()) {
                System.out.printf("%-40s %s%n", check.info().id(), check.info().title());
                System.out.printf("%-40s requirement: %s%n", "", bound.getOrDefault(check.info().id(), List.of("(not bound in " + plan + ")")));
                System.out.printf("%-40s fails with:  %s%s%n", "", String.join(", ", check.info().flaws()), check.info().browser() ? "   [browser]" : "");
            }
            return loaded.ok() ? CERTIFIED : BAD_INPUT;
        }
    }

    @Command(name = "list-flaws", description = "Lists the reference candidate's flaw switches and the checks each must fail.")
    static final class ListFlaws implements Callable<Integer> {
        @Override
        public Integer call() {
            CheckCatalog catalog = CheckCatalog.standard();
            for (Flaw f : Flaw.values()) {
                List<String> checks = catalog.all().stream().filter(c -> c.info().flaws().contains(f.id())).map(c -> c.info().id()).toList();
                System.out.printf("%-28s %s%n%-28s caught by: %s%n", f.id(), f.description(), "", checks.isEmpty() ? "(no check yet)" : String.join(", ", checks));
            }
            return CERTIFIED;
        }
    }

    @Command(name = "reference", description = "Runs the reference candidate until interrupted, and writes its CA certificate.")
    static final class Reference implements Callable<Integer> {
        @Option(names = "--port", description = "HTTPS port (default: ${DEFAULT-VALUE}).")
        int port = 8443;

        @Option(names = "--callback", description = "Redirect URI registered for its clients (default: ${DEFAULT-VALUE}).")
        java.net.URI callback = java.net.URI.create("http://127.0.0.1:8765/callback");

        @Option(names = "--flaw", paramLabel = "NAME", description = "Flaw to turn on; repeatable.")
        List<String> flaws = new ArrayList<>();

        @Option(names = "--trust-anchor-out", paramLabel = "FILE", description = "Where to write the CA certificate (default: ${DEFAULT-VALUE}).")
        Path anchor = Path.of("reports", "reference-ca.pem");

        @Override
        public Integer call() throws Exception {
            java.util.Set<Flaw> set = java.util.EnumSet.noneOf(Flaw.class);
            for (String f : flaws) {
                set.add(Flaw.byId(f).orElseThrow(() -> new CommandLine.ParameterException(new CommandLine(this),
                        "unknown flaw '" + f + "'; see list-flaws")));
            }
            try (ReferenceCandidate ref = ReferenceCandidate.start(new ReferenceOptions(set, callback, port))) {
                Files.createDirectories(anchor.toAbsolutePath().getParent());
                ref.writeTrustAnchor(anchor);
                System.out.println("reference candidate: issuer " + ref.issuer() + ", FHIR " + ref.fhirBase()
                        + ", CA certificate in " + anchor + " (Ctrl-C to stop)");
                Thread.currentThread().join();
            }
            return CERTIFIED;
        }
    }

    @Command(name = "verify", description = "Checks a report's signature and that no file of it changed since signing. "
            + "Exit 0 valid, 1 invalid, 2 bad input.")
    static final class Verify implements Callable<Integer> {
        @CommandLine.Parameters(paramLabel = "REPORT", description = "A report folder, or its report.json.")
        Path report;

        @Option(names = "--trust", paramLabel = "FILE", description = "The public JWK the report must be signed with.")
        Path trust;

        @Override
        public Integer call() throws Exception {
            if (!Files.exists(report)) {
                System.err.println("hitcert: " + report + " does not exist; give a report folder or its report.json");
                return BAD_INPUT;
            }
            ReportSigner.Verification v = ReportSigner.verify(report,
                    trust == null ? java.util.Optional.empty() : java.util.Optional.of(ReportSigner.readJwk(trust)));
            System.out.println((v.valid() ? "VALID" : "INVALID") + " " + report);
            v.findings().forEach(f -> System.out.println("  " + f));
            return v.valid() ? CERTIFIED : NOT_CERTIFIED;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        static final String VERSION = "0.1.0";

        @Override
        public String[] getVersion() {
            return new String[] {"hitcert " + VERSION};
        }
    }
}
