package dev.vigil.shell.internal;

import dev.vigil.cluster.StatusReport;

/** What {@code vigil:status} shows: the cluster's status and its fencing. */
record StatusView(StatusReport report, FencingOverview fencing) {
}
