package org.hitcert.model;

import java.util.Objects;

/** A check bound to a requirement, with the parameters the plan gives it ({@code with:}). */
public record CheckBinding(String checkId, Params params, Location location) {

    public CheckBinding {
        Objects.requireNonNull(checkId, "checkId");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(location, "location");
    }
}
