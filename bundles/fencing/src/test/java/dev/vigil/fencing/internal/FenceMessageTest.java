package dev.vigil.fencing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.vigil.fence.FenceAction;
import dev.vigil.fence.FenceEvent;

class FenceMessageTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static String text(FenceMessage m) {
        return new String(FenceMessage.encode(m), StandardCharsets.UTF_8);
    }

    private static String malformed(String text) {
        return assertThrows(IllegalArgumentException.class,
                () -> FenceMessage.decode(text.getBytes(StandardCharsets.UTF_8))).getMessage();
    }

    @Test
    void aRequestIsKeyValueLinesWithNewlinesAndBackslashesEscaped() {
        FenceMessage.Request r = new FenceMessage.Request("n1-a-1", "n1", FenceAction.REBOOT, "n1",
                "stop failed:\nexit 1 in C:\\db", Duration.ofMillis(2500));
        assertEquals("type=request\nid=n1-a-1\ntarget=n1\naction=reboot\norigin=n1\n"
                + "reason=stop failed:\\nexit 1 in C:\\\\db\ndelay-ms=2500\n", text(r));
        assertEquals(r, FenceMessage.decode(FenceMessage.encode(r)));
    }

    @Test
    void resultsAndHistoryCarryTheWholeEvent() {
        FenceEvent e = FenceEvent.of("n1-a-1", "n1", FenceAction.OFF, "n1", "n2", "f-ipmi", FenceEvent.State.SUCCEEDED,
                T0, T0.plusMillis(1200), "peer lost");
        FenceMessage.Result r = (FenceMessage.Result) FenceMessage.decode(FenceMessage.encode(
                new FenceMessage.Result("n1-a-1", e)));
        assertEquals("n1-a-1", r.request());
        assertEquals(e.toString(), r.event().toString());
        assertEquals(e.completed(), r.event().completed());
        assertEquals(e.requested(), r.event().requested());
        assertEquals(e.id(), ((FenceMessage.History) FenceMessage.decode(FenceMessage.encode(
                new FenceMessage.History(e)))).event().id());
    }

    @Test
    void unknownKeysAreIgnoredAndAMissingDelayIsNone() {
        FenceMessage m = FenceMessage.decode("type=request\nid=1\ntarget=n2\naction=off\nfuture-key=x\n"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(new FenceMessage.Request("1", "n2", FenceAction.OFF, "", "", Duration.ZERO), m);
    }

    @Test
    void malformedMessagesNameWhatIsWrong() {
        assertEquals("no 'type' line", malformed(""));
        assertEquals("line 2 is not key=value: 'oops'", malformed("type=request\noops\n"));
        assertEquals("unknown type 'hello'", malformed("type=hello\n"));
        assertEquals("no 'target' line", malformed("type=request\nid=1\naction=off\n"));
        assertEquals("delay-ms is not a number of milliseconds: soon",
                malformed("type=request\nid=1\ntarget=n2\naction=off\ndelay-ms=soon\n"));
        assertEquals("state must be pending, succeeded or failed, not 'done'",
                malformed("type=history\nid=1\ntarget=n2\naction=off\nstate=done\n"));
        assertEquals("requested is not an ISO-8601 instant: 'noon'", malformed("type=history\nid=1\ntarget=n2\n"
                + "action=off\nstate=failed\nrequested=noon\ncompleted=2026-01-01T00:00:00Z\n"));
        assertEquals("no 'request' line", malformed("type=result\nid=1\n"));
    }
}
