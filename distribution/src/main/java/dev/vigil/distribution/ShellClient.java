package dev.vigil.distribution;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs one Gogo command in a running node through its Unix-domain socket
 * ({@code var/run/vigil.sock}) and prints the answer: {@code bin/vigil shell vigil:status}.
 */
public final class ShellClient {
    private static final String EXIT_MARKER = "#vigil-exit=";

    /** The command's output and whether it succeeded. */
    public static final class Answer {
        public final String output;
        public final int exitCode;

        Answer(String output, int exitCode) {
            this.output = output;
            this.exitCode = exitCode;
        }
    }

    private ShellClient() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: ShellClient VIGIL_HOME COMMAND...");
            System.exit(2);
        }
        String command = String.join(" ", java.util.Arrays.copyOfRange(args, 1, args.length));
        try {
            Answer a = run(Path.of(args[0]), command);
            System.out.print(a.output);
            System.exit(a.exitCode);
        } catch (IOException e) {
            System.err.println("vigil: " + e.getMessage());
            System.exit(3);
        }
    }

    public static Answer run(Path home, String command) throws IOException {
        Path socket = home.resolve("var/run/vigil.sock");
        if (!Files.exists(socket)) {
            throw new IOException("no running node at " + home + " (no " + socket + ")");
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                throw new IOException("cannot reach the node at " + socket + ": " + e.getMessage(), e);
            }
            ch.write(ByteBuffer.wrap((command.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8)));
            InputStream in = Channels.newInputStream(ch);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int marker = text.lastIndexOf(EXIT_MARKER);
            if (marker < 0) {
                throw new IOException("the node closed the connection without an answer");
            }
            int exit = Integer.parseInt(text.substring(marker + EXIT_MARKER.length()).trim());
            return new Answer(text.substring(0, marker), exit);
        }
    }
}
