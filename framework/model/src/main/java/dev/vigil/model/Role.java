package dev.vigil.model;

import java.util.Locale;

/**
 * A role as the configuration names it: in a constraint ({@code rsc-role}, {@code with-rsc-role},
 * a location's or rule's {@code role}, a resource set's {@code role}, an {@code rsc_ticket}'s
 * {@code rsc-role}) or an operation ({@code role} of an {@code op}). Parsed once where the
 * configuration is read, so the scheduler compares enums, never names. Not to be confused with
 * {@link ResourceRole}, what a node knows of a resource on itself.
 */
public enum Role {
    STOPPED("Stopped"),
    /** Started: in a constraint, Pacemaker's "any active role" (what it means is each user's to say). */
    STARTED("Started"),
    UNPROMOTED("Unpromoted"),
    PROMOTED("Promoted");

    private final String pacemakerName;

    Role(String pacemakerName) {
        this.pacemakerName = pacemakerName;
    }

    /** The name Pacemaker writes (Promoted, not the legacy Master). */
    @Override
    public String toString() {
        return pacemakerName;
    }

    /**
     * The role a configuration names, in any case, Pacemaker's legacy names Master and Slave
     * standing for Promoted and Unpromoted; null for null (no role given).
     *
     * @throws IllegalArgumentException naming the value when it is no role
     */
    public static Role parse(String text) {
        if (text == null) {
            return null;
        }
        switch (text.toLowerCase(Locale.ROOT)) {
            case "stopped":
                return STOPPED;
            case "started":
                return STARTED;
            case "unpromoted":
            case "slave":
                return UNPROMOTED;
            case "promoted":
            case "master":
                return PROMOTED;
            default:
                throw new IllegalArgumentException("role '" + text + "' (use Promoted, Unpromoted, Started or Stopped)");
        }
    }
}
