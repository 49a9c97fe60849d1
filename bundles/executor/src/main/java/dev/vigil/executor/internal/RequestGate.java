package dev.vigil.executor.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

import dev.vigil.cluster.ActionRequest;
import dev.vigil.cluster.MembershipView;

/**
 * Decides whether an action request comes from the DC this node follows now. A request is
 * obeyed only when its sender is the DC it names, and that DC (same incarnation) is the DC of
 * this node's current view, and the request was issued in the DC's current tenure: in the
 * current view, or in an earlier view of an unbroken run of views with that same DC (a
 * request sent just before a view number bump). A request from a view newer than this node's
 * waits until this node's view catches up (bounded), and is refused if it does not. Not
 * thread-safe; the executor component guards it.
 */
final class RequestGate {
    /** How long a request from a newer view than ours waits for our view to catch up, at most. */
    static final Duration DEFAULT_HOLD = Duration.ofSeconds(5);

    /** The decision on one request; {@code refusal} is null when it is accepted. */
    record Verdict(String from, ActionRequest request, String refusal) {
        boolean accepted() {
            return refusal == null;
        }

        @Override
        public String toString() {
            return (refusal == null ? "accept " : "refuse ") + request + " from " + from
                    + (refusal == null ? "" : ": " + refusal);
        }
    }

    private record Held(String from, ActionRequest request, Instant until) {
    }

    private final Duration hold;
    private final List<Held> held = new ArrayList<>();
    private MembershipView view;
    private String tenureDc;
    private Long tenureIncarnation;
    private long tenureStart = -1;

    RequestGate(Duration hold) {
        this.hold = hold;
    }

    /**
     * A new view: tracks the DC's tenure and decides the requests that waited for it. A tenure
     * continues while consecutive views (numbers equal or one apart) name the same DC with the
     * same incarnation; a gap in the numbers may hide another DC's view, so it starts a new one.
     */
    List<Verdict> onView(MembershipView v) {
        String dc = v.dc();
        Long inc = dc == null ? null : v.incarnations().get(dc);
        boolean continues = view != null && dc != null && dc.equals(tenureDc) && Objects.equals(inc, tenureIncarnation)
                && (v.number() == view.number() || v.number() == view.number() + 1);
        if (!continues) {
            tenureDc = dc;
            tenureIncarnation = inc;
            tenureStart = dc == null ? -1 : v.number();
        }
        view = v;
        List<Verdict> decided = new ArrayList<>();
        for (Iterator<Held> it = held.iterator(); it.hasNext();) {
            Held h = it.next();
            Verdict d = decide(h.from(), h.request());
            if (d != null) {
                it.remove();
                decided.add(d);
            }
        }
        return decided;
    }

    /** The verdict on a request now, or null when it waits for this node's view to catch up. */
    Verdict offer(String from, ActionRequest r, Instant now) {
        Verdict d = decide(from, r);
        if (d == null) {
            held.add(new Held(from, r, now.plus(hold)));
        }
        return d;
    }

    /** Refuses the requests that waited too long for this node's view. */
    List<Verdict> expire(Instant now) {
        List<Verdict> out = new ArrayList<>();
        for (Iterator<Held> it = held.iterator(); it.hasNext();) {
            Held h = it.next();
            if (!now.isBefore(h.until())) {
                it.remove();
                out.add(new Verdict(h.from(), h.request(), "issued in view " + h.request().viewNumber()
                        + ", but this node's view is still " + (view == null ? "none" : view.number()) + " after "
                        + hold.toMillis() + " ms"));
            }
        }
        return out;
    }

    boolean holding() {
        return !held.isEmpty();
    }

    private Verdict decide(String from, ActionRequest r) {
        if (r.dc() == null) {
            return refuse(from, r, "it names no DC");
        }
        if (!r.dc().equals(from)) {
            return refuse(from, r, "sent by " + from + " on behalf of " + r.dc());
        }
        if (view == null) {
            return null;
        }
        String dc = view.dc();
        Long inc = dc == null ? null : view.incarnations().get(dc);
        boolean ourDc = r.dc().equals(dc) && inc != null && inc == r.dcIncarnation();
        if (ourDc && r.viewNumber() >= tenureStart) {
            // Issued in this DC's current tenure: this view, an earlier one of the same unbroken
            // run, or a newer one this node has not seen yet (the DC is still the one we follow).
            return new Verdict(from, r, null);
        }
        if (r.viewNumber() > view.number()) {
            return null; // this node is behind: decide once its view catches up
        }
        if (dc == null) {
            return refuse(from, r, "view " + view.number() + " of this node has no DC");
        }
        if (!r.dc().equals(dc)) {
            return refuse(from, r, r.dc() + " is not the DC of view " + view.number() + " (the DC is " + dc
                    + "); the request was issued in view " + r.viewNumber());
        }
        if (!ourDc) {
            return refuse(from, r, "issued by incarnation " + r.dcIncarnation() + " of " + dc
                    + ", the DC now is incarnation " + inc);
        }
        return refuse(from, r, "stale: issued in view " + r.viewNumber() + ", before the tenure of " + dc
                + " that began at view " + tenureStart + " (this node's view is " + view.number() + ")");
    }

    private static Verdict refuse(String from, ActionRequest r, String why) {
        return new Verdict(from, r, why);
    }
}
