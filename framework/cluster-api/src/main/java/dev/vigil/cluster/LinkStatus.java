package dev.vigil.cluster;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** One link's health as seen from this node. */
public final class LinkStatus {
    private final String name;
    private final Set<String> peersHeard;
    private final long framesReceived;
    private final Map<String, Long> dropped;

    private LinkStatus(String name, Set<String> peersHeard, long framesReceived, Map<String, Long> dropped) {
        this.name = name;
        this.peersHeard = Collections.unmodifiableSet(new TreeSet<>(peersHeard));
        this.framesReceived = framesReceived;
        this.dropped = Collections.unmodifiableMap(new TreeMap<>(dropped));
    }

    public static LinkStatus of(String name, Set<String> peersHeard, long framesReceived, Map<String, Long> dropped) {
        return new LinkStatus(name, peersHeard, framesReceived, dropped);
    }

    public String name() {
        return name;
    }

    /** Peers heard on this link within deadtime. */
    public Set<String> peersHeard() {
        return peersHeard;
    }

    public long framesReceived() {
        return framesReceived;
    }

    /** Frames dropped, by reason. */
    public Map<String, Long> dropped() {
        return dropped;
    }
}
