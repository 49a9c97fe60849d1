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
    /** The failure reasons {@link OperationHistory} writes: "start failed (rc=1, status=0)". */
    private static final Pattern FAILED = Pattern.compile(".* failed \\(rc=(-?\\d+), status=(-?\\d+)\\)");

    /** One operation to write: what ran, its result, when, and the digests it ran with. */
    record Op(String task, Duration interval, int rc, int opStatus, int callId, int expectedRc, Instant lastChange,
            RecordedOperation recorded) {
        boolean pending() {
            return opStatus == STATUS_PENDING;
        }
    }

    private final List<Op> ops = new ArrayList<>();
    private int callId;

    private HistoryWriter() {
    }

    /** @param hardErrorFromAttributes whether the node's fail-count attributes already say INFINITY */
    static List<Op> history(ResourceState s, boolean hardErrorFromAttributes) {
        HistoryWriter w = new HistoryWriter();
        w.build(s, hardErrorFromAttributes);
        return w.ops;
    }

    private void build(ResourceState s, boolean hardErrorFromAttributes) {
        List<RecordedOperation> recorded = s.recorded();
        boolean failed = s.failedAction() != null;
        boolean ignored = failed && s.lastFailureReason().endsWith("(ignored)");
        boolean notInstalled = failed && s.role() == ResourceRole.AGENT_MISSING;
        int[] result = failed ? failureResult(s, ignored, notInstalled) : null;
        boolean hardFailure = result != null && (result[0] == 4 || result[0] == OCF_NOT_INSTALLED) && !notInstalled
                && !ignored;
        if (s.failCount() >= Score.INFINITY && !hardErrorFromAttributes && !hardFailure) {
            // a hard error that a later stop settled: it still bans the resource from this node
            add("notify", Duration.ZERO, OCF_NOT_INSTALLED, 0, OCF_OK, null, null);
            add("stop", Duration.ZERO, OCF_OK, 0, OCF_OK, null, null);
        }
        int failIndex = failed ? recordedIndex(recorded, s.failedAction(), s.failedInterval()) : -1;
        ResourceRole steady = failed && !ignored ? roleBeforeFailure(s, recorded) : s.role();
        ResourceRole current = ResourceRole.STOPPED;
        List<RecordedOperation> pending = new ArrayList<>();
        for (int i = 0; i < recorded.size(); i++) {
            RecordedOperation r = recorded.get(i);
            if (r.pending()) {
                pending.add(r);
            } else if (i == failIndex) {
                addFailure(s, result, r);
                current = ignored ? current : s.role();
            } else {
                current = addSuccess(r, current, steady);
            }
        }
        if (failed && failIndex < 0) {
            addFailure(s, result, null);
            current = ignored ? current : s.role();
        }
        boolean hasRecorded = recorded.stream().anyMatch(r -> !r.pending());
        if (current != s.role() && (!failed || ignored)) {
            if (s.role() == ResourceRole.STOPPED) {
                // a stop empties what counts as recorded since the start; a migration away does not
                add(hasRecorded ? "migrate_to" : "stop", Duration.ZERO, OCF_OK, 0, OCF_OK, null, null);
            } else if (s.role() == ResourceRole.STARTED) {
                add("demote", Duration.ZERO, OCF_OK, 0, OCF_OK, null, null);
            }
        }
        for (RecordedOperation r : pending) {
            ops.add(new Op(r.task(), r.interval(), OCF_UNKNOWN, STATUS_PENDING, -1, OCF_OK, null, r));
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
                after = ResourceRole.STARTED;
                break;
            case "promote":
                after = ResourceRole.PROMOTED;
                break;
            case "monitor":
                if (r.interval().isZero()) {
                    rc = steady == ResourceRole.STOPPED ? OCF_NOT_RUNNING
                            : steady == ResourceRole.PROMOTED ? OCF_RUNNING_PROMOTED : OCF_OK;
                    after = rc == OCF_NOT_RUNNING ? ResourceRole.STOPPED
                            : rc == OCF_RUNNING_PROMOTED ? ResourceRole.PROMOTED : ResourceRole.STARTED;
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

    private void addFailure(ResourceState s, int[] result, RecordedOperation r) {
        int expected = result[0] == OCF_OK ? OCF_NOT_RUNNING : OCF_OK;
        add(s.failedAction(), s.failedInterval(), result[0], result[1], expected, s.lastFailure(), r);
    }

    private void add(String task, Duration interval, int rc, int opStatus, int expectedRc, Instant lastChange,
            RecordedOperation r) {
        ops.add(new Op(task, interval, rc, opStatus, ++callId, expectedRc, lastChange, r));
    }
}
