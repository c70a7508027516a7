package org.hitcert.model;

/** How strongly the source states a requirement: MUST / MUST NOT are required, SHOULD recommended, MAY optional. */
public enum Level {
    REQUIRED, RECOMMENDED, OPTIONAL;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
