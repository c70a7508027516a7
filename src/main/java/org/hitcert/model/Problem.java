package org.hitcert.model;

import java.util.Objects;

/**
 * One thing wrong with an input file: where, what, and what would be right. Loaders collect every
 * problem of a file before anything stops, so a user fixes them all in one go.
 */
public record Problem(Severity severity, Location location, String message) {

    public enum Severity { ERROR, WARNING }

    public Problem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }

    public static Problem error(Location location, String message) {
        return new Problem(Severity.ERROR, location, message);
    }

    public static Problem warning(Location location, String message) {
        return new Problem(Severity.WARNING, location, message);
    }

    @Override
    public String toString() {
        return location + ": " + (severity == Severity.WARNING ? "warning: " : "") + message;
    }
}
