package dev.vigil.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.distribution.LocalCluster;
import dev.vigil.testkit.NetworkNamespace;

/**
 * A service address that moves (see {@link VipCluster}): the node serving is SIGKILLed and its
 * interface goes down with it; the client keeps asking the VIP and must get answers from
 * another node, the address on one node only.
 */
class IpFailoverIT {
    private VipCluster vips;

    @AfterEach
    void tearDown() throws Exception {
        if (vips != null) {
            vips.close();
        }
    }

    @Test
    void theClientKeepsReachingTheAddressAfterItMoves() throws Exception {
        assertTrue(NetworkNamespace.available(), "needs root for network namespaces (./vigil test runs as root)");
        vips = VipCluster.create("vf", ItTiming.timing());
        vips.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> vips.lastAnswerFrom(null) != null);
        String first = vips.lastAnswerFrom(null);
        assertEquals(Set.of(first), vips.holders(), "the address is on one node");
        long killedAt = System.currentTimeMillis();
        // A host that dies stops answering on the wire too: kill the process and silence its NIC
        // (a killed process alone leaves its namespace holding the address, which no dead host does).
        vips.cluster.kill(first);
        vips.unplug(first);
        await().atMost(Duration.ofSeconds(60)).until(() -> vips.lastAnswerFrom(first) != null);
        String second = vips.lastAnswerFrom(first);
        assertNotNull(second, "the client reached the VIP again");
        assertNotEquals(first, second);

        List<String> after = vips.answers().stream().filter(a -> Long.parseLong(a.split(" ")[0]) > killedAt)
                .collect(Collectors.toList());
        long firstOk = after.stream().filter(a -> a.endsWith(" " + second))
                .mapToLong(a -> Long.parseLong(a.split(" ")[0])).min().orElseThrow();
        System.out.println("client-seen outage through the VIP: " + (firstOk - killedAt) + " ms");
        assertTrue(firstOk - killedAt < 8000, "back within deadtime + 7 s: " + (firstOk - killedAt) + " ms");
        assertTrue(after.stream().noneMatch(a -> a.endsWith(" " + first)), "no answer from the dead node after the kill");
        // A few more client requests, all answered by the survivor, before checking the holders.
        int answered = vips.answers().size();
        await().atMost(Duration.ofSeconds(30)).until(() -> vips.answers().size() >= answered + 20);
        assertTrue(vips.answers().stream().skip(answered).allMatch(a -> a.endsWith(" " + second)),
                "every later answer comes from " + second);
        assertEquals(Set.of(second), vips.holders(), "the address is on exactly one live node");
    }
}
