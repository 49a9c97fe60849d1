package dev.vigil.agent.ocf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.AgentContext;
import dev.vigil.agent.AgentMetadata;
import dev.vigil.agent.AgentRequest;
import dev.vigil.agent.AgentResult;
import dev.vigil.agent.OcfStatus;
import dev.vigil.agent.support.ProcessRunner;

class OcfBridgeTest {
    private static final Path TEST_ROOT = Path.of("src/test/resources/ocf");
    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/ocf");

    @TempDir
    Path state;

    private AgentContext context() {
        return new AgentContext() {
            @Override
            public String nodeName() {
                return "node7";
            }

            @Override
            public Path stateDirectory() {
                return state;
            }
        };
    }

    private AgentRequest request(AgentAction action, Map<String, String> params, Duration timeout) {
        return AgentRequest.builder("rsc1", action, context()).parameters(params).timeout(timeout)
                .interval(Duration.ofSeconds(10)).depth(10).build();
    }

    @Test
    void passesParametersAndTheOcfEnvironment() throws Exception {
        OcfScriptAgent echo = new OcfScriptAgent(TEST_ROOT, "test", "Echo", new ProcessRunner());
        AgentResult r = echo.monitor(request(AgentAction.MONITOR, Map.of("ip", "10.0.0.9"), Duration.ofSeconds(5)));
        assertEquals(OcfStatus.NOT_RUNNING, r.status());
        List<String> env = Files.readAllLines(state.resolve("rsctmp/env-monitor"));
        assertTrue(env.contains("OCF_RESKEY_ip=10.0.0.9"), env.toString());
        assertTrue(env.contains("OCF_RESOURCE_INSTANCE=rsc1"), env.toString());
        assertTrue(env.contains("OCF_RESOURCE_TYPE=Echo"), env.toString());
        assertTrue(env.contains("OCF_RESKEY_CRM_meta_interval=10000"), env.toString());
        assertTrue(env.contains("OCF_RESKEY_CRM_meta_timeout=5000"), env.toString());
        assertTrue(env.contains("OCF_CHECK_LEVEL=10"), env.toString());
        assertTrue(env.contains("OCF_RESKEY_CRM_meta_on_node=node7"), env.toString());
        assertTrue(env.contains("OCF_ROOT=" + TEST_ROOT), env.toString());
    }

    @Test
    void aNotificationReachesTheScriptAsPacemakersNotifyVariables() throws Exception {
        OcfScriptAgent echo = new OcfScriptAgent(TEST_ROOT, "test", "Echo", new ProcessRunner());
        AgentRequest notify = AgentRequest.builder("rsc1", AgentAction.NOTIFY, context())
                .parameters(Map.of("ip", "10.0.0.9")).timeout(Duration.ofSeconds(5))
                .notifyVariables(Map.of("notify_type", "post", "notify_operation", "start",
                        "notify_start_resource", "rsc1:2", "notify_start_uname", "node3",
                        "notify_active_uname", "node1 node2", "notify_stop_uname", " "))
                .build();
        echo.notify(notify);
        List<String> env = Files.readAllLines(state.resolve("rsctmp/env-notify"));
        assertTrue(env.contains("OCF_RESKEY_CRM_meta_notify_type=post"), env.toString());
        assertTrue(env.contains("OCF_RESKEY_CRM_meta_notify_operation=start"), env.toString());
        assertTrue(env.contains("OCF_RESKEY_CRM_meta_notify_start_resource=rsc1:2"), env.toString());
        assertTrue(env.contains("OCF_RESKEY_CRM_meta_notify_start_uname=node3"), env.toString());
        assertTrue(env.contains("OCF_RESKEY_CRM_meta_notify_active_uname=node1 node2"), env.toString());
        assertTrue(env.contains("OCF_RESKEY_CRM_meta_notify_stop_uname= "), env.toString());
        assertTrue(env.contains("OCF_RESKEY_ip=10.0.0.9"), env.toString());
        // Any other action carries none of them.
        echo.monitor(request(AgentAction.MONITOR, Map.of(), Duration.ofSeconds(5)));
        assertFalse(Files.readAllLines(state.resolve("rsctmp/env-monitor")).stream()
                .anyMatch(l -> l.startsWith("OCF_RESKEY_CRM_meta_notify")));
    }

    @Test
    void aCloneInstancesOwnStartGetsTheNotificationListsInItsEnvironment() throws Exception {
        OcfScriptAgent echo = new OcfScriptAgent(TEST_ROOT, "test", "Echo", new ProcessRunner());
        AgentRequest start = AgentRequest.builder("rsc1", AgentAction.START, context()).timeout(Duration.ofSeconds(5))
                .notifyVariables(Map.of("notify_start_uname", "node7", "notify_active_uname", "node1 node2",
                        "notify_stop_uname", " "))
                .build();
        echo.start(start);
        List<String> env = Files.readAllLines(state.resolve("rsctmp/env-start"));
        assertTrue(env.contains("OCF_RESKEY_CRM_meta_notify_start_uname=node7"), env.toString());
        assertTrue(env.contains("OCF_RESKEY_CRM_meta_notify_active_uname=node1 node2"), env.toString());
        assertTrue(env.contains("OCF_RESKEY_CRM_meta_notify_stop_uname= "), env.toString());
        assertFalse(env.stream().anyMatch(l -> l.startsWith("OCF_RESKEY_CRM_meta_notify_type")), env.toString());
    }

    @Test
    void aMigrationTellsTheScriptBothNodes() throws Exception {
        OcfScriptAgent echo = new OcfScriptAgent(TEST_ROOT, "test", "Echo", new ProcessRunner());
        Map<String, String> params = Map.of("ip", "10.0.0.9", AgentRequest.MIGRATE_SOURCE, "node7",
                AgentRequest.MIGRATE_TARGET, "node8");
        echo.migrateTo(request(AgentAction.MIGRATE_TO, params, Duration.ofSeconds(5)));
        List<String> env = Files.readAllLines(state.resolve("rsctmp/env-migrate_to"));
        assertTrue(env.contains("OCF_RESKEY_CRM_meta_migrate_source=node7"), env.toString());
        assertTrue(env.contains("OCF_RESKEY_CRM_meta_migrate_target=node8"), env.toString());
        echo.migrateFrom(request(AgentAction.MIGRATE_FROM, params, Duration.ofSeconds(5)));
        assertTrue(Files.exists(state.resolve("rsctmp/env-migrate_from")), "the script ran as migrate_from");
    }

    @Test
    void debiansDummyMigratesBetweenTwoNodes(@TempDir Path target) {
        OcfScriptAgent dummy = new OcfScriptAgent(DEBIAN_ROOT, "heartbeat", "Dummy", new ProcessRunner());
        Path stateFile = state.resolve("Dummy-vm.state"); // one file seen from both "nodes", as shared storage
        AgentContext onTarget = new AgentContext() {
            @Override
            public String nodeName() {
                return "node8";
            }

            @Override
            public Path stateDirectory() {
                return target;
            }
        };
        Map<String, String> params = Map.of("state", stateFile.toString(), AgentRequest.MIGRATE_SOURCE, "node7",
                AgentRequest.MIGRATE_TARGET, "node8");
        AgentRequest.Builder base = AgentRequest.builder("vm", AgentAction.START, context())
                .parameters(Map.of("state", stateFile.toString())).timeout(Duration.ofSeconds(20));
        assertEquals(OcfStatus.OK, dummy.start(base.build()).status());
        AgentRequest to = AgentRequest.builder("vm", AgentAction.MIGRATE_TO, context()).parameters(params)
                .timeout(Duration.ofSeconds(20)).build();
        assertEquals("node8", to.migrateTarget());
        assertEquals(OcfStatus.OK, dev.vigil.agent.ResourceAgent.perform(dummy, to).status());
        assertFalse(Files.exists(stateFile), "handed over: no longer running on the source");
        AgentRequest from = AgentRequest.builder("vm", AgentAction.MIGRATE_FROM, onTarget).parameters(params)
                .timeout(Duration.ofSeconds(20)).build();
        assertEquals(OcfStatus.OK, dev.vigil.agent.ResourceAgent.perform(dummy, from).status());
        AgentRequest probe = AgentRequest.builder("vm", AgentAction.MONITOR, onTarget)
                .parameters(Map.of("state", stateFile.toString())).timeout(Duration.ofSeconds(20)).build();
        assertEquals(OcfStatus.OK, dummy.monitor(probe).status(), "running on the target");
    }

    @Test
    void aHangingScriptIsKilledWithItsChildrenAtTheDeadline() throws Exception {
        OcfScriptAgent hang = new OcfScriptAgent(TEST_ROOT, "test", "Hang", new ProcessRunner());
        long t0 = System.nanoTime();
        AgentResult r = hang.start(request(AgentAction.START, Map.of(), Duration.ofMillis(500)));
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos());
        assertEquals(OcfStatus.ERR_GENERIC, r.status());
        assertTrue(r.reason().contains("did not finish within 500 ms"), r.reason());
        long child = Long.parseLong(Files.readString(state.resolve("rsctmp/hang-child.pid")).trim());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "child killed");
    }

    @Test
    void garbageAndUnknownExitCodesGetAClearResult() {
        OcfScriptAgent garbage = new OcfScriptAgent(TEST_ROOT, "test", "Garbage", new ProcessRunner());
        AgentResult r = garbage.monitor(request(AgentAction.MONITOR, Map.of(), Duration.ofSeconds(5)));
        assertEquals(OcfStatus.ERR_GENERIC, r.status());
        assertTrue(r.reason().contains("exited with 42, which is not an OCF exit code"), r.reason());
        assertTrue(r.reason().chars().allMatch(c -> c >= 0x20 && c < 0x7f), "printable: " + r.reason());
        IllegalStateException e = assertThrows(IllegalStateException.class, garbage::metadata);
        assertTrue(e.getMessage().contains("not XML"), e.getMessage());
    }

    @Test
    void refusesParameterNamesThatCannotBeEnvironmentVariables() {
        OcfScriptAgent echo = new OcfScriptAgent(TEST_ROOT, "test", "Echo", new ProcessRunner());
        AgentResult r = echo.start(request(AgentAction.START, Map.of("bad-name", "x"), Duration.ofSeconds(5)));
        assertEquals(OcfStatus.ERR_CONFIGURED, r.status());
        assertTrue(r.reason().contains("bad-name"), r.reason());
    }

    @Test
    void readsTheMetadataOfDebiansScripts() {
        AgentMetadata ip = new OcfScriptAgent(DEBIAN_ROOT, "heartbeat", "IPaddr2", new ProcessRunner()).metadata();
        AgentMetadata.Parameter addr = ip.parameters().stream().filter(p -> p.name().equals("ip")).findFirst()
                .orElseThrow();
        assertTrue(addr.required());
        assertEquals("string", addr.type());
        assertTrue(ip.actions().stream().anyMatch(a -> a.action() == AgentAction.MONITOR
                && a.interval().compareTo(Duration.ZERO) > 0), "advises a monitor interval");
        AgentMetadata nginx = new OcfScriptAgent(DEBIAN_ROOT, "heartbeat", "nginx", new ProcessRunner()).metadata();
        assertTrue(nginx.parameters().stream().map(AgentMetadata.Parameter::name).collect(Collectors.toSet())
                .contains("configfile"), "nginx has configfile");
    }

    @Test
    void debiansStatefulSetsItsPromotionScoreThroughTheBridgesCrmMaster() {
        OcfScriptAgent stateful = new OcfScriptAgent(DEBIAN_ROOT, "heartbeat", "Stateful", new ProcessRunner());
        Duration t = Duration.ofSeconds(20);
        AgentResult started = stateful.start(request(AgentAction.START, Map.of(), t));
        assertEquals(OcfStatus.OK, started.status(), started.toString());
        assertEquals(5, started.promotionScore(), "Stateful's start sets 5 with ocf_promotion_score");
        assertEquals(10, stateful.promote(request(AgentAction.PROMOTE, Map.of(), t)).promotionScore());
        assertEquals(OcfStatus.RUNNING_PROMOTED, stateful.monitor(request(AgentAction.MONITOR, Map.of(), t)).status());
        assertEquals(5, stateful.demote(request(AgentAction.DEMOTE, Map.of(), t)).promotionScore());
        assertEquals(PromotionScoreBridge.DELETED, stateful.stop(request(AgentAction.STOP, Map.of(), t))
                .promotionScore(), "stop deletes the score: never promote a stopped instance");
        assertEquals(null, stateful.monitor(request(AgentAction.MONITOR, Map.of(), t)).promotionScore(),
                "a call that sets nothing carries no score");
    }

    @Test
    void theRegistryFindsEveryScript() throws Exception {
        List<OcfScriptAgent> test = OcfAgentRegistry.scan(TEST_ROOT, new ProcessRunner());
        assertEquals(List.of("ocf:test:Echo", "ocf:test:Garbage", "ocf:test:Hang"),
                test.stream().map(OcfScriptAgent::spec).collect(Collectors.toList()));
        List<OcfScriptAgent> debian = OcfAgentRegistry.scan(DEBIAN_ROOT, new ProcessRunner());
        assertTrue(debian.size() > 100, "Debian ships over a hundred: " + debian.size());
        assertTrue(OcfAgentRegistry.scan(state.resolve("none"), new ProcessRunner()).isEmpty());
    }
}
