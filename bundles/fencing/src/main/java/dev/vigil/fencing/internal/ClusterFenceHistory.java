package dev.vigil.fencing.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.fence.FenceEvent;

/**
 * The completed fence operations this node heard of, its own and those every other member
 * announced since it joined: one entry per operation id (the first heard wins; a repeat is
 * ignored), the latest {@value FencingService#HISTORY_LIMIT} kept.
 */
final class ClusterFenceHistory {
    private final Map<String, FenceEvent> byId = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, FenceEvent> eldest) {
            return size() > FencingService.HISTORY_LIMIT;
        }
    };

    /** @return false when it was already known, or is not completed (pending events are not history yet) */
    synchronized boolean record(FenceEvent e) {
        if (e.state() == FenceEvent.State.PENDING || byId.containsKey(e.id())) {
            return false;
        }
        byId.put(e.id(), e);
        return true;
    }

    synchronized boolean contains(String id) {
        return byId.containsKey(id);
    }

    /** Oldest completion first (events from other nodes arrive later than they completed). */
    synchronized List<FenceEvent> completed() {
        List<FenceEvent> out = new ArrayList<>(byId.values());
        out.sort(Comparator.comparing(FenceEvent::completed).thenComparing(FenceEvent::id));
        return out;
    }
}
