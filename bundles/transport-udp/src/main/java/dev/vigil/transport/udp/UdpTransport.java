package dev.vigil.transport.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.vigil.transport.FrameSink;
import dev.vigil.transport.Transport;

/**
 * A UDP unicast link: one socket bound to a local address, every frame sent to each listed
 * peer. One factory configuration per link: {@code etc/dev.vigil.transport.udp-NAME.cfg}.
 */
@Component(service = Transport.class, configurationPid = "dev.vigil.transport.udp",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = UdpTransport.Config.class, factory = true)
public final class UdpTransport implements Transport {
    private static final Logger LOG = Logger.getLogger(UdpTransport.class.getName());
    private static final int MAX_DATAGRAM = 65_507;

    @ObjectClassDefinition(name = "Vigil UDP link")
    public @interface Config {
        @AttributeDefinition(name = "Link name", description = "Unique on the node; shown by vigil:links")
        String vigil_link();

        @AttributeDefinition(name = "Bind address")
        String bind_address() default "0.0.0.0";

        @AttributeDefinition(name = "Bind port")
        int bind_port();

        @AttributeDefinition(name = "Peers", description = "host:port of every other node, comma-separated")
        String peers();
    }

    private final String name;
    private final InetSocketAddress bind;
    private final List<InetSocketAddress> peers;
    private volatile DatagramChannel channel;

    @Activate
    public UdpTransport(Config config) {
        this.name = config.vigil_link();
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("UDP link configuration lacks vigil.link (the link's name)");
        }
        this.peers = parsePeers(config.peers());
        this.bind = new InetSocketAddress(config.bind_address(), config.bind_port());
        if (bind.isUnresolved()) {
            throw new IllegalArgumentException("link " + name + ": cannot resolve bind.address " + config.bind_address());
        }
    }

    static List<InetSocketAddress> parsePeers(String text) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String p : text.split(",")) {
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
            out.add(new InetSocketAddress(s.substring(0, colon), port));
        }
        return out;
    }

    @Override
    public String linkName() {
        return name;
    }

    @Override
    public synchronized void open(FrameSink sink) {
        if (channel != null) {
            return;
        }
        DatagramChannel ch = null;
        try {
            ch = DatagramChannel.open(StandardProtocolFamily.INET);
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            ch.bind(bind);
        } catch (IOException e) {
            closeQuietly(ch);
            LOG.severe(() -> "link " + name + ": cannot bind " + bind + ": " + e.getMessage());
            return;
        }
        channel = ch;
        DatagramChannel bound = ch;
        Thread t = new Thread(() -> receive(bound, sink), "vigil-udp-" + name);
        t.setDaemon(true);
        t.start();
        LOG.info(() -> "link " + name + " bound to " + bind + ", peers " + peers);
    }

    private void receive(DatagramChannel channel, FrameSink sink) {
        ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM);
        while (channel.isOpen()) {
            try {
                buf.clear();
                channel.receive(buf);
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
        DatagramChannel channel = this.channel;
        if (channel == null) {
            return;
        }
        for (InetSocketAddress peer : peers) {
            try {
                channel.send(frame.duplicate(), peer);
            } catch (SocketException e) {
                LOG.log(Level.FINE, "link " + name + ": send to " + peer + " failed", e);
            } catch (IOException e) {
                LOG.log(Level.FINE, "link " + name + ": send to " + peer + " failed", e);
            }
        }
    }

    @Override
    @Deactivate
    public synchronized void close() {
        closeQuietly(channel);
        channel = null;
    }

    private static void closeQuietly(DatagramChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "close", e);
            }
        }
    }
}
