package dev.vigil.shell.internal;

import java.util.List;

import dev.vigil.fence.FenceEvent;

/** What {@code vigil:fence-history} shows: every fence operation the fencer knows, oldest first. */
record FenceHistory(List<FenceEvent> events) {
}
