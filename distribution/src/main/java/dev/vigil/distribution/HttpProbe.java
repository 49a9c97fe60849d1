package dev.vigil.distribution;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** What a client of the service sees: one HTTP GET, the body of a 200 answer or null. */
public final class HttpProbe {
    private HttpProbe() {
    }

    public static String get(InetSocketAddress address, Duration timeout) {
        try (Socket s = new Socket()) {
            s.connect(address, (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            s.getOutputStream().write("GET / HTTP/1.0\r\nHost: client\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!answer.startsWith("HTTP/1.0 200") && !answer.startsWith("HTTP/1.1 200")) {
                return null;
            }
            int body = answer.indexOf("\r\n\r\n");
            return body < 0 ? null : answer.substring(body + 4).trim();
        } catch (IOException e) {
            return null;
        }
    }
}
