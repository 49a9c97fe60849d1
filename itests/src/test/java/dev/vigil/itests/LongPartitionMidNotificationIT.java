package dev.vigil.itests;

import static dev.vigil.itests.NotifyingCluster.SETTLE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A long partition in the middle of a clone's notifications, no fencing configured: n1 and n2
 * run the clone (n1 also the primitive d); n3 joins, and while the pre-notifications of its
 * instance's start are held on n1 and n2, one node's link is taken down both ways until both
 * sides have seen each other lost; the majority settles, and the link comes back. d never runs
 * on two nodes at once (state files sampled every 10 ms), the three nodes converge on one view,
 * the clone ends on all three and the start that the partition interrupted is announced again:
 * no transition stays stuck on a notification that was cut off. (The same with the notification
 * still hanging on the cut-off node when its lease runs out: {@link SelfStopBehindHungNotifyIT}.)
 */
class LongPartitionMidNotificationIT {
    private NotifyingCluster c;

    @AfterEach
    void stop() throws Exception {
        if (c != null) {
            c.close();
        }
    }

    @Test
    void aNodeCutOffDuringItsPreNotificationRejoinsAndTheCloneConverges() throws Exception {
        c = NotifyingCluster.startWithN3AnnouncedAndHeld("vigil-notify-partition-it");
        int cutAt = c.logged();
        c.releaseHold(); // at the cut: n1's notification ends there at once, nobody hears of it
        c.cutOffUntilBothSidesSeeItLost("n1");

        await().atMost(SETTLE).until(() -> c.cloneRunsOn().equals(Set.of("n2", "n3")) && c.dRunsOn().size() == 1
                && !c.dRunsOn().contains("n1"));
        c.awaitOneView(List.of("n2", "n3"));
        c.heal("n1");
        await().atMost(SETTLE).until(() -> c.toldAfter(cutAt, "n1").containsAll(Set.of("n2", "n3")));
        assertEquals(List.of(), c.overlaps(), "d ran on two nodes at once");
    }

    @Test
    void theNodeWhoseStartIsAnnouncedCutOffDuringThePreNotificationsStartsOnceItRejoins() throws Exception {
        c = NotifyingCluster.startWithN3AnnouncedAndHeld("vigil-notify-partition-it");
        c.cutOffUntilBothSidesSeeItLost("n3");
        int cutAt = c.logged();
        c.releaseHold();

        // The majority keeps what runs; n3, alone, starts nothing.
        c.awaitOneView(List.of("n1", "n2"));
        await().atMost(SETTLE).until(() -> c.cloneRunsOn().equals(Set.of("n1", "n2"))
                && c.dRunsOn().equals(Set.of("n1")));
        c.heal("n3");
        await().atMost(SETTLE).until(() -> c.toldAfter(cutAt, "n3").containsAll(Set.of("n1", "n2")));
        assertEquals(Set.of("n1"), c.dRunsOn(), "d did not move");
        assertEquals(List.of(), c.overlaps(), "d ran on two nodes at once");
    }
}
