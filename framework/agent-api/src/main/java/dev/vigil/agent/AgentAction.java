package dev.vigil.agent;

import java.util.Locale;

/**
 * The OCF actions. {@link #MIGRATE_TO} and {@link #MIGRATE_FROM} are the two halves of a live
 * migration (Pacemaker's allow-migrate): the request names the other node in
 * {@link AgentRequest#MIGRATE_SOURCE} and {@link AgentRequest#MIGRATE_TARGET}.
 */
public enum AgentAction {
    START, STOP, MONITOR, VALIDATE, PROMOTE, DEMOTE, NOTIFY, RELOAD, META_DATA, MIGRATE_TO, MIGRATE_FROM;

    /** The OCF spelling: {@code start}, {@code validate-all}, {@code meta-data}. */
    public String ocfName() {
        switch (this) {
            case VALIDATE:
                return "validate-all";
            case META_DATA:
                return "meta-data";
            default:
                return name().toLowerCase(Locale.ROOT);
        }
    }

    public static AgentAction fromOcfName(String name) {
        for (AgentAction a : values()) {
            if (a.ocfName().equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown OCF action '" + name + "'");
    }
}
