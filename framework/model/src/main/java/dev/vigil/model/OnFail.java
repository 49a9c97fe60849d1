package dev.vigil.model;

import java.util.Locale;

/** What to do when an operation fails (Pacemaker's {@code on-fail}), parsed when the configuration is read. */
public enum OnFail {
    IGNORE, BLOCK, STOP, RESTART, STANDBY, FENCE, DEMOTE,
    /** For a resource in a container (a guest node's): recover the container with it. */
    RESTART_CONTAINER;

    /** The value as written in a configuration ({@code ignore}, {@code restart-container}...). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The policy a configured {@code on-fail} names; null for null and for a value that names
     * none (Pacemaker ignores an unknown on-fail; Vigil's own configuration language refuses it
     * when it is read).
     */
    public static OnFail of(String value) {
        if (value == null) {
            return null;
        }
        for (OnFail f : values()) {
            if (f.configName().equals(value)) {
                return f;
            }
        }
        return null;
    }
}
