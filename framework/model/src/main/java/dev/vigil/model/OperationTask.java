package dev.vigil.model;

/** What an operation did to a resource, parsed once from its OCF action name ({@code migrate_to}...). */
public enum OperationTask {
    START("start"), STOP("stop"), MONITOR("monitor"), PROMOTE("promote"), DEMOTE("demote"),
    MIGRATE_TO("migrate_to"), MIGRATE_FROM("migrate_from"), NOTIFY("notify"),
    /** Any other action (reload, meta-data, validate-all...): it says nothing about the role. */
    OTHER("");

    private final String ocfName;

    OperationTask(String ocfName) {
        this.ocfName = ocfName;
    }

    public String ocfName() {
        return ocfName;
    }

    /** The task an OCF action name names; {@link #OTHER} for any other name. */
    public static OperationTask of(String ocfName) {
        switch (ocfName) {
            case "start": return START;
            case "stop": return STOP;
            case "monitor": return MONITOR;
            case "promote": return PROMOTE;
            case "demote": return DEMOTE;
            case "migrate_to": return MIGRATE_TO;
            case "migrate_from": return MIGRATE_FROM;
            case "notify": return NOTIFY;
            default: return OTHER;
        }
    }
}
