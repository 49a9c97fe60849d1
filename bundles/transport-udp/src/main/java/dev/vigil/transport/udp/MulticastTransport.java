package dev.vigil.transport.udp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.vigil.transport.Transport;

/**
 * A UDP multicast link: every node joins one group on one interface; each frame is sent once.
 * {@code etc/dev.vigil.transport.mcast-NAME.cfg}: {@code group}, {@code port}, {@code network.interface},
 * {@code ttl} (1 keeps frames on the local segment), {@code loopback} (so that nodes sharing a
 * host hear each other; a node drops its own frames).
 */
@Component(service = Transport.class, configurationPid = "dev.vigil.transport.mcast",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = MulticastTransport.Config.class, factory = true)
public final class MulticastTransport extends DatagramLink {

    @ObjectClassDefinition(name = "Vigil UDP multicast link")
    public @interface Config {
        String vigil_link();

        @AttributeDefinition(description = "IPv4 multicast group, e.g. 239.255.42.1")
        String group();

        int port();

        @AttributeDefinition(name = "Interface", description = "Network interface name, e.g. eth1")
        String network_interface();

        int ttl() default 1;

        boolean loopback() default true;
    }

    private final InetSocketAddress group;
    private final NetworkInterface nic;
    private final int ttl;
    private final boolean loopback;

    @Activate
    public MulticastTransport(Config config) throws SocketException {
        super(config.vigil_link());
        this.group = address(config.group(), config.port(), "group");
        if (!group.getAddress().isMulticastAddress()) {
            throw new IllegalArgumentException("link " + name + ": " + config.group() + " is not a multicast group");
        }
        this.nic = NetworkInterface.getByName(config.network_interface());
        if (nic == null) {
            throw new IllegalArgumentException("link " + name + ": no network interface " + config.network_interface());
        }
        if (config.ttl() < 0 || config.ttl() > 255) {
            throw new IllegalArgumentException("link " + name + ": ttl must be 0..255");
        }
        this.ttl = config.ttl();
        this.loopback = config.loopback();
    }

    @Override
    protected DatagramChannel openChannel() throws IOException {
        DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), group.getPort()));
            ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, nic);
            ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, ttl);
            ch.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, loopback);
            ch.join(group.getAddress(), nic);
            return ch;
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot join " + group + " on " + nic.getName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected List<InetSocketAddress> destinations() {
        return List.of(group);
    }

    @Override
    protected String describe() {
        return "multicast " + group + " on " + nic.getName() + ", ttl " + ttl;
    }

    @Override
    @Deactivate
    public void close() {
        super.close();
    }
}
