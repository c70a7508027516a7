package org.hitcert.reference;

import java.net.URI;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How to start the reference candidate.
 *
 * @param flaws    the flaw switches to turn on; empty for a correct server
 * @param callback the suite's loopback redirect URI (e.g. {@code http://127.0.0.1:41234/callback}), registered
 *                 for the {@code public}, {@code confidential} and {@code second} clients
 * @param port     the HTTPS port on 127.0.0.1; 0 picks a free one
 */
public record ReferenceOptions(Set<Flaw> flaws, URI callback, int port) {

    public ReferenceOptions {
        flaws = flaws == null || flaws.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flaws));
        Objects.requireNonNull(callback, "callback");
        if (!callback.isAbsolute() || callback.getFragment() != null) {
            throw new IllegalArgumentException("callback must be an absolute URI without a fragment: " + callback);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
    }
}
