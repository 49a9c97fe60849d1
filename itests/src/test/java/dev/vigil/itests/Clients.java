package dev.vigil.itests;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;

import dev.vigil.distribution.HttpProbe;

/** What the cluster tests do as a client of the service. */
final class Clients {
    private Clients() {
    }

    static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Polls until the service answers from a node other than {@code notFrom}; null on timeout. */
    static String awaitAnswer(InetSocketAddress service, String notFrom, Duration timeout)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            String body = HttpProbe.get(service, Duration.ofMillis(200));
            if (body != null && !body.equals(notFrom)) {
                return body;
            }
            Thread.sleep(10);
        }
        return null;
    }
}
