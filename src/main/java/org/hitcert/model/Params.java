package org.hitcert.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Typed values from a plan's {@code with:} block, already checked against the check's {@link ParamSpec}s. */
public record Params(Map<String, Object> values) {

    public static final Params NONE = new Params(Map.of());

    public Params {
        values = Map.copyOf(values);
    }

    public String string(ParamSpec spec) {
        return (String) value(spec);
    }

    public long integer(ParamSpec spec) {
        return ((Number) value(spec)).longValue();
    }

    public boolean bool(ParamSpec spec) {
        return (Boolean) value(spec);
    }

    @SuppressWarnings("unchecked")
    public List<String> strings(ParamSpec spec) {
        return List.copyOf((List<String>) value(spec));
    }

    private Object value(ParamSpec spec) {
        Object v = values.getOrDefault(spec.name(), spec.defaultValue());
        return Objects.requireNonNull(v, () -> "no value and no default for parameter '" + spec.name() + "'");
    }
}
