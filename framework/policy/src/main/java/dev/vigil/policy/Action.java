package dev.vigil.policy;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One action of a transition: an operation of a resource on a node, or the fencing of a node
 * ({@link Kind#FENCE}: no resource, the node is the target, run by the fencer, not an executor).
 */
public final class Action {
    /** What the action does. A probe is a one-shot monitor that finds out whether a resource runs. */
    public enum Kind {
        PROBE("monitor"), STOP("stop"), START("start"), MONITOR("monitor"), PROMOTE("promote"), DEMOTE("demote"),
        /** Apply changed parameters without a restart (only for agents that recorded they can). */
        RELOAD("reload-agent"),
        /**
         * Live migration, first half: on the node it runs on, hand the resource over to
         * {@link Action#migrateTarget()} (Pacemaker's allow-migrate).
         */
        MIGRATE_TO("migrate_to"),
        /** Live migration, second half: on the target, take over from {@link Action#migrateSource()}. */
        MIGRATE_FROM("migrate_from"),
        /** Fence the node: {@link Action#fenceAction()} says how (reboot, off, or on for unfencing). */
        FENCE("stonith"),
        /**
         * A clone notification: on a node, tell an instance ({@link Action#notification()}); or,
         * as a pseudo action without a node, a point the clone's notifications are ordered around
         * (Pacemaker's {@code pre_notify}, {@code confirmed-pre_notify}, {@code post_notify},
         * {@code confirmed-post_notify}).
         */
        NOTIFY("notify"),
        /**
         * Cancel a recurring monitor running on the node ({@link Action#interval()}, for
         * {@link Action#role()}): Pacemaker's cancel of a Stopped-role monitor before the resource
         * starts where it ran. Made with {@link Action#cancel}.
         */
        CANCEL("cancel");

        private final String operation;

        Kind(String operation) {
            this.operation = operation;
        }

        /** The agent operation this action runs. */
        public String operation() {
            return operation;
        }
    }

    private final int id;
    private final Kind kind;
    private final String resource;
    private final String instance;
    private final String node;
    private final Duration interval;
    private final Duration timeout;
    private final String fenceAction;
    private final Duration fenceDelay;
    private final boolean pseudo;
    private final Notification notification;
    private final String migrateSource;
    private final String migrateTarget;
    /** For notifications: the key crm_simulate names them by (without node). */
    private final String key;
    /** For an instance's start, stop, promote or demote in a clone with notifications: its lists. */
    private final Map<String, String> notifyVariables;
    /** For a recurring monitor (or its cancellation) configured for one role: that role; else null. */
    private final String role;

    private Action(int id, Kind kind, String resource, String instance, String node, Duration interval,
            Duration timeout, String fenceAction, Duration fenceDelay, boolean pseudo) {
        this(id, kind, resource, instance, node, interval, timeout, fenceAction, fenceDelay, pseudo, null, null,
                null, null);
    }

    private Action(int id, Kind kind, String resource, String instance, String node, Duration interval,
            Duration timeout, String fenceAction, Duration fenceDelay, boolean pseudo, Notification notification,
            String key, String migrateSource, String migrateTarget) {
        this(id, kind, resource, instance, node, interval, timeout, fenceAction, fenceDelay, pseudo, notification,
                key, migrateSource, migrateTarget, Map.of(), null);
    }

    private Action(int id, Kind kind, String resource, String instance, String node, Duration interval,
            Duration timeout, String fenceAction, Duration fenceDelay, boolean pseudo, Notification notification,
            String key, String migrateSource, String migrateTarget, Map<String, String> notifyVariables,
            String role) {
        this.id = id;
        this.kind = Objects.requireNonNull(kind);
        this.resource = Objects.requireNonNull(resource);
        this.instance = Objects.requireNonNull(instance);
        this.node = Objects.requireNonNull(node);
        this.interval = Objects.requireNonNull(interval);
        this.timeout = Objects.requireNonNull(timeout);
        this.fenceAction = fenceAction;
        this.fenceDelay = Objects.requireNonNull(fenceDelay);
        this.pseudo = pseudo;
        this.notification = notification;
        this.key = key;
        this.migrateSource = migrateSource;
        this.migrateTarget = migrateTarget;
        this.notifyVariables = Collections.unmodifiableMap(new TreeMap<>(notifyVariables));
        this.role = role;
    }

    public static Action of(int id, Kind kind, String resource, String node, Duration interval, Duration timeout) {
        return ofInstance(id, kind, resource, resource, node, interval, timeout);
    }

    /**
     * An action on one instance of a clone: {@code resource} is the configured primitive (what
     * an executor runs), {@code instance} names the instance ({@code rsc:2}).
     */
    public static Action ofInstance(int id, Kind kind, String resource, String instance, String node,
            Duration interval, Duration timeout) {
        if (kind == Kind.FENCE || kind == Kind.NOTIFY || kind == Kind.MIGRATE_TO || kind == Kind.MIGRATE_FROM
                || kind == Kind.CANCEL) {
            throw new IllegalArgumentException("a " + kind + " action is made with its own factory");
        }
        return new Action(id, kind, resource, instance, node, interval, timeout, null, Duration.ZERO, false);
    }

    /**
     * A recurring monitor for one role: one for the Stopped role ({@code op monitor role=Stopped})
     * runs where the resource must not run and expects it not to; a promotable instance's expects
     * its role's answer (8 for Promoted, 0 for Unpromoted).
     */
    public static Action monitorForRole(int id, String resource, String instance, String node, Duration interval,
            Duration timeout, String role) {
        if (interval.isZero()) {
            throw new IllegalArgumentException("a monitor for a role recurs: its interval cannot be zero");
        }
        return new Action(id, Kind.MONITOR, resource, instance, node, interval, timeout, null, Duration.ZERO, false,
                null, null, null, null, Map.of(), Objects.requireNonNull(role));
    }

    /**
     * The cancellation of the recurring monitor of {@code interval} (for {@code role}, or null
     * for any role) that runs for {@code instance} on {@code node}.
     */
    public static Action cancel(int id, String resource, String instance, String node, Duration interval,
            Duration timeout, String role) {
        if (interval.isZero()) {
            throw new IllegalArgumentException("only a recurring monitor is cancelled: its interval cannot be zero");
        }
        return new Action(id, Kind.CANCEL, resource, instance, node, interval, timeout, null, Duration.ZERO, false,
                null, null, null, null, Map.of(), role);
    }

    /**
     * Fencing of {@code target}.
     *
     * @param fenceAction {@code reboot}, {@code off} (stonith-action) or {@code on} (unfencing)
     * @param timeout stonith-timeout
     */
    public static Action fence(int id, String target, String fenceAction, Duration timeout) {
        return fence(id, target, fenceAction, timeout, Duration.ZERO);
    }

    /**
     * Fencing of {@code target} that waits {@code delay} first (priority-fencing-delay: the node
     * running the most important resources is fenced last when the cluster splits in halves).
     */
    public static Action fence(int id, String target, String fenceAction, Duration timeout, Duration delay) {
        return new Action(id, Kind.FENCE, "", "", target, Duration.ZERO, timeout, Objects.requireNonNull(fenceAction),
                delay, false);
    }

    /**
     * The fencing of the guest node {@code target}, which recovering its container carries out: a
     * pseudo action (nothing is sent to a fencer), there to order what ran on the guest against.
     */
    public static Action guestFence(int id, String target, String fenceAction) {
        return new Action(id, Kind.FENCE, "", "", target, Duration.ZERO, Duration.ZERO,
                Objects.requireNonNull(fenceAction), Duration.ZERO, true);
    }

    /**
     * One half of a live migration of {@code instance} (a primitive, or a clone instance) from
     * {@code source} to {@code target}: {@link Kind#MIGRATE_TO} runs on the source,
     * {@link Kind#MIGRATE_FROM} on the target.
     */
    public static Action migration(int id, Kind kind, String resource, String instance, String source,
            String target, Duration timeout) {
        if (kind != Kind.MIGRATE_TO && kind != Kind.MIGRATE_FROM) {
            throw new IllegalArgumentException(kind + " is not a migration action");
        }
        String node = kind == Kind.MIGRATE_TO ? source : target;
        return new Action(id, kind, resource, instance, node, Duration.ZERO, timeout, null, Duration.ZERO, false,
                null, null, Objects.requireNonNull(source), Objects.requireNonNull(target));
    }

    /**
     * A notification of one clone instance on {@code node}.
     *
     * @param keyName the name Pacemaker keys the instance's actions by: the instance
     *        ({@code rsc:1}) in a globally-unique clone, the primitive ({@code rsc}) in an anonymous one
     */
    public static Action notify(int id, String resource, String instance, String keyName, String node,
            Duration timeout, Notification notification) {
        return new Action(id, Kind.NOTIFY, resource, instance, node, Duration.ZERO, timeout, null, Duration.ZERO, false,
                Objects.requireNonNull(notification),
                keyName + "_" + notification.type() + "_notify_" + notification.operation() + "_0", null, null);
    }

    /**
     * A pseudo action of a clone's notifications, named as Pacemaker names it:
     * {@code clone_pre_notify_start_0}, {@code clone_confirmed-pre_notify_start_0},
     * {@code clone_post_notify_running_0}, {@code clone_confirmed-post_notify_running_0}.
     *
     * @param phase pre, confirmed-pre, post or confirmed-post
     * @param operation the clone operation (start, stop...) or, after it, its completion
     *        (running, stopped, promoted, demoted)
     */
    public static Action notifyEvent(int id, String clone, String phase, String operation) {
        return new Action(id, Kind.NOTIFY, clone, clone, "", Duration.ZERO, Duration.ZERO, null, Duration.ZERO, true,
                null, clone + "_" + phase + "_notify_" + operation + "_0", null, null);
    }

    /** For a notification sent to an instance: what it is told; null for every other action. */
    public Notification notification() {
        return notification;
    }

    /**
     * The same action implied by another (a stop on a node being fenced: the fence stops it). A
     * pseudo action is never run: it is complete as soon as what it depends on is.
     */
    public Action implied() {
        return new Action(id, kind, resource, instance, node, interval, timeout, fenceAction, fenceDelay, true,
                notification, key, migrateSource, migrateTarget, notifyVariables, role);
    }

    /**
     * The same start, stop, promote or demote of a clone instance carrying the clone's
     * notification lists: Pacemaker attaches them ({@code notify_start_uname},
     * {@code notify_active_resource}..., without {@code notify_type} and
     * {@code notify_operation}) to these actions of every instance of a clone with
     * {@code notify=true}, not only to its notifications (pe_notif.c).
     *
     * @throws IllegalArgumentException for any other kind of action
     */
    public Action withNotifyVariables(Map<String, String> variables) {
        if (kind != Kind.START && kind != Kind.STOP && kind != Kind.PROMOTE && kind != Kind.DEMOTE) {
            throw new IllegalArgumentException("notification lists go with a start, stop, promote or demote, not a "
                    + kind);
        }
        return new Action(id, kind, resource, instance, node, interval, timeout, fenceAction, fenceDelay, pseudo,
                notification, key, migrateSource, migrateTarget, variables, role);
    }

    /**
     * The {@code CRM_meta_notify_*} variables the agent is given (by meta name without
     * {@code CRM_meta_}): a notification's ({@link Notification#variables()}, with its type and
     * operation), or the clone's lists on an instance's own start, stop, promote or demote
     * ({@link #withNotifyVariables}); empty for every other action.
     */
    public Map<String, String> notifyVariables() {
        return notification != null ? notification.variables() : notifyVariables;
    }

    /** For a migration action: the node the resource migrates from (the agent's migrate_source); else null. */
    public String migrateSource() {
        return migrateSource;
    }

    /** For a migration action: the node the resource migrates to (the agent's migrate_target); else null. */
    public String migrateTarget() {
        return migrateTarget;
    }

    /** Never dispatched: complete once its dependencies are (see {@link #implied()}). */
    public boolean pseudo() {
        return pseudo;
    }

    /** For {@link Kind#FENCE}: how long the fencer waits before fencing (priority-fencing-delay); zero otherwise. */
    public Duration fenceDelay() {
        return fenceDelay;
    }

    public int id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    /** The configured primitive (what an executor runs); empty for a fence. */
    public String resource() {
        return resource;
    }

    /** The clone instance it acts on ({@code rsc:2}); for other resources the resource itself. */
    public String instance() {
        return instance;
    }

    public String node() {
        return node;
    }

    /**
     * For a recurring monitor of one role, or the cancellation of one: that role ({@code Stopped},
     * or {@code Promoted} / {@code Unpromoted} for a promotable instance's monitor, whose answers
     * are judged by that role's expected result); null for any other action.
     */
    public String role() {
        return role;
    }

    /** Non-zero for a recurring monitor (and its {@link Kind#CANCEL}). */
    public Duration interval() {
        return interval;
    }

    public Duration timeout() {
        return timeout;
    }

    /** For {@link Kind#FENCE}: reboot, off or on; null for resource actions. */
    public String fenceAction() {
        return fenceAction;
    }

    /**
     * Pacemaker's operation key and node: {@code web_start_0 n2}; for a cancellation
     * {@code Cancel web_monitor_20000 n2}; for notifications
     * {@code rsc:1_pre_notify_start_0 n2}, and for their pseudo actions {@code clone_post_notify_running_0}.
     */
    @Override
    public String toString() {
        if (kind == Kind.FENCE) {
            return "stonith '" + fenceAction + "' " + node;
        }
        if (key != null) {
            return node.isEmpty() ? key : key + " " + node;
        }
        if (kind == Kind.CANCEL) {
            return "Cancel " + instance + "_monitor_" + interval.toMillis() + " " + node;
        }
        return instance + "_" + kind.operation() + "_" + interval.toMillis() + " " + node;
    }
}
