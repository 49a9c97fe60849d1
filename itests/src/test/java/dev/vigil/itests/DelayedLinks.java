package dev.vigil.itests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.vigil.distribution.LocalCluster;

/**
 * A UDP relay in the test process on every link of a {@link LocalCluster}: each node sends to
 * one relay socket per peer, which passes every datagram on to that peer after the sending
 * node's current delay (none at first). A delay longer than deadtime makes a node's frames,
 * heartbeats and messages alike, arrive late but intact and in order, as {@code tc netem
 * delay} on its interface would (this machine's kernel has no netem). Receivers take a frame's
 * sender from the signed frame, not from the datagram's source, so relayed frames are the
 * node's own; replies go straight to the node.
 */
final class DelayedLinks implements AutoCloseable {
    private static final int MAX_DATAGRAM = 65_507;

    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    /** One thread, so datagrams due at the same time leave in the order they came. */
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "delayed-links");
        t.setDaemon(true);
        return t;
    });
    private final List<DatagramChannel> channels = new ArrayList<>();

    private DelayedLinks() {
    }

    /** Routes every node's UDP link through relays; call before the nodes start. */
    static DelayedLinks install(LocalCluster cluster) throws IOException {
        DelayedLinks links = new DelayedLinks();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (String node : cluster.nodes()) {
            links.delays.put(node, Duration.ZERO);
            List<String> relays = new ArrayList<>();
            for (String peer : cluster.nodes()) {
                if (!peer.equals(node)) {
                    InetSocketAddress to = new InetSocketAddress(loopback, cluster.udpPort(peer));
                    relays.add("127.0.0.1:" + links.relay(node, to));
                }
            }
            Files.writeString(cluster.home(node).resolve("etc/dev.vigil.transport.udp-link0.cfg"), String.join("\n",
                    "vigil.link=link0", "bind.address=127.0.0.1", "bind.port=" + cluster.udpPort(node),
                    "peers=" + String.join(",", relays), ""));
        }
        return links;
    }

    /** Opens a relay socket for what {@code from} sends to {@code to}; returns its port. */
    private int relay(String from, InetSocketAddress to) throws IOException {
        DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        channels.add(ch);
        Thread t = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM);
            while (ch.isOpen()) {
                try {
                    buf.clear();
                    ch.receive(buf);
                    buf.flip();
                    ByteBuffer copy = ByteBuffer.allocate(buf.remaining()).put(buf).flip();
                    sender.schedule(() -> forward(ch, copy, to), delays.get(from).toNanos(), TimeUnit.NANOSECONDS);
                } catch (ClosedChannelException e) {
                    return;
                } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
                    // a datagram lost on the way, as on a real network
                }
            }
        }, "delayed-link-" + from + "-" + to.getPort());
        t.setDaemon(true);
        t.start();
        return ((InetSocketAddress) ch.getLocalAddress()).getPort();
    }

    private static void forward(DatagramChannel ch, ByteBuffer datagram, InetSocketAddress to) {
        try {
            ch.send(datagram, to);
        } catch (IOException e) {
            // lost, as on a real network
        }
    }

    /** From now on, what {@code node} sends arrives {@code delay} later (already queued datagrams keep theirs). */
    void delay(String node, Duration delay) {
        delays.put(node, delay);
    }

    @Override
    public void close() throws IOException {
        sender.shutdownNow();
        for (DatagramChannel ch : channels) {
            ch.close();
        }
    }
}
