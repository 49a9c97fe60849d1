package dev.vigil.distribution;

import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;

import dev.vigil.heartbeat.FrameCodec;
import dev.vigil.heartbeat.FrameType;
import dev.vigil.heartbeat.KeyRing;
import dev.vigil.heartbeat.Payloads;

/**
 * Heartbeat bandwidth per node over UDP unicast: the real codec's frame size for a cluster of
 * N nodes named nodeK, plus 28 bytes of IPv4 and UDP headers, sent to N-1 peers every keepalive.
 *
 * <pre>HeartbeatBandwidth [NODES...]</pre>
 */
public final class HeartbeatBandwidth {
    private HeartbeatBandwidth() {
    }

    public static void main(String[] args) {
        FrameCodec codec = new FrameCodec("vigil", KeyRing.parse(LocalCluster.randomKey()));
        int[] sizes = args.length == 0 ? new int[] {3, 8, 32} : java.util.Arrays.stream(args)
                .mapToInt(Integer::parseInt).toArray();
        for (int n : sizes) {
            SortedSet<String> members = new TreeSet<>();
            java.util.List<Payloads.Echo> echoes = new java.util.ArrayList<>();
            for (int i = 1; i <= n; i++) {
                members.add("node" + i);
                if (i > 1) {
                    echoes.add(new Payloads.Echo("node" + i, 1L, 1000L, 50, true));
                }
            }
            int frame = codec.encode(FrameType.HEARTBEAT, "node1", 1L, 1L, Payloads.heartbeat(new Payloads.Heartbeat(7,
                    "node1", members, Payloads.Heartbeat.AGREED, 1000, 500, 0, 1, echoes))).remaining();
            int wire = frame + 28;
            for (int keepaliveMs : new int[] {100, 200}) {
                System.out.printf(Locale.ROOT, "%2d nodes, keepalive %3d ms: frame %d B (%d B on the wire), "
                        + "%d B/s sent per node to %d peers%n", n, keepaliveMs, frame, wire,
                        (long) wire * (n - 1) * (1000 / keepaliveMs), n - 1);
            }
        }
    }
}
