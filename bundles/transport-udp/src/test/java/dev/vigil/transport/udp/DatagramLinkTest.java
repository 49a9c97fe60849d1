package dev.vigil.transport.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class DatagramLinkTest {
    /** A unicast link on a fixed port of 127.0.0.1. */
    private static final class Link extends DatagramLink {
        final InetSocketAddress bind;

        Link(InetSocketAddress bind) {
            super("link0");
            this.bind = bind;
        }

        @Override
        protected DatagramChannel openChannel() throws IOException {
            return DatagramChannel.open().bind(bind);
        }

        @Override
        protected List<InetSocketAddress> destinations() {
            return List.of();
        }

        @Override
        protected String describe() {
            return "test link on " + bind;
        }
    }

    @Test
    void aPortStillHeldWhenTheLinkOpensIsTakenOnceItIsFreed() throws Exception {
        DatagramChannel holder = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        InetSocketAddress port = (InetSocketAddress) holder.getLocalAddress();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        Link link = new Link(port);
        link.open((name, frame) -> received.add(StandardCharsets.UTF_8.decode(frame).toString()));
        holder.close(); // e.g. the link's previous socket, closed as a reconfiguration reopens it
        try (DatagramChannel sender = DatagramChannel.open()) {
            String got = null;
            for (int i = 0; i < 50 && got == null; i++) { // send until the link has bound the port
                sender.send(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)), port);
                got = received.poll(100, TimeUnit.MILLISECONDS);
            }
            assertEquals("hello", got, "the link retried and now receives on its port");
        } finally {
            link.close();
        }
    }
}
