package org.hitcert.model;

import java.util.Collection;
import java.util.Optional;
import java.util.List;

/** What a plan loader needs to know of the checks: their ids and the parameters each accepts. */
public interface KnownChecks {

    Collection<String> ids();

    /** The parameters of a known check, or empty when the id is unknown. */
    Optional<List<ParamSpec>> params(String checkId);
}
