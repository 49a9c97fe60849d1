package dev.vigil.testkit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Linux network namespace made by a test (root only), for real addresses, links and packets
 * that never leave the machine. {@link #close()} deletes it with everything in it.
 */
public final class NetworkNamespace implements AutoCloseable {
    private final String name;

    private NetworkNamespace(String name) {
        this.name = name;
    }

    /** Makes the namespace, with its loopback up. */
    public static NetworkNamespace create(String name) throws IOException, InterruptedException {
        ipOutside("netns", "add", name);
        NetworkNamespace ns = new NetworkNamespace(name);
        ns.ip("link", "set", "lo", "up");
        return ns;
    }

    /** Whether this process may make namespaces. */
    public static boolean available() {
        return "root".equals(System.getProperty("user.name"));
    }

    public String name() {
        return name;
    }

    /** Runs {@code ip -n NAME ARGS...} and returns its output; a failure is an IOException with it. */
    public String ip(String... args) throws IOException, InterruptedException {
        List<String> a = new ArrayList<>(List.of("-n", name));
        a.addAll(List.of(args));
        return ipOutside(a.toArray(new String[0]));
    }

    /** The prefix that runs a command inside: {@code ip netns exec NAME}. */
    public List<String> exec() {
        return List.of("ip", "netns", "exec", name);
    }

    /** Runs a command inside (e.g. {@code tc qdisc ...}) and returns its output; a failure is an IOException with it. */
    public String run(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(exec());
        cmd.addAll(List.of(command));
        return run(cmd);
    }

    /** Runs {@code ip ARGS...} in the test's own namespace (to make links between namespaces). */
    public static String ipOutside(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
        }
        return out;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        ipOutside("netns", "del", name);
    }
}
