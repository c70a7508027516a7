package org.hitcert.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * For the index page of a multi-candidate run (issue 22 item 3): each candidate's changes since its last run in the same
 * report folder. The last run is the newest earlier folder named {@code <stamp>-<candidate name>} (or with a {@code -N}
 * suffix) that holds a report.json; the diff is {@link ReportDiff}'s, written beside the index as a text file the page
 * links to.
 */
final class SinceLastRun {

    /** The diff written for one candidate: the earlier folder, the file, and the counts for the page. */
    record Written(String previous, String file, int newFailures, int fixed, int other) {

        String summary() {
            return newFailures + " new FAIL, " + fixed + " fixed, " + other + " other change(s) since " + previous;
        }
    }

    private SinceLastRun() {
    }

    /** The newest earlier report folder of {@code candidateName} beside {@code reportDir}, if any. */
    static Optional<Path> previous(Path reportDir, String candidateName) throws IOException {
        Path parent = reportDir.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return Optional.empty();
        }
        Pattern folder = Pattern.compile("\\d{8}-\\d{6}-" + Pattern.quote(candidateName) + "(-\\d+)?");
        String current = reportDir.getFileName().toString();
        try (Stream<Path> all = Files.list(parent)) {
            return all.filter(p -> folder.matcher(p.getFileName().toString()).matches())
                    // an earlier stamp: a folder of the same stamp is another candidate of this very run (name-2)
                    .filter(p -> p.getFileName().toString().substring(0, 15).compareTo(current.length() < 15 ? current
                            : current.substring(0, 15)) < 0)
                    .filter(p -> Files.isRegularFile(p.resolve("report.json")))
                    .max(java.util.Comparator.comparing(p -> p.getFileName().toString()));
        }
    }

    /** Writes {@code diff-<label>.txt} into {@code indexDir} when the candidate has an earlier run; empty otherwise. */
    static Optional<Written> write(Path indexDir, String label, Path reportDir, JsonNode report, String candidateName,
                                   java.util.function.UnaryOperator<String> scrub) throws IOException {
        Optional<Path> before = previous(reportDir, candidateName);
        if (before.isEmpty()) {
            return Optional.empty();
        }
        JsonNode old;
        try {
            old = ReportDiff.read(before.get());
        } catch (ReportDiff.NotAReport e) {
            return Optional.empty();
        }
        ReportDiff.Diff d = ReportDiff.of(old, report);
        String file = "diff-" + label.replaceAll("[^A-Za-z0-9._-]", "_") + ".txt";
        List<String> lines = new java.util.ArrayList<>(List.of("hitcert diff " + before.get().getFileName() + " → "
                + reportDir.getFileName()));
        lines.addAll(d.lines());
        Files.createDirectories(indexDir);
        Files.writeString(indexDir.resolve(file), scrub.apply(String.join("\n", lines)) + "\n", StandardCharsets.UTF_8);
        return Optional.of(new Written(before.get().getFileName().toString(), file, d.newFailures().size(), d.fixed().size(),
                d.otherChanges().size()));
    }
}
