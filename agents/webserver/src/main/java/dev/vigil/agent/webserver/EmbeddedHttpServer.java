package dev.vigil.agent.webserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A tiny HTTP/1.0 server inside the node's JVM that answers every GET with the node's name:
 * the demo's service, so that a client can see which node serves it.
 */
final class EmbeddedHttpServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddedHttpServer.class.getName());

    private final ServerSocket socket;
    private final String body;
    private final ExecutorService handlers;

    EmbeddedHttpServer(InetSocketAddress address, String body) throws IOException {
        this.body = body;
        this.socket = new ServerSocket();
        socket.setReuseAddress(true);
        try {
            socket.bind(address, 128);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
        this.handlers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "vigil-http-" + address.getPort());
            t.setDaemon(true);
            return t;
        });
        Thread acceptor = new Thread(this::acceptLoop, "vigil-http-accept-" + address.getPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    boolean isOpen() {
        return !socket.isClosed();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                handlers.execute(() -> answer(s));
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.log(Level.FINE, "accept failed", e);
                }
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return;
            }
        }
    }

    private void answer(Socket s) {
        try (s) {
            s.setSoTimeout(2000);
            InputStream in = s.getInputStream();
            readRequestHead(in);
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.0 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                    + content.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
        } catch (SocketTimeoutException e) {
            LOG.fine("client sent no request in time");
        } catch (IOException e) {
            LOG.log(Level.FINE, "answer failed", e);
        }
    }

    /** Reads up to the blank line that ends the request head (or 8 KiB). */
    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0, total = 0, b;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4 && total < 8192 && (b = in.read()) != -1) {
            total++;
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "close failed", e);
        }
        handlers.shutdownNow();
    }
}
