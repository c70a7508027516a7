package org.hitcert.support;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The hosts the candidate file lets the suite talk to. Everything else is refused before a socket opens. */
public final class HostPolicy {

    private final Set<String> allowed;

    public HostPolicy(List<String> allowedHosts) {
        this.allowed = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    public boolean allows(URI uri) {
        return uri.getHost() != null && allowed.contains(uri.getHost().toLowerCase(Locale.ROOT));
    }

    /** Throws when {@code uri}'s host is not listed; the message names the host and the list. */
    public void require(URI uri) {
        if (!allows(uri)) {
            throw new HostNotAllowedException("refused to contact " + uri.getHost() + " (" + uri
                    + "): not in the candidate file's allowed-hosts " + allowed.stream().sorted().toList());
        }
    }

    public Set<String> hosts() {
        return allowed;
    }

    /** Raised when a check or a candidate's document points the suite at a host it may not contact. */
    public static final class HostNotAllowedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public HostNotAllowedException(String message) {
            super(message);
        }
    }
}
