package dev.vigil.itests;

import static dev.vigil.itests.NotifyingCluster.SETTLE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node cut off while a clone notification still hangs on it. n1 runs d (a primitive) and an
 * instance of the clone nt; nt's pre-notification of n3's start is held on n1 when n1's link
 * goes down both ways, and released only once both sides have seen each other lost and the
 * majority has started d. At lease loss n1 stops [nt, d] one after the other (reverse start
 * order): the hanging notification is interrupted then, so that nt's stop, and d's behind it,
 * are not held up by it beyond the stop budget (deadtime 1 s - lease 500 ms - a keepalive; d's
 * stop timeout 400 ms is within it, so the configuration is one Vigil deems safe without a
 * watchdog or fencing). Found by this test: before, d ran on both sides for 50-330 ms.
 */
class SelfStopBehindHungNotifyIT {
    private NotifyingCluster c;

    @AfterEach
    void stop() throws Exception {
        if (c != null) {
            c.close();
        }
    }

    @Test
    void aPrimitiveIsStoppedWithinTheStopBudgetThoughAnUnrelatedCloneNotificationHangs() throws Exception {
        c = NotifyingCluster.startWithN3AnnouncedAndHeld("vigil-hung-notify-it", " op stop timeout=400ms");
        c.cutOffUntilBothSidesSeeItLost("n1");
        // The notification hangs on until the majority, its wait over, has started d.
        await().atMost(SETTLE).until(() -> c.dRunsOn().stream().anyMatch(n -> !n.equals("n1")));
        c.releaseHold();
        await().atMost(SETTLE).until(() -> c.cloneRunsOn().equals(Set.of("n2", "n3")) && c.dRunsOn().size() == 1
                && !c.dRunsOn().contains("n1"));
        c.heal("n1");
        assertEquals(List.of(), c.overlaps(), "d ran on two nodes at once");
    }
}
