package org.hitcert.support;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.hitcert.model.Candidate;
import org.hitcert.model.Candidate.ClientSpec;
import org.hitcert.model.Candidate.Launch;
import org.hitcert.model.Candidate.UserSpec;
import org.hitcert.model.SecretRef;

/**
 * A candidate the suite runs itself, as its candidate file's {@code launch} section says: installs it when its
 * {@code installed} marker is missing, starts it, waits (bounded) until its {@code ready} URL answers 200, and stops
 * it with its whole process tree on {@link #close()}, and also when the JVM exits. The CLI and the engine share it
 * (the engine's run context starts it, whoever launches the engine).
 */
public final class CandidateProcess implements AutoCloseable {

    private static final Pattern ENV_REF = Pattern.compile("\\$\\{env:([A-Z_][A-Z0-9_]*)}");
    private static final Map<String, String> GENERATED = new ConcurrentHashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int LOG_TAIL = 2000;

    private final Process process;
    private final Path logDir;
    private final Thread hook;
    private final String description;

    private CandidateProcess(Process process, Path logDir, String description) {
        this.process = process;
        this.logDir = logDir;
        this.description = description;
        this.hook = new Thread(this::stop, "hitcert-candidate-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Thrown when the candidate could not be installed or started, or did not become ready in time. */
    public static final class LaunchFailure extends Exception {
        public LaunchFailure(String message) {
            super(message);
        }
    }

    /**
     * The value of {@code name} for this launch: the suite's environment, else (when {@code launch} lists it under
     * {@code generate-secrets}) a random value made once per JVM, so that the CLI and the engine see the same one.
     */
    public static Optional<String> secret(Launch launch, String name, Function<String, String> environment) {
        String set = environment.apply(name);
        if (set != null && !set.isEmpty()) {
            return Optional.of(set);
        }
        if (!launch.generateSecrets().contains(name)) {
            return Optional.empty();
        }
        return Optional.of(GENERATED.computeIfAbsent(name, n -> {
            byte[] bytes = new byte[24];
            RANDOM.nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }));
    }

    /**
     * {@code candidate} with its {@code ${env:NAME}} secrets that the launch makes replaced by their values (held in
     * memory, shown as their reference), so that checks and redaction see them; unchanged without a launch.
     */
    public static Candidate withLaunchSecrets(Candidate candidate, Function<String, String> environment) {
        if (candidate.launch().isEmpty()) {
            return candidate;
        }
        Launch launch = candidate.launch().get();
        Function<Optional<SecretRef>, Optional<SecretRef>> swap = ref -> ref.map(r -> r.envName()
                .filter(launch.generateSecrets()::contains)
                .flatMap(n -> secret(launch, n, environment).map(v -> SecretRef.inMemory("${env:" + n + "}", v)))
                .orElse(r));
        List<ClientSpec> clients = candidate.clients().stream()
                .map(c -> c.withCredentials(swap.apply(c.secret()), swap.apply(c.privateKey()))).toList();
        List<UserSpec> users = candidate.users().stream().map(u -> new UserSpec(u.role(), u.username(),
                swap.apply(Optional.of(u.password())).orElseThrow(), u.location())).toList();
        return candidate.withAccounts(clients, users);
    }

    /**
     * Installs (when needed) and starts the candidate, and returns once its ready URL answered 200.
     *
     * @param tls         trusts the candidate's certificate, for the readiness probe
     * @param environment the suite's environment, for {@code ${env:NAME}} in the launch's env
     * @param progress    one line per step, for the console
     */
    public static CandidateProcess start(Launch launch, SSLContext tls, Function<String, String> environment,
                                         java.util.function.Consumer<String> progress) throws LaunchFailure {
        Objects.requireNonNull(launch, "launch");
        Path logDir;
        try {
            logDir = Files.createTempDirectory("hitcert-candidate-");
        } catch (IOException e) {
            throw new LaunchFailure("no temporary folder for the candidate's output: " + e.getMessage());
        }
        try {
            Map<String, String> env = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, String> e : launch.env().entrySet()) {
                env.put(e.getKey(), expand(launch, e.getKey(), e.getValue(), environment));
            }
            if (!launch.install().isEmpty() && !Files.exists(launch.folder().resolve(launch.installed()))) {
                progress.accept("installing the candidate (" + String.join(" ", launch.install()) + " in "
                        + launch.folder() + ", at most " + launch.installTimeout().toSeconds() + " s)");
                install(launch, env, logDir.resolve("install.log"));
            }
            progress.accept("starting the candidate (" + String.join(" ", launch.command()) + " in " + launch.folder() + ")");
            Process process = builder(launch, launch.command(), env, logDir.resolve("candidate.log")).start();
            CandidateProcess started = new CandidateProcess(process, logDir, String.join(" ", launch.command()));
            try {
                started.awaitReady(launch, tls);
            } catch (LaunchFailure | RuntimeException e) {
                started.close();
                throw e;
            }
            progress.accept("the candidate is ready at " + launch.ready());
            return started;
        } catch (IOException e) {
            deleteQuietly(logDir);
            throw new LaunchFailure("the candidate could not be started (" + String.join(" ", launch.command()) + " in "
                    + launch.folder() + "): " + e.getMessage());
        } catch (LaunchFailure e) {
            deleteQuietly(logDir);
            throw e;
        }
    }

    private static String expand(Launch launch, String key, String value, Function<String, String> environment)
            throws LaunchFailure {
        Matcher m = ENV_REF.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String resolved = secret(launch, name, environment).orElseThrow(() -> new LaunchFailure("the launch variable "
                    + key + " needs the environment variable " + name + ", which is not set; set it, or list it under "
                    + "launch.generate-secrets"));
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static ProcessBuilder builder(Launch launch, List<String> command, Map<String, String> env, Path log) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(launch.folder().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().putAll(env);
        return pb;
    }

    private static void install(Launch launch, Map<String, String> env, Path log) throws IOException, LaunchFailure {
        Process p = builder(launch, launch.install(), env, log).start();
        try {
            if (!p.waitFor(launch.installTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(p);
                throw new LaunchFailure("installing the candidate (" + String.join(" ", launch.install())
                        + ") took longer than " + launch.installTimeout().toSeconds() + " s; its output ends with:\n"
                        + tail(log));
            }
        } catch (InterruptedException e) {
            killTree(p);
            Thread.currentThread().interrupt();
            throw new LaunchFailure("interrupted while installing the candidate");
        }
        if (p.exitValue() != 0) {
            throw new LaunchFailure("installing the candidate (" + String.join(" ", launch.install()) + ") failed with exit "
                    + "code " + p.exitValue() + "; its output ends with:\n" + tail(log));
        }
    }

    private void awaitReady(Launch launch, SSLContext tls) throws LaunchFailure {
        HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        Instant deadline = Instant.now().plus(launch.startupTimeout());
        String last = "no answer yet";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new LaunchFailure("the candidate (" + description + ") exited with code " + process.exitValue()
                        + " before it was ready; its output ends with:\n" + tail(logDir.resolve("candidate.log")));
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(launch.ready()).timeout(Duration.ofSeconds(3))
                        .GET().build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + r.statusCode();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaunchFailure("interrupted while waiting for the candidate to be ready");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaunchFailure("interrupted while waiting for the candidate to be ready");
            }
        }
        throw new LaunchFailure("the candidate was not ready at " + launch.ready() + " within "
                + launch.startupTimeout().toSeconds() + " s (last: " + last + "); its output ends with:\n"
                + tail(logDir.resolve("candidate.log")));
    }

    /** The process id, for tests that prove no process is left behind. */
    public long pid() {
        return process.pid();
    }

    /** Stops the candidate and every process it started; idempotent. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // the JVM is exiting: the hook runs stop() itself
        }
    }

    private synchronized void stop() {
        killTree(process);
        deleteQuietly(logDir);
    }

    private static void killTree(Process p) {
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        tree.add(p.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ProcessHandle h : tree) {
            long left = deadline - System.nanoTime();
            try {
                h.onExit().get(Math.max(left, 1), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        for (ProcessHandle h : tree) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log, StandardCharsets.UTF_8);
            return s.length() <= LOG_TAIL ? s : "..." + s.substring(s.length() - LOG_TAIL);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }

    @Override
    public String toString() {
        return "candidate process " + process.pid() + " (" + description + ")";
    }
}
