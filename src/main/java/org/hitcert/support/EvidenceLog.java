package org.hitcert.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hitcert.model.Evidence;

/** The evidence one check gathers, in order, already redacted; and the files (screenshots) it produced. */
public final class EvidenceLog {

    private final List<Evidence> items = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();

    public synchronized void add(Evidence evidence) {
        items.add(evidence);
    }

    public synchronized void addFile(Path file) {
        files.add(file);
    }

    public synchronized List<Evidence> items() {
        return List.copyOf(items);
    }

    public synchronized List<Path> files() {
        return List.copyOf(files);
    }
}
