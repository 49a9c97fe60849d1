package dev.vigil.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reverse of {@link OperationHistory}'s replay: an operation history ({@code lrm_rsc_op}s)
 * that replays to a given {@link ResourceState}. The state keeps what the engine needs, not the
 * history itself, so the history is rebuilt from it: the operations recorded since the last
 * start with their digests ({@link ResourceState#recorded()}), each with the result that leads
 * to the state's role; the failure, with its result and time; and, where those do not reach the
 * role, one operation that does (a stop, a demote). A fail count of INFINITY that the node's
 * attributes do not give is written as the hard error (OCF_ERR_INSTALLED) it came from.
 */
final class HistoryWriter {
    private static final int OCF_OK = 0;
    private static final int OCF_ERR_GENERIC = 1;
    private static final int OCF_NOT_INSTALLED = 5;
    private static final int OCF_NOT_RUNNING = 7;
    private static final int OCF_RUNNING_PROMOTED = 8;
    private static final int OCF_UNKNOWN = 193;
    private static final int STATUS_PENDING = -1;
    /** The interval of the monitor failure that stands for a hard error settled since. */
    private static final Duration HARD_ERROR_MONITOR = Duration.ofMillis(1);
    /** The failure reasons {@link OperationHistory} writes: "start failed (rc=1, status=0)". */
    private static final Pattern FAILED = Pattern.compile(".* failed \\(rc=(-?\\d+), status=(-?\\d+)\\)");

    /**
     * One operation to write: what ran, its result, when, and the digests it ran with; a
     * migration's source and target, or null.
     */
    record Op(String task, Duration interval, int rc, int opStatus, int callId, int expectedRc, Instant lastChange,
            RecordedOperation recorded, String migrateSource, String migrateTarget) {
        boolean pending() {
            return opStatus == STATUS_PENDING;
        }
    }

    /**
     * The live-migration operations one node's history of a resource carries, so that the
     * histories across nodes read back as the same {@link MigrationStatus} ({@link MigrationHistory}).
     *
     * @param node the node whose history this is
     * @param migratedTo the target of a migrate_to done here, or null: the resource, as active
     *            here, migrated there (a completed migration's dangling source, or one whose
     *            target is gone, which leaves it failed here); when the state's failure is a
     *            migrate_to, that failure is the one
     * @param partial whether that migrate_to is a partial migration's: it leaves the resource
     *            as it is here, and one stopped here since stopped after it
     * @param migratedFrom the source of a migrate_from done here, or null
     * @param fromBeforeHistory whether that migrate_from is written before the node's own
     *            history (it is not among the operations the state recorded)
     */
    record Migrations(String node, String migratedTo, boolean partial, String migratedFrom, boolean fromBeforeHistory) {
        static final Migrations NONE = new Migrations(null, null, false, null, false);
    }

    private final List<Op> ops = new ArrayList<>();
    private int callId;

    private HistoryWriter() {
    }

    /** @param hardErrorFromAttributes whether the node's fail-count attributes already say INFINITY */
    static List<Op> history(ResourceState s, boolean hardErrorFromAttributes) {
        return history(s, hardErrorFromAttributes, Migrations.NONE);
    }

    static List<Op> history(ResourceState s, boolean hardErrorFromAttributes, Migrations migrations) {
        HistoryWriter w = new HistoryWriter();
        if (migrations.migratedFrom() != null && migrations.fromBeforeHistory()) {
            w.migration("migrate_from", migrations.migratedFrom(), migrations.node(), null);
            String first = s.recorded().isEmpty() ? "" : s.recorded().get(0).task();
            if (!first.equals("start") && !first.equals("migrate_from")) {
                w.add("stop", Duration.ZERO, OCF_OK, 0, OCF_OK, null, null); // it left again since
            }
        }
        boolean failedTo = "migrate_to".equals(s.failedAction());
        if (migrations.partial() && s.role() == ResourceRole.STOPPED) {
            w.migration("migrate_to", migrations.node(), migrations.migratedTo(), null);
            w.add("stop", Duration.ZERO, OCF_OK, 0, OCF_OK, null, null);
            w.build(s, hardErrorFromAttributes, migrations);
        } else {
            boolean migratedAway = migrations.migratedTo() != null && !migrations.partial()
                    && (s.role() == ResourceRole.STOPPED || (s.role() == ResourceRole.FAILED && s.failedAction() == null));
            // What the migration away changes (stopped: dangling; failed: target gone) is the migrate_to's to say.
            w.build(migratedAway ? s.withRole(ResourceRole.STARTED) : s, hardErrorFromAttributes, migrations);
            if (migrations.migratedTo() != null && !failedTo) {
                w.migration("migrate_to", migrations.node(), migrations.migratedTo(), null);
            }
        }
        w.pendingLast();
        return w.ops;
    }

    private void migration(String task, String source, String target, RecordedOperation r) {
        ops.add(new Op(task, Duration.ZERO, OCF_OK, 0, ++callId, OCF_OK, null, r, source, target));
    }

    /** In-flight operations come last: they have no result yet. */
    private void pendingLast() {
        List<Op> pending = ops.stream().filter(Op::pending).toList();
        ops.removeAll(pending);
        ops.addAll(pending);
    }

    private void build(ResourceState s, boolean hardErrorFromAttributes, Migrations migrations) {
        List<RecordedOperation> recorded = s.recorded();
        boolean failed = s.failedAction() != null;
        boolean ignored = failed && s.lastFailureReason().endsWith("(ignored)");
        boolean notInstalled = failed && s.role() == ResourceRole.AGENT_MISSING;
        int[] result = failed ? failureResult(s, ignored, notInstalled) : null;
        boolean hardFailure = result != null && (result[0] == 4 || result[0] == OCF_NOT_INSTALLED) && !notInstalled
                && !ignored;
        if (s.failCount() >= Score.INFINITY && !hardErrorFromAttributes && !hardFailure) {
            // a hard error that a later stop settled: it still bans the resource from this node. A
            // recurring monitor's (which implies no start, and so leaves the recorded operations
            // as they are); a notification would not do: Pacemaker and the replay ignore those.
            add("monitor", HARD_ERROR_MONITOR, OCF_NOT_INSTALLED, 0, OCF_OK, null, null);
            add("stop", Duration.ZERO, OCF_OK, 0, OCF_OK, null, null);
        }
        int failIndex = failed ? recordedIndex(recorded, s.failedAction(), s.failedInterval()) : -1;
        ResourceRole steady = failed && !ignored ? roleBeforeFailure(s, recorded) : s.role();
        ResourceRole current = ResourceRole.STOPPED;
        List<RecordedOperation> pending = new ArrayList<>();
        int lastMigrateFrom = -1;
        for (int i = 0; i < recorded.size(); i++) {
            if (!recorded.get(i).pending() && recorded.get(i).task().equals("migrate_from")) {
                lastMigrateFrom = i;
            }
        }
        for (int i = 0; i < recorded.size(); i++) {
            RecordedOperation r = recorded.get(i);
            if (r.pending()) {
                pending.add(r);
            } else if (i == failIndex) {
                addFailure(s, result, r, migrations);
                current = ignored ? current : s.role();
            } else if (i == lastMigrateFrom && migrations.migratedFrom() != null && !migrations.fromBeforeHistory()) {
                migration("migrate_from", migrations.migratedFrom(), migrations.node(), r);
                current = ResourceRole.STARTED;
            } else {
                current = addSuccess(r, current, steady);
            }
        }
        if (failed && failIndex < 0) {
            addFailure(s, result, null, migrations);
            current = ignored ? current : s.role();
        }
        List<RecordedOperation> stoppedMonitors = s.role() == ResourceRole.STOPPED && !failed
                ? s.recurring().stream().filter(r -> recorded.stream().noneMatch(o -> !o.pending()
                        && o.task().equals(r.task()) && o.interval().equals(r.interval()))).toList()
                : List.of();
        if (current != s.role() && (!failed || ignored)) {
            if (s.role() == ResourceRole.STOPPED) {
                add("stop", Duration.ZERO, OCF_OK, 0, OCF_OK, null, null);
            } else if (s.role() == ResourceRole.STARTED) {
                add("demote", Duration.ZERO, OCF_OK, 0, OCF_OK, null, null);
            }
        } else if (!stoppedMonitors.isEmpty() && (ops.isEmpty() || !ops.get(ops.size() - 1).task().equals("stop"))) {
            // monitors for the Stopped role begun after a stop, which keeps them out of the recorded ones
            add("stop", Duration.ZERO, OCF_OK, 0, OCF_OK, null, null);
        }
        for (RecordedOperation r : stoppedMonitors) {
            add(r.task(), r.interval(), OCF_NOT_RUNNING, 0, OCF_NOT_RUNNING, null, r);
        }
        for (RecordedOperation r : pending) {
            ops.add(new Op(r.task(), r.interval(), OCF_UNKNOWN, STATUS_PENDING, -1, OCF_OK, null, r, null, null));
        }
    }

    /** rc and op-status of the failure: as recorded in its reason, else a generic error. */
    private static int[] failureResult(ResourceState s, boolean ignored, boolean notInstalled) {
        if (notInstalled) {
            return new int[] {OCF_NOT_INSTALLED, 0};
        }
        Matcher m = FAILED.matcher(s.lastFailureReason());
        if (!ignored && m.matches()) {
            return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
        }
        return new int[] {OCF_ERR_GENERIC, 0};
    }

    /** The role the resource had before its failure, which decides the results of the operations before it. */
    private static ResourceRole roleBeforeFailure(ResourceState s, List<RecordedOperation> recorded) {
        String action = s.failedAction();
        if (action.equals("start") || action.equals("migrate_from")
                || (action.equals("monitor") && s.failedInterval().isZero())) {
            return ResourceRole.STOPPED;
        }
        if (action.equals("demote") || recorded.stream().anyMatch(r -> r.task().equals("promote"))) {
            return ResourceRole.PROMOTED;
        }
        return ResourceRole.STARTED;
    }

    /** Where the failed operation is among the recorded ones (its digests are written with it), or -1. */
    private static int recordedIndex(List<RecordedOperation> recorded, String task, Duration interval) {
        for (int i = recorded.size() - 1; i >= 0; i--) {
            RecordedOperation r = recorded.get(i);
            if (!r.pending() && r.task().equals(task) && r.interval().equals(interval)) {
                return i;
            }
        }
        return -1;
    }

    private ResourceRole addSuccess(RecordedOperation r, ResourceRole current, ResourceRole steady) {
        int rc = OCF_OK;
        ResourceRole after = current;
        switch (r.task()) {
            case "start":
            case "migrate_from":
            case "promote":
                if (steady == ResourceRole.STOPPED && r.task().equals("start")) {
                    // recorded although stopped: it expected "not running" and got it (unfencing's start)
                    rc = OCF_NOT_RUNNING;
                    after = ResourceRole.STOPPED;
                } else {
                    after = r.task().equals("promote") ? ResourceRole.PROMOTED : ResourceRole.STARTED;
                }
                break;
            case "monitor":
                if (r.interval().isZero()) {
                    rc = steady == ResourceRole.STOPPED ? OCF_NOT_RUNNING
                            : steady == ResourceRole.PROMOTED ? OCF_RUNNING_PROMOTED : OCF_OK;
                    after = rc == OCF_NOT_RUNNING ? ResourceRole.STOPPED
                            : rc == OCF_RUNNING_PROMOTED ? ResourceRole.PROMOTED : ResourceRole.STARTED;
                } else if (steady == ResourceRole.STOPPED) {
                    // a monitor for the Stopped role, or one that found it stopped
                    rc = OCF_NOT_RUNNING;
                    after = ResourceRole.STOPPED;
                } else {
                    boolean promoted = current == ResourceRole.PROMOTED
                            || (current == ResourceRole.STOPPED && steady == ResourceRole.PROMOTED);
                    rc = promoted ? OCF_RUNNING_PROMOTED : OCF_OK;
                    if (current == ResourceRole.STOPPED) {
                        after = promoted ? ResourceRole.PROMOTED : ResourceRole.STARTED;
                    }
                }
                break;
            default:
                break;
        }
        add(r.task(), r.interval(), rc, 0, rc, null, r);
        return after;
    }

    private void addFailure(ResourceState s, int[] result, RecordedOperation r, Migrations migrations) {
        int expected = result[0] == OCF_OK ? OCF_NOT_RUNNING : OCF_OK;
        if (s.failedAction().equals("migrate_to") && migrations.migratedTo() != null) {
            ops.add(new Op("migrate_to", s.failedInterval(), result[0], result[1], ++callId, expected, s.lastFailure(),
                    r, migrations.node(), migrations.migratedTo()));
            return;
        }
        if (s.failedAction().equals("migrate_from") && migrations.migratedFrom() != null) {
            ops.add(new Op("migrate_from", s.failedInterval(), result[0], result[1], ++callId, expected,
                    s.lastFailure(), r, migrations.migratedFrom(), migrations.node()));
            return;
        }
        add(s.failedAction(), s.failedInterval(), result[0], result[1], expected, s.lastFailure(), r);
    }

    private void add(String task, Duration interval, int rc, int opStatus, int expectedRc, Instant lastChange,
            RecordedOperation r) {
        ops.add(new Op(task, interval, rc, opStatus, ++callId, expectedRc, lastChange, r, null, null));
    }
}
