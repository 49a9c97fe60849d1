package dev.vigil.agent;

/** OCF exit codes, as the OCF resource agent API defines them. */
public enum OcfStatus {
    OK(0),
    ERR_GENERIC(1),
    ERR_ARGS(2),
    UNIMPLEMENTED(3),
    ERR_PERM(4),
    ERR_INSTALLED(5),
    ERR_CONFIGURED(6),
    NOT_RUNNING(7),
    RUNNING_PROMOTED(8),
    FAILED_PROMOTED(9),
    DEGRADED(190),
    DEGRADED_PROMOTED(191);

    private final int code;

    OcfStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The status for an exit code; codes outside the OCF set map to {@link #ERR_GENERIC}. */
    public static OcfStatus fromCode(int code) {
        for (OcfStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return ERR_GENERIC;
    }

    /** True for the codes that mean "running" in some role: 0, 8, 190, 191. */
    public boolean isRunning() {
        return this == OK || this == RUNNING_PROMOTED || this == DEGRADED || this == DEGRADED_PROMOTED;
    }
}
