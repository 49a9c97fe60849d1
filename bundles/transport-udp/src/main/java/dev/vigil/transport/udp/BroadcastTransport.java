package dev.vigil.transport.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
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
 * A UDP broadcast link, as Heartbeat's {@code bcast}: each frame is sent once to the segment's
 * broadcast address. {@code etc/dev.vigil.transport.bcast-NAME.cfg}: {@code broadcast.address},
 * {@code port}.
 */
@Component(service = Transport.class, configurationPid = "dev.vigil.transport.bcast",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = BroadcastTransport.Config.class, factory = true)
public final class BroadcastTransport extends DatagramLink {

    @ObjectClassDefinition(name = "Vigil UDP broadcast link")
    public @interface Config {
        String vigil_link();

        @AttributeDefinition(description = "The segment's broadcast address, e.g. 192.168.1.255")
        String broadcast_address();

        int port();
    }

    private final InetSocketAddress destination;

    @Activate
    public BroadcastTransport(Config config) {
        super(config.vigil_link());
        this.destination = address(config.broadcast_address(), config.port(), "broadcast.address");
    }

    @Override
    protected DatagramChannel openChannel() throws IOException {
        DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.setOption(StandardSocketOptions.SO_BROADCAST, true);
            ch.bind(new InetSocketAddress(destination.getPort()));
            return ch;
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot bind port " + destination.getPort() + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected List<InetSocketAddress> destinations() {
        return List.of(destination);
    }

    @Override
    protected String describe() {
        return "broadcast to " + destination;
    }

    @Override
    @Deactivate
    public void close() {
        super.close();
    }
}
