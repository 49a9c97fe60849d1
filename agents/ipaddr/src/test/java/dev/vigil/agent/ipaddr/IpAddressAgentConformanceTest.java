package dev.vigil.agent.ipaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.vigil.testkit.NetworkNamespace;

/** The real ip and arping, in a network namespace of the test's own with a veth pair (root). */
class IpAddressAgentConformanceTest extends AgentConformanceTest {
    private static NetworkNamespace ns;

    private final IpAddressAgent agent = new IpAddressAgent(ns == null ? List.of() : ns.exec());

    @BeforeAll
    static void namespace() throws Exception {
        assertTrue(NetworkNamespace.available(), "needs root for a network namespace");
        ns = NetworkNamespace.create("vigil-ipaddr-" + ProcessHandle.current().pid());
        ns.ip("link", "add", "d0", "type", "veth", "peer", "name", "d0peer");
        ns.ip("addr", "add", "10.79.0.1/24", "dev", "d0");
        ns.ip("link", "set", "d0", "up");
        ns.ip("link", "set", "d0peer", "up");
    }

    @AfterAll
    static void removeNamespace() throws Exception {
        if (ns != null) {
            ns.close();
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
        assertTrue(ns.ip("-o", "addr", "show", "dev", "d0").contains("inet 10.79.0.50/24"));
        call(AgentAction.STOP);
        assertTrue(!ns.ip("-o", "addr", "show", "dev", "d0").contains("10.79.0.50"));
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
