package dev.vigil.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.vigil.model.Clone;
import dev.vigil.model.ClusterConfig;
import dev.vigil.model.FencingProperties;
import dev.vigil.model.Group;
import dev.vigil.model.NodeStatus;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;
import dev.vigil.model.Role;
import dev.vigil.model.TicketConstraint;
import dev.vigil.model.TicketConstraint.LossPolicy;
import dev.vigil.model.TicketState;

/**
 * What tickets the cluster does not hold mean for the resources that depend on them, with
 * Pacemaker's semantics (lib/pacemaker/pcmk_sched_tickets.c). A constraint on a group or clone
 * applies to each of its primitives (each clone instance's), one by one:
 *
 * <ul>
 * <li>Ticket held (granted, not in standby): nothing.</li>
 * <li>Not granted, the primitive active: by the loss policy. {@code stop}: it may run nowhere.
 * {@code demote}: it may run nowhere, unless the constraint is on the Promoted role (then only
 * its promotion is forbidden, below). {@code fence}: when its role matches the constraint's, it
 * may run nowhere and the nodes where it is active are fenced ("deadman ticket was lost"); with
 * fencing disabled, fence is stop. {@code freeze}: when its role matches, it is left as it is,
 * unmanaged.</li>
 * <li>Not granted and the primitive not active, or granted but in standby: it may run nowhere,
 * unless the constraint is on the Promoted role with a loss policy other than stop.</li>
 * </ul>
 * A promotable clone with a constraint on its Promoted role whose ticket is not held promotes
 * nothing.
 */
final class Tickets {
    /** The reason Pacemaker gives for fencing a node that runs what a lost ticket protected. */
    static final String DEADMAN = "deadman ticket was lost";

    /** A constraint whose ticket is not held, with the loss policy that applies. */
    private record Unheld(TicketConstraint constraint, TicketState state, LossPolicy policy) {
        boolean lostWhileActive(boolean active) {
            return !state.granted() && active;
        }

        boolean onPromotedRole() {
            return constraint.forRole() == Role.PROMOTED;
        }

        /** No role given, or the primitive's role as it runs now is the constraint's. */
        boolean roleMatches(Role role) {
            return constraint.forRole() == null || constraint.forRole() == role;
        }

        String describe() {
            return "ticket " + constraint.ticket() + (state.granted() ? " is in standby" : " is not granted")
                    + " (rsc_ticket " + constraint.id() + ", loss-policy=" + policy + ")";
        }
    }

    private final ClusterConfig config;
    private final List<Unheld> unheld = new ArrayList<>();

    Tickets(ClusterConfig config) {
        this.config = config;
        boolean fencing = FencingProperties.enabled(config);
        for (TicketConstraint t : config.ticketConstraints()) {
            TicketState s = config.ticketState(t.ticket());
            if (!s.held()) {
                LossPolicy p = t.lossPolicy() == LossPolicy.FENCE && !fencing ? LossPolicy.STOP : t.lossPolicy();
                unheld.add(new Unheld(t, s, p));
            }
        }
    }

    /** Why the primitive (or clone instance member) may run on no node, or null. */
    String banOf(ResourceView r) {
        if (unheld.isEmpty()) {
            return null;
        }
        Role role = roleOf(r);
        for (Unheld u : covering(r.configId())) {
            if (u.lostWhileActive(role != null)) {
                boolean ban = switch (u.policy()) {
                    case STOP -> true;
                    case DEMOTE -> !u.onPromotedRole();
                    case FENCE -> u.roleMatches(role);
                    case FREEZE -> false;
                };
                if (ban) {
                    return u.describe();
                }
            } else if (!u.onPromotedRole() || u.policy() == LossPolicy.STOP) {
                return u.describe();
            }
        }
        return null;
    }

    /** Is the primitive frozen: active, its ticket lost, loss-policy=freeze, its role the constraint's? */
    boolean frozen(ResourceView r) {
        Role role = roleOf(r);
        return covering(r.configId()).stream().anyMatch(u -> u.policy() == LossPolicy.FREEZE
                && u.lostWhileActive(role != null) && u.roleMatches(role));
    }

    /** Why the promotable clone may promote nothing, or null. */
    String promotionBanOf(CloneView c) {
        for (Unheld u : unheld) {
            if (u.onPromotedRole() && u.constraint().resource().equals(c.id)) {
                return u.describe();
            }
        }
        return null;
    }

    /**
     * Why the node is fenced for a lost ticket (loss-policy=fence), or null: an online node
     * where a primitive the constraint covers is active in the constraint's role.
     */
    String fenceReason(NodeStatus n) {
        if (!n.online()) {
            return null;
        }
        for (Map.Entry<String, ResourceState> e : n.resources().entrySet()) {
            String primitive = primitiveOf(e.getKey());
            ResourceState s = e.getValue();
            if (primitive == null || !s.isActive()) {
                continue;
            }
            Role role = roleName(s.role(), config.cloneOf(primitive).map(Clone::promotable).orElse(false));
            for (Unheld u : covering(primitive)) {
                if (u.policy() == LossPolicy.FENCE && u.lostWhileActive(true) && u.roleMatches(role)) {
                    return DEADMAN;
                }
            }
        }
        return null;
    }

    /** The configured primitive a status key names ({@code rsc} or a clone instance's {@code rsc:N}), or null. */
    private String primitiveOf(String key) {
        if (config.resource(key).isPresent()) {
            return key;
        }
        int colon = key.lastIndexOf(':');
        return colon > 0 && config.resource(key.substring(0, colon)).isPresent() ? key.substring(0, colon) : null;
    }

    /** The unheld constraints on the primitive, its group, its clone, or the group its clone clones. */
    private List<Unheld> covering(String primitive) {
        if (unheld.isEmpty()) {
            return List.of();
        }
        Optional<String> group = config.groupOf(primitive).map(Group::id);
        Optional<String> clone = config.cloneOf(primitive).map(Clone::id);
        List<Unheld> out = new ArrayList<>();
        for (Unheld u : unheld) {
            String on = u.constraint().resource();
            if (on.equals(primitive) || group.map(on::equals).orElse(false) || clone.map(on::equals).orElse(false)) {
                out.add(u);
            }
        }
        return out;
    }

    /** Its role where it runs now: Promoted, Unpromoted (a promotable instance), Started; null when not active. */
    private static Role roleOf(ResourceView r) {
        String here = r.current();
        return here == null ? null : roleName(r.state(here).role(), r.clone != null && r.clone.promotable());
    }

    private static Role roleName(ResourceRole role, boolean promotable) {
        if (role == ResourceRole.PROMOTED) {
            return Role.PROMOTED;
        }
        return promotable ? Role.UNPROMOTED : Role.STARTED;
    }
}
