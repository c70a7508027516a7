package org.hitcert.model;

import java.util.List;
import java.util.Objects;

/**
 * A parameter a check accepts from the plan's {@code with:} block, with its type and default. The
 * loader checks every plan value against it, so a check receives typed values only.
 */
public record ParamSpec(String name, Type type, Object defaultValue, String description) {

    public enum Type {
        STRING, INTEGER, BOOLEAN, STRING_LIST;

        public boolean accepts(Object value) {
            return switch (this) {
                case STRING -> value instanceof String;
                case INTEGER -> value instanceof Integer || value instanceof Long;
                case BOOLEAN -> value instanceof Boolean;
                case STRING_LIST -> value instanceof List<?> l && l.stream().allMatch(String.class::isInstance);
            };
        }

        public String yamlName() {
            return switch (this) {
                case STRING -> "a string";
                case INTEGER -> "an integer";
                case BOOLEAN -> "true or false";
                case STRING_LIST -> "a list of strings";
            };
        }
    }

    public ParamSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        if (defaultValue != null && !type.accepts(defaultValue)) {
            throw new IllegalArgumentException("default of '" + name + "' is not " + type.yamlName());
        }
    }
}
