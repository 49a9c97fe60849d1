package dev.vigil.transport.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.vigil.transport.FrameSink;
import dev.vigil.transport.Transport;

/**
 * What every UDP link shares: a channel opened when membership opens the link, one receiver
 * thread, best-effort sends to the link's destinations. Subclasses say how the channel is
 * bound (unicast, multicast group, broadcast) and where frames go.
 */
abstract class DatagramLink implements Transport {
    private static final Logger LOG = Logger.getLogger(DatagramLink.class.getName());
    private static final int MAX_DATAGRAM = 65_507;

    protected final String name;
    private static final java.time.Duration RETRY = java.time.Duration.ofMillis(200);
    private volatile DatagramChannel channel;
    private boolean opening;
    private boolean closed;

    DatagramLink(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("link configuration lacks vigil.link (the link's name)");
        }
        this.name = name;
    }

    /** A bound, configured channel. */
    protected abstract DatagramChannel openChannel() throws IOException;

    /** Where each frame is sent. */
    protected abstract List<InetSocketAddress> destinations();

    /** For the log: what this link is. */
    protected abstract String describe();

    @Override
    public String linkName() {
        return name;
    }

    @Override
    public synchronized void open(FrameSink sink) {
        if (channel != null || opening) {
            return;
        }
        closed = false;
        if (!tryOpen(sink, true)) {
            // The port may still be held by this link's previous socket (a reconfiguration closes
            // it as the new one opens) or by another process: retry until it is free or closed.
            opening = true;
            Thread retry = new Thread(() -> retryOpen(sink), "vigil-udp-open-" + name);
            retry.setDaemon(true);
            retry.start();
        }
    }

    private synchronized boolean tryOpen(FrameSink sink, boolean first) {
        if (closed || channel != null) {
            return true; // closed meanwhile, or opened by a later open(): this attempt is over
        }
        DatagramChannel ch;
        try {
            ch = openChannel();
        } catch (IOException | RuntimeException e) {
            if (first) {
                LOG.severe(() -> "link " + name + " (" + describe() + "): cannot open: " + e.getMessage()
                        + "; retrying every " + RETRY.toMillis() + " ms");
            }
            return false;
        }
        channel = ch;
        opening = false;
        Thread t = new Thread(() -> receive(ch, sink), "vigil-udp-" + name);
        t.setDaemon(true);
        t.start();
        LOG.info(() -> "link " + name + " open: " + describe());
        return true;
    }

    private void retryOpen(FrameSink sink) {
        try {
            do {
                Thread.sleep(RETRY.toMillis()); // a timer, not a wait for an event: the port has none
            } while (!tryOpen(sink, false));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void receive(DatagramChannel ch, FrameSink sink) {
        ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM);
        while (ch.isOpen()) {
            try {
                buf.clear();
                ch.receive(buf);
                buf.flip();
                sink.onFrame(name, buf);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.log(Level.FINE, "link " + name + " receive failed", e);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "link " + name + ": frame handler failed", e);
            }
        }
    }

    @Override
    public void send(ByteBuffer frame) {
        DatagramChannel ch = channel;
        if (ch == null) {
            return;
        }
        for (InetSocketAddress to : destinations()) {
            try {
                ch.send(frame.duplicate(), to);
            } catch (IOException e) {
                LOG.log(Level.FINE, "link " + name + ": send to " + to + " failed", e);
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        opening = false;
        DatagramChannel ch = channel;
        channel = null;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "close", e);
            }
        }
    }

    static InetSocketAddress address(String host, int port, String what) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " port " + port + " is out of range");
        }
        InetSocketAddress a = new InetSocketAddress(host, port);
        if (a.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve " + what + " " + host);
        }
        return a;
    }

    static List<InetSocketAddress> parsePeers(String text) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String p : text == null ? new String[0] : text.split(",")) {
            String s = p.trim();
            if (s.isEmpty()) {
                continue;
            }
            int colon = s.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("peer '" + s + "' is not host:port");
            }
            int port;
            try {
                port = Integer.parseInt(s.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("peer '" + s + "' has a bad port");
            }
            out.add(address(s.substring(0, colon), port, "peer"));
        }
        return out;
    }
}
