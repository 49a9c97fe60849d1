package dev.vigil.agent.ipaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.vigil.agent.AgentAction;
import dev.vigil.agent.AgentResult;
import dev.vigil.agent.OcfStatus;
import dev.vigil.agent.ResourceAgent;
import dev.vigil.testkit.AgentConformanceTest;

/** The real ip and arping, in a network namespace of the test's own with a veth pair (root). */
class IpAddressAgentConformanceTest extends AgentConformanceTest {
    private static final String NS = "vigil-ipaddr-" + ProcessHandle.current().pid();
    private static final List<String> IN_NS = List.of("ip", "netns", "exec", NS);

    private final IpAddressAgent agent = new IpAddressAgent(IN_NS);

    static String ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    @BeforeAll
    static void namespace() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for a network namespace");
        ip("netns", "add", NS);
        ip("-n", NS, "link", "add", "d0", "type", "veth", "peer", "name", "d0peer");
        ip("-n", NS, "addr", "add", "10.79.0.1/24", "dev", "d0");
        ip("-n", NS, "link", "set", "d0", "up");
        ip("-n", NS, "link", "set", "d0peer", "up");
    }

    @AfterAll
    static void removeNamespace() throws Exception {
        if ("root".equals(System.getProperty("user.name"))) {
            ip("netns", "del", NS);
        }
    }

    @Override
    protected ResourceAgent agent() {
        return agent;
    }

    @Override
    protected Map<String, String> parameters() {
        return Map.of("ip", "10.79.0.50", "cidr_netmask", "24", "nic", "d0", "arp_count", "2", "arp_interval", "50");
    }

    @Test
    void theAddressIsReallyOnTheInterfaceWhileStartedOnly() throws Exception {
        call(AgentAction.START);
        assertTrue(ip("-n", NS, "-o", "addr", "show", "dev", "d0").contains("inet 10.79.0.50/24"));
        call(AgentAction.STOP);
        assertTrue(!ip("-n", NS, "-o", "addr", "show", "dev", "d0").contains("10.79.0.50"));
    }

    @Test
    void badParametersAreRefusedWithTheReason() {
        AgentResult r = ResourceAgent.perform(agent, dev.vigil.agent.AgentRequest.builder("x", AgentAction.START,
                context()).parameters(Map.of("ip", "10.79.0.300", "nic", "d0")).build());
        assertEquals(OcfStatus.ERR_CONFIGURED, r.status());
        assertTrue(r.reason().contains("10.79.0.300"), r.reason());
        r = ResourceAgent.perform(agent, dev.vigil.agent.AgentRequest.builder("x", AgentAction.VALIDATE, context())
                .parameters(Map.of("ip", "10.79.0.9", "nic", "nope0")).build());
        assertEquals(OcfStatus.ERR_CONFIGURED, r.status());
        assertTrue(r.reason().contains("nope0"), r.reason());
    }
}
