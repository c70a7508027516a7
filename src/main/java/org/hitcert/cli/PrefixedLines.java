package org.hitcert.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The console of one candidate among several certified at once: every line goes to the shared console whole, with
 * the candidate's label in front, so that lines of concurrent runs never interleave mid-line.
 */
final class PrefixedLines extends OutputStream {

    /** Longest line kept before it is written out anyway (bounded memory for a runaway line). */
    static final int MAX_LINE = 64 * 1024;

    private final PrintStream target;
    private final byte[] prefix;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private PrefixedLines(PrintStream target, String prefix) {
        this.target = Objects.requireNonNull(target, "target");
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
    }

    /** A console that writes to {@code target}, each line prefixed with {@code [label] }, padded to {@code width}. */
    static PrintStream of(PrintStream target, String label, int width) {
        String prefix = "[" + label + "] ";
        return new PrintStream(new PrefixedLines(target, prefix + " ".repeat(Math.max(0, width + 3 - prefix.length()))),
                true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            emit();
        } else if (b != '\r') {
            line.write(b);
            if (line.size() >= MAX_LINE) {
                emit();
            }
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public synchronized void flush() {
        target.flush();
    }

    @Override
    public synchronized void close() {
        if (line.size() > 0) {
            emit();
        }
        target.flush();
    }

    private void emit() {
        byte[] whole = new byte[prefix.length + line.size() + 1];
        System.arraycopy(prefix, 0, whole, 0, prefix.length);
        System.arraycopy(line.toByteArray(), 0, whole, prefix.length, line.size());
        whole[whole.length - 1] = '\n';
        line.reset();
        target.write(whole, 0, whole.length); // one write: a PrintStream never splits it between threads
        target.flush();
    }
}
