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
 * A UDP unicast link: one socket bound to a local address, every frame sent to each listed
 * peer. One factory configuration per link: {@code etc/dev.vigil.transport.udp-NAME.cfg}.
 */
@Component(service = Transport.class, configurationPid = "dev.vigil.transport.udp",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = UdpTransport.Config.class, factory = true)
public final class UdpTransport extends DatagramLink {

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

    private final InetSocketAddress bind;
    private final List<InetSocketAddress> peers;

    @Activate
    public UdpTransport(Config config) {
        super(config.vigil_link());
        this.peers = parsePeers(config.peers());
        this.bind = address(config.bind_address(), config.bind_port(), "bind.address");
    }

    @Override
    protected DatagramChannel openChannel() throws IOException {
        DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            ch.bind(bind);
            return ch;
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot bind " + bind + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected List<InetSocketAddress> destinations() {
        return peers;
    }

    @Override
    protected String describe() {
        return "unicast from " + bind + " to " + peers;
    }

    @Override
    @Deactivate
    public void close() {
        super.close();
    }
}
