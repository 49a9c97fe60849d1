package dev.vigil.controller.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.AgentRequest;
import dev.vigil.agent.ExecStatus;
import dev.vigil.agent.OcfStatus;
import dev.vigil.cluster.ActionRequest;
import dev.vigil.cluster.LrmUpdate;
import dev.vigil.cluster.MembershipView;
import dev.vigil.cluster.NodeState;
import dev.vigil.cluster.OperationRecord;
import dev.vigil.model.CompletedOperation;
import dev.vigil.model.HistoryReducer;
import dev.vigil.model.OperationTask;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;
import dev.vigil.testkit.FakeClock;

/**
 * A DC's controller driven by hand on nodes n1..n3: views, configuration and the executors'
 * answers, with every request it sends recorded.
 */
abstract class DcFixture {
    final FakeClock clock;
    final int[] queries = new int[1];
    /** The token of the DC's latest query: executors answer it (see {@link #report}). */
    String queryToken;
    final List<String> sent = new ArrayList<>();
    final Map<String, ActionRequest> requests = new TreeMap<>();
    final Map<String, Map<String, ResourceState>> nodeStates = new TreeMap<>();
    /** Each node's incarnation (its process); {@link #restart} makes a new one. */
    private final Map<String, Long> incarnations =
            new HashMap<>(Map.of("n1", (long) '1', "n2", (long) '2', "n3", (long) '3'));
    final StatusCollector collector;
    final Controller controller;

    DcFixture() {
        this(new FakeClock(), null, FenceGateway.none());
    }

    /** @param planner stands in for the policy engine, or null for the real one */
    DcFixture(FakeClock clock, Controller.Planner planner, FenceGateway fencing) {
        this.clock = clock;
        this.collector = new StatusCollector(clock);
        Controller.Dispatcher dispatcher = (node, r) -> {
            sent.add(r.resource() + "_" + r.action().ocfName() + "_" + r.interval().toMillis() + " " + node);
            requests.put(node + " " + r.resource() + "_" + r.action().ocfName() + "_" + r.interval().toMillis(), r);
        };
        Controller.StateQuery query = token -> {
            queries[0]++;
            queryToken = token;
        };
        controller = planner == null
                ? new Controller(collector, dispatcher, (n, c, s, now, t) -> { }, query, clock, fencing)
                : new Controller(planner, collector, dispatcher, (n, c, s, now, t) -> { }, query, clock, fencing);
    }

    MembershipView view(String local, String dc, String... members) {
        Map<String, NodeState> states = new TreeMap<>();
        Map<String, Long> inc = new TreeMap<>();
        for (String m : List.of("n1", "n2", "n3")) {
            states.put(m, List.of(members).contains(m) ? NodeState.ALIVE : NodeState.DEAD);
        }
        for (String m : members) {
            inc.put(m, incarnations.get(m));
        }
        return MembershipView.of(1, local, new TreeSet<>(List.of(members)), states, 3, members.length >= 2, dc, true,
                inc);
    }

    /** The node's process starts again: a new incarnation that has forgotten what it ran. */
    void restart(String node) {
        incarnations.merge(node, 10L, Long::sum);
        nodeStates.remove(node);
    }

    /** The executor on {@code node} reports its states, answering the DC's query as executors do. */
    void report(String node) {
        controller.onUpdate(node, LrmUpdate.of(nodeStates.computeIfAbsent(node, n -> new TreeMap<>()),
                queryToken == null ? null : LrmUpdate.QUERY_ANSWER_PREFIX + queryToken, null));
    }

    /** The executor on {@code node} answers the request with {@code rc}. */
    void answer(String node, String op, OcfStatus rc) {
        ActionRequest r = requests.remove(node + " " + op);
        if (r == null) {
            throw new AssertionError("no request " + op + " on " + node + "; sent " + sent);
        }
        Map<String, ResourceState> states = nodeStates.computeIfAbsent(node, n -> new TreeMap<>());
        ResourceRole role = rc == OcfStatus.OK ? ResourceRole.STARTED : ResourceRole.STOPPED;
        if (r.action() == AgentAction.STOP && rc == OcfStatus.OK) {
            role = ResourceRole.STOPPED;
        }
        states.put(r.resource(), ResourceState.of(role, 0, null, "", r.interval()));
        OperationRecord rec = OperationRecord.of(node, r.resource(), r.action(), r.interval(), clock.instant(),
                clock.instant(), ExecStatus.DONE, rc, "");
        controller.onUpdate(node, LrmUpdate.of(states, r.id(), rec));
    }

    /** The executor on {@code node} refuses the request (not the DC of its view, no lease...). */
    void refuse(String node, String op, String why) {
        ActionRequest r = requests.remove(node + " " + op);
        if (r == null) {
            throw new AssertionError("no request " + op + " on " + node + "; sent " + sent);
        }
        controller.onUpdate(node, LrmUpdate.of(nodeStates.computeIfAbsent(node, n -> new TreeMap<>()), r.id(),
                OperationRecord.refused(node, r, clock.instant(), why)));
    }

    /**
     * The executor on {@code node} answers the request with {@code rc}, its state derived as the
     * executor derives it (the shared {@link HistoryReducer}, migrations recorded included).
     */
    void execute(String node, String op, OcfStatus rc) {
        ActionRequest r = requests.remove(node + " " + op);
        if (r == null) {
            throw new AssertionError("no request " + op + " on " + node + "; sent " + sent);
        }
        OperationRecord rec = OperationRecord.of(node, r.resource(), r.action(), r.interval(), clock.instant(),
                clock.instant(), ExecStatus.DONE, rc, "").withRole(r.role());
        Map<String, ResourceState> states = nodeStates.computeIfAbsent(node, n -> new TreeMap<>());
        CompletedOperation done = CompletedOperation.of(OperationTask.of(r.action().ocfName()), r.interval(),
                rc.code(), CompletedOperation.Execution.DONE, clock.instant(), "").withMigration(
                        r.params().get(AgentRequest.MIGRATE_SOURCE), r.params().get(AgentRequest.MIGRATE_TARGET))
                .withExpectedRc(rec.expectedRc()); // judged by its role, as the executor does
        states.put(r.resource(), HistoryReducer.next(states.getOrDefault(r.resource(),
                ResourceState.of(ResourceRole.UNKNOWN)), done, HistoryReducer.Semantics.LIVE));
        // Through the wire, as a real executor's report travels.
        controller.onUpdate(node, LrmUpdate.decode(LrmUpdate.of(states, r.id(), rec).encode()));
    }

    List<String> drain() {
        List<String> out = new ArrayList<>(sent);
        sent.clear();
        return out;
    }
}
