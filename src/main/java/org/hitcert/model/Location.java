package org.hitcert.model;

import java.util.Objects;

/** A position in an input file, 1-based, printed the way editors and compilers do: {@code file:line:column}. */
public record Location(String file, int line, int column) {

    public Location {
        Objects.requireNonNull(file, "file");
    }

    /** A location for values that have no file behind them (built in code, defaults). */
    public static Location builtIn(String what) {
        return new Location("<" + what + ">", 0, 0);
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column : file;
    }
}
