package dev.vigil.agent.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Network probes for monitors: does a TCP port accept, what HTTP status does a URL answer. */
public final class Probes {
    private Probes() {
    }

    /** True if a TCP connection to the address opens within the timeout. */
    public static boolean tcpOpen(InetSocketAddress address, Duration timeout) {
        try (Socket s = new Socket()) {
            s.connect(address, (int) timeout.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The status code of an HTTP/1.0 GET of an {@code http://} URL, reading no more than the
     * status line. An answer that is not HTTP is an IOException saying what came back.
     */
    public static int httpStatus(URI url, Duration timeout) throws IOException {
        if (!"http".equals(url.getScheme()) || url.getHost() == null) {
            throw new IOException("'" + url + "' is not an http:// URL with a host");
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(url.getHost(), url.getPort() < 0 ? 80 : url.getPort()),
                    (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            s.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: " + url.getHost() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            if (!head.startsWith("HTTP/1.") || head.length() < 12) {
                throw new IOException("not an HTTP answer: '" + head.replaceAll("[^\\x20-\\x7E]", "?") + "'");
            }
            try {
                return Integer.parseInt(head.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP status: '" + head + "'");
            }
        }
    }
}
