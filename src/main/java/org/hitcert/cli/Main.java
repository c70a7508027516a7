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
        subcommands = {Main.ListChecks.class, Main.ListFlaws.class, Main.Reference.class, Main.Verify.class, Main.Diff.class,
                Main.Doctor.class, Init.class})
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

    @Option(names = "--browser", paramLabel = "KIND", description = "Browser: chromium (default: the "
            + "headless shell when installed, else the full browser), chromium-full, htmlunit, "
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

    @Option(names = "--check-timeout", paramLabel = "SECONDS", description = "Longest a check may run, at least "
            + "(default: ${DEFAULT-VALUE}); a check that does many browser flows gets 2 × step timeout + HTTP timeout per "
            + "flow, and one that waits for a lifetime the candidate claims gets that wait plus 30 s more.")
    long checkTimeout = 90;

    @Option(names = "--max-wait", paramLabel = "SECONDS", description = "Longest a check may wait on purpose for a "
            + "lifetime the candidate claims (a code's, an idle refresh token's); a longer claim ends INCONCLUSIVE "
            + "(default: ${DEFAULT-VALUE}).")
    long maxWait = 900;

    @Option(names = "--step-timeout", paramLabel = "SECONDS", description = "Longest a login step waits for its "
            + "element on the candidate's pages (default: ${DEFAULT-VALUE}).")
    long stepTimeout = 10;

    @Option(names = "--parallel", paramLabel = "N", description = "Checks run at once per candidate, 1 (serial) to 32; "
            + "at most N browsers are started per candidate, fewer under --max-browsers (default: ${DEFAULT-VALUE}).")
    int parallel = 4;

    @Option(names = "--concurrent-candidates", paramLabel = "N", description = "Candidates certified at once, 1 to 16 "
            + "(default: the number of candidates, at most 4). Candidates that share a fixed callback port, a launched "
            + "server or an issuer run one after the other whatever N is.")
    Integer concurrentCandidates;

    @Option(names = "--max-browsers", paramLabel = "N", description = "Browser sessions in use at once across all "
            + "candidates, 1 to 64 (default: the larger of --parallel and 8). With C candidates running at once, each "
            + "runs min(--parallel, N / C) checks at a time, at least 1.")
    Integer maxBrowsers;

    @Option(names = "--preflight", negatable = true, description = "Run the setup's basics first (TLS trust, discovery, the "
            + "login, as doctor does) and, when a blocking one cannot be exercised, end the other checks at once as "
            + "INCONCLUSIVE and exit 2 (default: on for your candidates, off for the reference and its flaws).")
    Boolean preflight;

    @Option(names = "--baseline", paramLabel = "OLD", description = "An earlier run's report folder (or report.json): the "
            + "exit code then counts only regressions against it (a check that FAILs or ERRORs and did not, or PASSed and "
            + "is INCONCLUSIVE): 0 none, 1 some. The report still shows every verdict. One candidate only.")
    Path baseline;

    @Option(names = "--signing-key", paramLabel = "FILE", description = "Private JWK that signs report.json.jws "
            + "(default: $HITCERT_SIGNING_KEY if set, else an ephemeral key made for the run, marked as identifying nobody).")
    Path signingKey;

    @Option(names = "--attestations", paramLabel = "FILE", description = "The vendor's answers to the plan's attestation "
            + "requirements (statement, who, when, attachments); shown in the report as evidence awaiting review, never PASS.")
    Path attestations;

    /** The {@code --baseline} report, read before any traffic. */
    private com.fasterxml.jackson.databind.JsonNode baselineReport;

    /** The plan as written, before {@code --only}: a partial run's report says how much of it was assessed. */
    private Plan wholePlan;
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
        // a list, not a map: the same file given twice is certified twice (a benchmark, a flake hunt)
        List<Map.Entry<Path, Candidate>> loaded = new ArrayList<>();
        for (Path file : files) {
            Loaded<Candidate> c = new CandidateLoader(flawIds(), CheckCatalog.standard().claimKeys()).load(file);
            problems.addAll(c.problems());
            c.value().ifPresent(v -> loaded.add(Map.entry(file, v)));
        }
        // a private key in the environment that is no key would cost a run of ERRORs: refused here, before any traffic
        loaded.forEach(e -> e.getValue().clients().forEach(client -> client.privateKey()
                .filter(k -> k.envName().isPresent())
                .flatMap(k -> k.resolve(System::getenv).flatMap(org.hitcert.support.PrivateKeys::problem)
                        .map(why -> Problem.error(client.location(), "client '" + client.clientId() + "': private-key " + k
                                + " holds " + why)))
                .ifPresent(problems::add)));
        for (String flaw : flaws) {
            if (Flaw.byId(flaw).isEmpty()) {
                problems.add(Problem.error(org.hitcert.model.Location.builtIn("command line"), "--flaw '" + flaw
                        + "' is unknown; known flaws: " + String.join(", ", flawIds().stream().sorted().toList())));
            }
        }
        if (!flaws.isEmpty()) {
            loaded.forEach(e -> {
                if (e.getValue().reference().isEmpty()) {
                    problems.add(Problem.error(e.getValue().location(), "--flaw applies only to the reference candidate, but "
                            + e.getKey() + " describes a real server; drop --flaw or use the reference candidate"));
                }
            });
        }
        loadedPlan.value().ifPresent(p -> loaded.forEach(e -> problems.addAll(org.hitcert.load.Profiles.problems(p, e.getValue()))));
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
        if (concurrentCandidates != null && (concurrentCandidates < 1 || concurrentCandidates > 16)) {
            problems.add(Problem.error(org.hitcert.model.Location.builtIn("command line"), "--concurrent-candidates "
                    + concurrentCandidates + " is out of range; expected 1 to 16"));
        }
        if (maxBrowsers != null && (maxBrowsers < 1 || maxBrowsers > 64)) {
            problems.add(Problem.error(org.hitcert.model.Location.builtIn("command line"), "--max-browsers "
                    + maxBrowsers + " is out of range; expected 1 to 64"));
        }
        if (baseline != null) {
            if (files.size() > 1) {
                problems.add(Problem.error(org.hitcert.model.Location.builtIn("command line"), "--baseline applies to a run of"
                        + " one candidate; " + files.size() + " were given (run each with its own baseline)"));
            } else {
                try {
                    baselineReport = org.hitcert.report.ReportDiff.read(baseline);
                } catch (org.hitcert.report.ReportDiff.NotAReport e) {
                    problems.add(Problem.error(org.hitcert.model.Location.builtIn("command line"), "--baseline: " + e.getMessage()));
                }
            }
        }
        problems.forEach(p -> err.println(p));
        if (problems.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR)) {
            err.println("hitcert: nothing was sent to any candidate; fix the problems above and run again");
            return BAD_INPUT;
        }
        wholePlan = loadedPlan.value().orElseThrow();
        Plan planModel = wholePlan.only(only);
        if (loaded.size() == 1) {
            Map.Entry<Path, Candidate> only1 = loaded.get(0);
            Instant started = Instant.now();
            Path dir = reserve(STAMP.format(started) + "-" + only1.getValue().name());
            int exit = certify(planModel, only1.getKey(), only1.getValue(), out, dir, parallel);
            return baselineReport == null || exit > NOT_CERTIFIED ? exit : againstBaseline(dir, out, exit);
        }
        return certifyAll(planModel, loaded, out);
    }

    /**
     * {@code --baseline}: the exit code of a run that ended with a verdict (0 or 1) counts only regressions against the
     * baseline; the diff is printed, the report is left as it is.
     */
    private int againstBaseline(Path reportDir, PrintStream out, int exit) {
        com.fasterxml.jackson.databind.JsonNode now;
        try {
            now = org.hitcert.report.ReportDiff.read(reportDir);
        } catch (org.hitcert.report.ReportDiff.NotAReport e) {
            out.println("hitcert: no report to compare with the baseline: " + e.getMessage());
            return exit;
        }
        org.hitcert.report.ReportDiff.Diff d = org.hitcert.report.ReportDiff.of(baselineReport, now);
        List<org.hitcert.report.ReportDiff.Change> worse = d.regressions();
        out.println("hitcert: against the baseline " + baseline + ":");
        d.lines().forEach(l -> out.println("  " + l));
        out.println(worse.isEmpty() ? "hitcert: no regression against the baseline: exit 0 (" + (exit == CERTIFIED
                ? "certified" : "NOT CERTIFIED: the report shows every finding") + ")"
                : "hitcert: " + worse.size() + " regression(s) against the baseline: " + String.join(", ",
                worse.stream().map(org.hitcert.report.ReportDiff.Change::checkId).toList()) + ": exit 1");
        return worse.isEmpty() ? CERTIFIED : NOT_CERTIFIED;
    }

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /**
     * Several candidates: certified concurrently (at most {@code --concurrent-candidates} at once, sharing the browser
     * budget), each with its own report folder, engine launch, redactor and console prefix; then the index page.
     * A candidate's crash or unreachability costs only its own verdict. Exit code: the worst of all.
     */
    private int certifyAll(Plan planModel, List<Map.Entry<Path, Candidate>> loaded, PrintStream out) {
        Instant started = Instant.now();
        String stamp = STAMP.format(started);
        int concurrent = Math.min(loaded.size(), concurrentCandidates != null ? concurrentCandidates : Math.min(loaded.size(), 4));
        int budget = maxBrowsers != null ? maxBrowsers : Math.max(parallel, 8);
        int each = Math.min(parallel, Math.max(1, budget / concurrent));
        List<CandidateRuns.Planned> planned = CandidateRuns.plan(loaded, name -> reserve(stamp + "-" + name));
        out.println("hitcert: " + loaded.size() + " candidates, " + concurrent + " at once, " + each
                + " check" + (each == 1 ? "" : "s") + " at a time each (at most " + concurrent * each
                + " browsers; --max-browsers " + budget + ")");
        List<CandidateRuns.Result> results = new CandidateRuns(concurrent, out).run(planned, (p, console) ->
                certify(planModel, p.file(), p.candidate(), console, p.reportDir(), each));
        Instant finished = Instant.now();
        int exit = CERTIFIED;
        Redactor redactor = new Redactor();
        for (CandidateRuns.Result r : results) {
            exit = Math.max(exit, r.exitCode());
            Candidate withSecrets = org.hitcert.support.CandidateProcess.withLaunchSecrets(r.planned().candidate(), System::getenv);
            redactor.registerSecretsOf(withSecrets.clients(), withSecrets.users(), System::getenv);
        }
        Path indexDir = null;
        try {
            indexDir = reserve(stamp + "-index");
            List<org.hitcert.report.IndexWriter.Entry> entries = results.stream().map(r -> new org.hitcert.report.IndexWriter.Entry(
                    r.planned().label(), r.planned().file().toString(), r.planned().reportDir(), r.exitCode(), r.outcome(),
                    r.wallMs(), r.problem() == null ? null : redactor.scrub(r.problem()))).toList();
            new org.hitcert.report.IndexWriter(redactor::scrub).write(indexDir, planModel.id(), started, finished, entries);
            ReportSigner.sign(indexDir, signingKey());
        } catch (java.io.IOException | RuntimeException e) {
            out.println("hitcert: the index could not be written (every report above stands): "
                    + redactor.scrub(String.valueOf(e.getMessage())));
        }
        out.println();
        for (CandidateRuns.Result r : results) {
            out.println(String.format(java.util.Locale.ROOT, "%-24s %-14s %7.1f s  %s%s", r.planned().label(), r.outcome(),
                    r.wallMs() / 1000.0, r.planned().reportDir().resolve("report.html"),
                    r.problem() == null ? "" : "  (" + redactor.scrub(r.problem()) + ")"));
        }
        if (indexDir != null && Files.isRegularFile(indexDir.resolve(ReportSigner.SIGNATURE_FILE))) {
            out.println("index: " + indexDir.toAbsolutePath().resolve(org.hitcert.report.IndexWriter.INDEX_HTML)
                    + " (./run-suite.sh verify " + indexDir + ")");
        }
        return exit;
    }

    private int certify(Plan planModel, Path candidateFile, Candidate candidate, PrintStream out, Path reportDir,
                        int parallelism) {
        Instant started = Instant.now();
        List<String> allFlaws = new ArrayList<>(candidate.reference().map(Candidate.ReferenceSpec::flaws).orElse(List.of()));
        flaws.stream().filter(f -> !allFlaws.contains(f)).forEach(allFlaws::add);
        Redactor redactor = new Redactor();
        Candidate withSecrets = org.hitcert.support.CandidateProcess.withLaunchSecrets(candidate, System::getenv);
        redactor.registerSecretsOf(withSecrets.clients(), withSecrets.users(), System::getenv);
        RunInfo info = new RunInfo(Version.VERSION, plan.toString(), planModel.id(), candidate.name(),
                candidateFile.toString(), allFlaws, started);
        ReportListener report = new ReportListener(planModel, info, reportDir, Clock.systemUTC(), out, redactor::scrub)
                .wholePlan(wholePlan)
                .liveProgress(out == System.out && !"dumb".equals(System.getenv("TERM"))
                        && (System.console() != null || "1".equals(System.getenv("HITCERT_LIVE"))))
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
            report.fact("scope", "partial run: only " + String.join(", ", only) + " (a partial run is never certified)");
        }
        // the reference's flaws break basics on purpose, and their runs must still decide every check
        boolean gated = preflight != null ? preflight : candidate.reference().isEmpty();
        gated &= parallelism > 1;
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
                .configurationParameter(Settings.MAX_WAIT, Long.toString(maxWait))
                .configurationParameter(Settings.ATTESTATIONS, attestations == null ? "" : attestations.toString())
                .configurationParameter(Settings.PARALLELISM, Integer.toString(parallelism))
                .configurationParameter(Settings.PREFLIGHT, Boolean.toString(gated))
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
        if (gated) {
            java.util.Optional<Preflight.Findings> stopped = stoppedEarly(summary.reportDir());
            if (stopped.isPresent()) {
                out.println("hitcert: STOPPED EARLY: a basic of the setup fails, so the other checks were not run (INCONCLUSIVE):");
                stopped.get().lines().stream().filter(l -> !l.startsWith("  ok ")).forEach(out::println);
                out.println("Fix it (./run-suite.sh doctor --candidate " + candidateFile + " checks the setup alone in about 20 s)"
                        + " and run again; --no-preflight runs every check anyway");
                return BAD_INPUT;
            }
        }
        return summary.certified() ? CERTIFIED : NOT_CERTIFIED;
    }

    /** The preflight's findings when a blocking basic failed in the run of this report, else empty. */
    private static java.util.Optional<Preflight.Findings> stoppedEarly(Path reportDir) {
        try {
            Preflight.Findings f = Preflight.of(org.hitcert.report.ReportDiff.read(reportDir));
            return f.blocked() ? java.util.Optional.of(f) : java.util.Optional.empty();
        } catch (org.hitcert.report.ReportDiff.NotAReport e) {
            return java.util.Optional.empty(); // no report written: the run's own lines say why
        }
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

    /**
     * Creates the report folder {@code name} under {@code --out}, or {@code name-2}, {@code name-3}… when taken:
     * created atomically, so that concurrent runs (in this process or another) never share a folder.
     */
    private Path reserve(String name) {
        try {
            Files.createDirectories(out);
            for (int i = 1; i <= 1000; i++) {
                Path dir = out.resolve(i == 1 ? name : name + "-" + i);
                try {
                    return Files.createDirectory(dir);
                } catch (java.nio.file.FileAlreadyExistsException taken) {
                    // try the next suffix
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create a report folder in " + out + ": " + e.getMessage(), e);
        }
        throw new IllegalStateException("1000 report folders named " + name + " exist in " + out + "; clean it up");
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
                            bound.computeIfAbsent(b.checkId(), k -> new ArrayList<>()).add(c.id() + "/" + r.id() + " ("
                                    + r.level().yamlName() + (r.profiles().isEmpty() ? "" : ", profile " + String.join(" or ",
                                    r.profiles())) + ")");
                        }
                    }
                }
            });
            for (Check check : catalog.all()) {
                System.out.printf("%-40s %s%n", check.info().id(), check.info().title());
                System.out.printf("%-40s requirement: %s%n", "", bound.getOrDefault(check.info().id(), List.of("(not bound in " + plan + ")")));
                System.out.printf("%-40s fails with:  %s%s%n", "", String.join(", ", check.info().flaws()), check.info().browser()
                        ? check.info().mayShareLogin() ? "   [browser, or the run's signed-in session]" : "   [browser]" : "");
                if (!check.info().budget().claims().isEmpty()) {
                    System.out.printf("%-40s reads:       claims %s (candidate file)%n", "", String.join(", ",
                            check.info().budget().claims()));
                }
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
                System.out.printf("%-28s %s%n%-28s caught by: %s%n", f.id(), f.description(), "", checks.isEmpty()
                        ? switch (f.kind()) {
                            case INTEROP -> "(none: a correct behaviour of real servers; every check must still decide as on the clean reference)";
                            case PRECONDITION -> "(none: it breaks what checks rely on; they must say INCONCLUSIVE, never PASS)";
                            case DEFECT -> "(no check yet)";
                        }
                        : String.join(", ", checks));
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

    @Command(name = "diff", mixinStandardHelpOptions = true, description = "Lists what changed between two runs, check by check: new FAILs, fixed ones, "
            + "other verdict changes. Exit 0 no new FAIL, 1 new FAILs, 2 bad input.")
    static final class Diff implements Callable<Integer> {
        @CommandLine.Parameters(index = "0", paramLabel = "OLD", description = "The earlier run: a report folder, or its report.json.")
        Path before;

        @CommandLine.Parameters(index = "1", paramLabel = "NEW", description = "The later run: a report folder, or its report.json.")
        Path after;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            java.io.PrintWriter out = spec.commandLine().getOut();
            java.io.PrintWriter err = spec.commandLine().getErr();
            com.fasterxml.jackson.databind.JsonNode[] reports = new com.fasterxml.jackson.databind.JsonNode[2];
            Path[] given = {before, after};
            for (int i = 0; i < 2; i++) {
                try {
                    reports[i] = org.hitcert.report.ReportDiff.read(given[i]);
                } catch (org.hitcert.report.ReportDiff.NotAReport e) {
                    err.println("hitcert: " + e.getMessage());
                    return BAD_INPUT;
                }
            }
            org.hitcert.report.ReportDiff.Diff d = org.hitcert.report.ReportDiff.of(reports[0], reports[1]);
            out.println("hitcert diff " + before + " → " + after);
            d.lines().forEach(out::println);
            out.flush();
            return d.newFailures().isEmpty() ? CERTIFIED : NOT_CERTIFIED;
        }
    }

    @Command(name = "doctor", mixinStandardHelpOptions = true, description = "A preflight of a candidate file: runs the few checks that each exercise "
            + "one basic of the setup (TLS trust, discovery, the login steps and callback, the clients' authentication, "
            + "refresh tokens, the FHIR samples) and says what to fix. Exit 0 ready, 2 bad input or a basic that "
            + "fails, 3 candidate unreachable.")
    static final class Doctor implements Callable<Integer> {
        @Option(names = "--candidate", paramLabel = "FILE", description = "The candidate file (default: the reference).")
        Path candidate;

        @Option(names = "--out", paramLabel = "DIR", description = "Where the preflight's report goes, in a doctor-* folder "
                + "(default: reports).")
        Path out = Path.of("reports");

        @Option(names = "--step-timeout", paramLabel = "SECONDS", description = "As for a run (default: ${DEFAULT-VALUE}).")
        long stepTimeout = 10;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws java.io.IOException {
            java.io.PrintWriter print = spec.commandLine().getOut();
            // the basics alone, each judged here: the run's own preflight would add its verdict to theirs
            List<String> args = new ArrayList<>(List.of("--step-timeout", Long.toString(stepTimeout), "--no-preflight"));
            if (candidate != null) {
                args.addAll(List.of("--candidate", candidate.toString()));
            }
            Preflight.checkIds().forEach(id -> args.addAll(List.of("--only", id)));
            // a folder of its own: the one report in it is the preflight's, whatever else writes beside it
            Files.createDirectories(out);
            Path own = Files.createTempDirectory(out, "doctor-");
            args.addAll(List.of("--out", own.toString()));
            java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
            PrintStream inner = new PrintStream(console, true, java.nio.charset.StandardCharsets.UTF_8);
            long start = System.nanoTime();
            int exit = Main.run(args.toArray(String[]::new), inner, inner);
            String said = console.toString(java.nio.charset.StandardCharsets.UTF_8);
            if (exit == BAD_INPUT || exit == UNREACHABLE) {
                print.print(said); // the candidate file's problems with file:line:column, or why nothing answered
                print.flush();
                return exit;
            }
            java.util.Optional<Path> report;
            try (var listed = Files.list(own)) {
                report = listed.map(p -> p.resolve("report.json")).filter(Files::isRegularFile).findFirst();
            }
            if (report.isEmpty()) {
                print.print(said);
                print.println("hitcert doctor: the preflight wrote no report; see the output above");
                print.flush();
                return BAD_INPUT;
            }
            Preflight.Findings f;
            try {
                f = Preflight.of(org.hitcert.report.ReportDiff.read(report.get()));
            } catch (org.hitcert.report.ReportDiff.NotAReport e) {
                print.print(said);
                print.println("hitcert doctor: " + e.getMessage());
                print.flush();
                return BAD_INPUT;
            }
            print.println("hitcert doctor: " + (candidate == null ? "the reference candidate" : candidate) + " ("
                    + Math.round((System.nanoTime() - start) / 1e9) + " s)");
            f.lines().forEach(print::println);
            print.println(f.blocked() ? "NOT READY: a basic of the setup fails; fix it before a run (it would decide little)"
                    : f.problems() > 0 ? "READY, with " + f.problems() + " warning(s): the checks that need those will be "
                    + "INCONCLUSIVE" : "READY");
            print.println("details, evidence and screenshots: " + report.get().getParent().resolve("report.html"));
            print.flush();
            return f.blocked() ? BAD_INPUT : CERTIFIED;
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
