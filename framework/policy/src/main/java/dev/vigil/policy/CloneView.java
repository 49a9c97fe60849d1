package dev.vigil.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.vigil.model.Clone;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.Score;

/**
 * A clone as the engine works on it: one anonymous instance of its primitive per chosen node,
 * and for a promotable clone the nodes whose instance is promoted. The primitive's view holds
 * what is true of every instance: its state on each node, its base scores, where it is active.
 */
final class CloneView {
    final Clone clone;
    final ResourceView primitive;
    /** The primitive's id: the resource every instance's operations run on. */
    final String id;
    /** Nodes that will run an instance. */
    final Set<String> chosen = new TreeSet<>();
    /** Nodes whose instance will be promoted (a subset of {@link #chosen}). */
    final Set<String> promoted = new TreeSet<>();
    /** Promotion scores of the chosen nodes that may be promoted at all. */
    final Map<String, Score> promotionScores = new TreeMap<>();

    CloneView(Clone clone, ResourceView primitive) {
        this.clone = clone;
        this.primitive = primitive;
        this.id = primitive.id;
    }

    boolean promotable() {
        return clone.promotable();
    }

    /** Nodes where an instance is promoted now. */
    List<String> promotedNow() {
        List<String> out = new ArrayList<>();
        for (String n : primitive.activeOn) {
            if (primitive.state(n).role() == ResourceRole.PROMOTED) {
                out.add(n);
            }
        }
        return out;
    }

    /** Must the instance on the node stop (and start again if it stays)? */
    boolean stopsOn(String node) {
        return primitive.activeOn.contains(node) && (!chosen.contains(node) || primitive.failedOn(node));
    }

    boolean startsOn(String node) {
        return chosen.contains(node) && (!primitive.activeOn.contains(node) || primitive.failedOn(node));
    }

    /** The role the instance on a chosen node will have: Promoted, Unpromoted, or Started. */
    String targetRole(String node) {
        if (!promotable()) {
            return "Started";
        }
        return promoted.contains(node) ? "Promoted" : "Unpromoted";
    }
}
