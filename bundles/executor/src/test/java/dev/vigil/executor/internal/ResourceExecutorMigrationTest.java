package dev.vigil.executor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.AgentMetadata;
import dev.vigil.agent.AgentRequest;
import dev.vigil.agent.AgentResult;
import dev.vigil.agent.ResourceAgent;
import dev.vigil.cluster.ActionRequest;
import dev.vigil.cluster.LrmUpdate;
import dev.vigil.model.ResourceRole;
import dev.vigil.model.ResourceState;

/**
 * The state the executor reports records a live migration (source and target) from the
 * migrate_to until the source's stop, and on the target after its migrate_from: what a new DC
 * needs to finish a migration half done.
 */
class ResourceExecutorMigrationTest {
    private final ExecutorTestBed bed = new ExecutorTestBed();

    /** An agent that does whatever it is asked, successfully. */
    private static final ResourceAgent AGREEABLE = new ResourceAgent() {
        @Override
        public AgentMetadata metadata() {
            return AgentMetadata.of("agreeable", "1", "", List.of(), List.of());
        }

        @Override
        public AgentResult validate(AgentRequest r) {
            return AgentResult.ok();
        }

        @Override
        public AgentResult start(AgentRequest r) {
            return AgentResult.ok();
        }

        @Override
        public AgentResult stop(AgentRequest r) {
            return AgentResult.ok();
        }

        @Override
        public AgentResult monitor(AgentRequest r) {
            return AgentResult.ok();
        }

        @Override
        public AgentResult migrateTo(AgentRequest r) {
            return AgentResult.ok();
        }

        @Override
        public AgentResult migrateFrom(AgentRequest r) {
            return AgentResult.ok();
        }
    };

    @AfterEach
    void stop() {
        bed.close();
    }

    private static ActionRequest request(AgentAction action, Map<String, String> params) {
        return ActionRequest.of("vm-" + action.ocfName(), "vm", "agreeable", action, Duration.ZERO,
                Duration.ofSeconds(5), params);
    }

    private static final Map<String, String> N1_TO_N2 = Map.of(AgentRequest.MIGRATE_SOURCE, "n1",
            AgentRequest.MIGRATE_TARGET, "n2");

    /** What the DC receives: the state through the wire. */
    private static ResourceState reported(ResourceExecutor ex) {
        return LrmUpdate.decode(LrmUpdate.of(ex.states(), null, null).encode()).states().get("vm");
    }

    @Test
    void aMigrateToIsReportedWithItsNodesUntilTheStop() throws Exception {
        ResourceExecutor ex = bed.executor(rsc -> AGREEABLE, (record, answering, changed) -> { });
        ex.submit(request(AgentAction.START, Map.of())).get(5, TimeUnit.SECONDS);
        ex.submit(request(AgentAction.MIGRATE_TO, N1_TO_N2)).get(5, TimeUnit.SECONDS);
        ResourceState s = reported(ex);
        assertEquals(ResourceRole.STARTED, s.role(), "active here until its stop");
        assertEquals("n1", s.migrationSource());
        assertEquals("n2", s.migrationTarget());
        ex.submit(request(AgentAction.STOP, Map.of())).get(5, TimeUnit.SECONDS);
        assertEquals(ResourceRole.STOPPED, reported(ex).role());
        assertNull(reported(ex).migrationTarget(), "stopped: the migration is over here");
    }

    @Test
    void aMigrateFromIsReportedWithItsNodes() throws Exception {
        ResourceExecutor ex = bed.executor(rsc -> AGREEABLE, (record, answering, changed) -> { });
        ex.submit(request(AgentAction.MIGRATE_FROM, N1_TO_N2)).get(5, TimeUnit.SECONDS);
        ResourceState s = reported(ex);
        assertEquals(ResourceRole.STARTED, s.role());
        assertEquals("n1", s.migrationSource());
        assertEquals("n2", s.migrationTarget());
    }
}
