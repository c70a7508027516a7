package org.hitcert.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.hitcert.model.Evidence;

/** Applies the caller's secret scrubber to strings, deep into evidence details. Null stays null. */
final class Scrubber {

    private final UnaryOperator<String> scrub;

    Scrubber(UnaryOperator<String> scrub) {
        this.scrub = Objects.requireNonNull(scrub, "scrub");
    }

    String apply(String s) {
        if (s == null) {
            return null;
        }
        String out = scrub.apply(s);
        return out == null ? "" : out;
    }

    List<String> all(List<String> strings) {
        return strings.stream().map(this::apply).toList();
    }

    Evidence evidence(Evidence e) {
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) deep(e.details());
        return new Evidence(apply(e.kind()), apply(e.title()), details);
    }

    Object deep(Object value) {
        if (value instanceof String s) {
            return apply(s);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(apply(String.valueOf(k)), deep(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(deep(v)));
            return out;
        }
        return value;
    }
}
