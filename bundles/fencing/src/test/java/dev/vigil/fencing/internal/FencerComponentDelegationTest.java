package dev.vigil.fencing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vigil.fence.FenceAction;
import dev.vigil.fence.FenceEvent;

/**
 * Two real {@link FencerComponent}s (their own thread pools and journals) over the membership
 * twin: the component delegates its own node's reboot and shares the history. No device is
 * configured (no cluster configuration service is bound), so the executor's answer is its own
 * "no fence device" failure: what matters here is who ran it and that both nodes know.
 */
class FencerComponentDelegationTest {
    @TempDir
    Path home;
    private String savedHome;
    private FencerComponent n1;
    private FencerComponent n2;

    private static FencerComponent.Config config() {
        return new FencerComponent.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return FencerComponent.Config.class;
            }

            @Override
            public String monitor_interval() {
                return "0s";
            }
        };
    }

    @BeforeEach
    void start() throws Exception {
        savedHome = System.getProperty("vigil.home");
        System.setProperty("vigil.home", home.toString());
        TwinNetwork net = new TwinNetwork(true);
        n1 = new FencerComponent(config(), net.join("n1"));
        n2 = new FencerComponent(config(), net.join("n2"));
    }

    @AfterEach
    void stop() throws Exception {
        n1.deactivate();
        n2.deactivate();
        if (savedHome == null) {
            System.clearProperty("vigil.home");
        } else {
            System.setProperty("vigil.home", savedHome);
        }
    }

    @Test
    void theComponentAsksTheOtherNodeToRebootItsOwnNodeAndBothKnowTheOutcome() throws Exception {
        FenceEvent e = n1.fence("n1", FenceAction.REBOOT, "n1", "stop of db failed", Duration.ZERO)
                .toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertEquals("n2", e.executor(), e.toString());
        assertEquals(FenceEvent.State.FAILED, e.state());
        assertTrue(e.reason().startsWith("no fence device can fence n1"), "n2's own answer: " + e.reason());
        assertEquals(List.of(e.id()), n1.history().stream().map(FenceEvent::id).toList());
        assertEquals(List.of(e.id()), n2.history().stream().map(FenceEvent::id).toList(),
                "n2 completed it, then told every member");
        String journal = Files.readString(home.resolve("var/fencing.log"));
        assertTrue(journal.contains("fence: reboot of n1 delegated to n2"), journal);
        assertTrue(journal.contains("fence: reboot of n1 run here for n1"), journal);
    }
}
