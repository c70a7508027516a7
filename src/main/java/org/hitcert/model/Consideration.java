package org.hitcert.model;

import java.util.List;
import java.util.Objects;

/** One recommendation of the guidance document (TSS-01 … TSS-11), quoted in {@code text}. */
public record Consideration(String id, String title, String text, List<Requirement> requirements, Location location) {

    public Consideration {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        requirements = List.copyOf(requirements);
        Objects.requireNonNull(location, "location");
    }
}
