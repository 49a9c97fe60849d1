package dev.vigil.policy;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a clone notification tells an instance (Pacemaker's clone notifications, meta
 * {@code notify=true}): whether it comes before or after the clone's operation, which operation,
 * and the notification variables Pacemaker passes as {@code CRM_meta_notify_*}
 * ({@code notify_start_uname}, {@code notify_active_resource}...; lists are space-separated, an
 * empty list is a single space, as Pacemaker sends it).
 */
public final class Notification {
    /** Before the clone's operation. */
    public static final String PRE = "pre";
    /** After it. */
    public static final String POST = "post";

    private final String type;
    private final String operation;
    private final Map<String, String> variables;

    private Notification(String type, String operation, Map<String, String> variables) {
        this.type = Objects.requireNonNull(type);
        this.operation = Objects.requireNonNull(operation);
        this.variables = Collections.unmodifiableMap(new TreeMap<>(variables));
    }

    /**
     * @param type {@link #PRE} or {@link #POST}
     * @param operation start, stop, promote or demote
     * @param variables the {@code notify_*} variables without {@code notify_type}/{@code notify_operation}
     */
    public static Notification of(String type, String operation, Map<String, String> variables) {
        if (!PRE.equals(type) && !POST.equals(type)) {
            throw new IllegalArgumentException("notification type must be pre or post, not '" + type + "'");
        }
        TreeMap<String, String> all = new TreeMap<>(variables);
        all.put("notify_type", type);
        all.put("notify_operation", operation);
        return new Notification(type, operation, all);
    }

    /** {@code pre} or {@code post}. */
    public String type() {
        return type;
    }

    /** The clone operation notified about: start, stop, promote or demote. */
    public String operation() {
        return operation;
    }

    /**
     * Every variable, by Pacemaker's meta name without the {@code CRM_meta_} prefix:
     * {@code notify_type}, {@code notify_operation}, {@code notify_start_resource},
     * {@code notify_start_uname}... (the OCF bridge exports them as
     * {@code OCF_RESKEY_CRM_meta_notify_*}).
     */
    public Map<String, String> variables() {
        return variables;
    }

    @Override
    public String toString() {
        return type + "-" + operation + " " + variables;
    }
}
