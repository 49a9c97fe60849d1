package dev.vigil.fence;

import java.util.Locale;

/** What a fence device is asked to do, named as the {@code fence_*} agents name their actions. */
public enum FenceAction {
    /** Power the target off: afterwards nothing of it runs. */
    OFF,
    /** Power the target (back) on; also unfencing. */
    ON,
    /** Off, then on: the target comes back empty. */
    REBOOT,
    /** Is the target's power on (exit 0) or off (exit 2)? */
    STATUS,
    /** Is the device itself reachable and working? */
    MONITOR,
    /** Which targets (ports, plugs) the device knows. */
    LIST;

    /** The action's name on a {@code fence_*} agent's command line or stdin: {@code off}. */
    public String agentName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses an agent action name ({@code off}, {@code reboot} ...); also Pacemaker's {@code poweroff}. */
    public static FenceAction parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("poweroff")) {
            return OFF;
        }
        for (FenceAction a : values()) {
            if (a.agentName().equals(n)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown fence action '" + name
                + "' (use off, on, reboot, status, monitor or list)");
    }

    /** True for the actions that take a target's power away. */
    public boolean removesPower() {
        return this == OFF || this == REBOOT;
    }
}
