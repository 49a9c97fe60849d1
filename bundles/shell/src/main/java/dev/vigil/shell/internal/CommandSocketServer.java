package dev.vigil.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Lets {@code bin/vigil shell CMD} run a Gogo command in the running node without a terminal
 * and without any network listener: a Unix-domain socket in {@code var/run/}, a directory only
 * its owner may enter. One command a connection: the client sends one line, the server answers
 * with the command's output followed by a last line {@code #vigil-exit=N} (0 ok, 1 failed).
 */
@Component(immediate = true)
public final class CommandSocketServer {
    static final String EXIT_MARKER = "#vigil-exit=";
    private static final Logger LOG = Logger.getLogger(CommandSocketServer.class.getName());

    private final CommandProcessor processor;
    private final Path socketPath;
    private final ServerSocketChannel server;

    @Activate
    public CommandSocketServer(@Reference CommandProcessor processor) throws IOException {
        this.processor = processor;
        Path runDir = Path.of(System.getProperty("vigil.home", ".")).resolve("var/run");
        Files.createDirectories(runDir);
        Files.setPosixFilePermissions(runDir, PosixFilePermissions.fromString("rwx------"));
        this.socketPath = runDir.resolve("vigil.sock");
        Files.deleteIfExists(socketPath);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socketPath));
        Thread t = new Thread(this::acceptLoop, "vigil-command-socket");
        t.setDaemon(true);
        t.start();
        LOG.info(() -> "commands accepted on " + socketPath);
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                Thread t = new Thread(() -> serve(client), "vigil-command");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.log(Level.WARNING, "command socket accept failed", e);
                }
            }
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            String line = readLine(Channels.newInputStream(client));
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            int exit = execute(line, buffer);
            String text = buffer.toString(StandardCharsets.UTF_8);
            if (!text.isEmpty() && !text.endsWith("\n")) {
                text += "\n";
            }
            client.write(ByteBuffer.wrap((text + EXIT_MARKER + exit + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            LOG.log(Level.FINE, "command client went away", e);
        }
    }

    private int execute(String line, ByteArrayOutputStream buffer) {
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        CommandSession session = processor.createSession(InputStream.nullInputStream(), out, out);
        try {
            Object result = session.execute(line);
            if (result != null) {
                out.println(session.format(result, Converter.INSPECT));
            }
            return 0;
        } catch (Exception e) {
            out.println("Error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        } finally {
            session.close();
            out.flush();
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (line.size() > 65536) {
                throw new IOException("command line too long");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8).trim();
    }

    @Deactivate
    void deactivate() throws IOException {
        server.close();
        Files.deleteIfExists(socketPath);
    }
}
