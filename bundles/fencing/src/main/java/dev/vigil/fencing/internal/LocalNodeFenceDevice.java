package dev.vigil.fencing.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Component;

import dev.vigil.fence.FenceAction;
import dev.vigil.fence.FenceDevice;
import dev.vigil.fence.FenceDeviceMetadata;
import dev.vigil.fence.FenceRequest;
import dev.vigil.fence.FenceResult;

/**
 * {@code fence_vigil_local}: the power switch of nodes that run on this machine (local and test
 * clusters). "Off" kills with SIGKILL every process of the node: those whose environment has
 * {@code VIGIL_HOME=<the node's home>} (the node's JVM and everything its agents started) and,
 * when the node runs in a network namespace, every process in it, whose links are then taken
 * down so that none of its addresses answers. Status is off once no such process remains.
 * "On" does nothing (whoever runs the test cluster starts nodes again).
 *
 * <p>Parameters: {@code homes="n1:/path/n1;n2:/path/n2"} (or the node's home as its
 * {@code pcmk_host_map} port), {@code namespaces="n1:ns1;n2:ns2"} (optional), {@code ip} (the
 * ip command, default {@code ip}).
 */
@Component(service = FenceDevice.class, property = FenceDevice.TYPE_PROPERTY + "=" + LocalNodeFenceDevice.TYPE)
public final class LocalNodeFenceDevice implements FenceDevice {
    public static final String TYPE = "fence_vigil_local";
    private static final Duration POLL = Duration.ofMillis(20);

    private final Path proc;

    public LocalNodeFenceDevice() {
        this(Path.of("/proc"));
    }

    LocalNodeFenceDevice(Path proc) {
        this.proc = proc;
    }

    @Override
    public FenceDeviceMetadata metadata() {
        return FenceDeviceMetadata.of(TYPE, "Powers off a node running on this machine: kills its processes "
                + "(VIGIL_HOME) and everything in its network namespace, and takes the namespace's links down",
                List.of(FenceDeviceMetadata.Parameter.of("homes", false, "node:home-directory;... (or the home as "
                        + "the pcmk_host_map port)"),
                        FenceDeviceMetadata.Parameter.of("namespaces", false, "node:network-namespace;..."),
                        FenceDeviceMetadata.Parameter.of("ip", false, "The ip command (default ip)")),
                Set.of(FenceAction.OFF, FenceAction.ON, FenceAction.REBOOT, FenceAction.STATUS,
                        FenceAction.MONITOR, FenceAction.LIST));
    }

    @Override
    public FenceResult execute(FenceRequest request) {
        try {
            switch (request.action()) {
                case MONITOR:
                    return Files.isDirectory(proc) ? FenceResult.of(FenceResult.Status.OK, "")
                            : FenceResult.of(FenceResult.Status.FAILED, proc + " is not readable");
                case LIST:
                    return FenceResult.listed(new ArrayList<>(DeviceSettings.hostMap(
                            request.parameters().get("homes")).keySet()));
                case ON:
                    return FenceResult.of(FenceResult.Status.OK, "nothing to do: nodes are started by whoever runs them");
                default:
                    break;
            }
            Node node = node(request);
            if (request.action() == FenceAction.STATUS) {
                Set<Long> left = processes(node, request);
                return left.isEmpty() ? FenceResult.of(FenceResult.Status.OFF, "no process of " + node.name + " runs")
                        : FenceResult.of(FenceResult.Status.OK, left.size() + " processes of " + node.name + " run");
            }
            return powerOff(node, request);
        } catch (IllegalArgumentException e) {
            return FenceResult.of(FenceResult.Status.ERROR, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FenceResult.of(FenceResult.Status.ERROR, "interrupted");
        }
    }

    /** The node's home and namespace, from the request's parameters. */
    private record Node(String name, String home, String namespace) {
    }

    private static Node node(FenceRequest request) {
        String name = request.target() == null ? request.port() : request.target();
        if (name == null) {
            throw new IllegalArgumentException(TYPE + " " + request.agentAction() + " needs a target node");
        }
        Map<String, String> homes = DeviceSettings.hostMap(request.parameters().get("homes"));
        String home = homes.get(name.toLowerCase(Locale.ROOT));
        if (home == null && request.port() != null && request.port().startsWith("/")) {
            home = request.port();
        }
        String ns = DeviceSettings.hostMap(request.parameters().get("namespaces")).get(name.toLowerCase(Locale.ROOT));
        if (home == null && ns == null) {
            throw new IllegalArgumentException(TYPE + " does not know " + name
                    + ": give its home in homes=\"" + name + ":/path\" (or as its pcmk_host_map port) "
                    + "or its network namespace in namespaces=\"" + name + ":NS\"");
        }
        return new Node(name, home == null ? null : Path.of(home).normalize().toString(), ns);
    }

    private FenceResult powerOff(Node node, FenceRequest request) throws InterruptedException {
        long deadline = System.nanoTime() + request.timeout().toNanos();
        int killed = 0;
        Set<Long> targets = processes(node, request);
        for (long pid : targets) {
            if (ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false)) {
                killed++;
            }
        }
        if (node.namespace != null) {
            String down = linksDown(node.namespace, ip(request), request.timeout());
            if (!down.isEmpty()) {
                return FenceResult.of(FenceResult.Status.FAILED, down);
            }
        }
        // Off means gone: wait for every process signalled to have exited, not only until none
        // is found by its environment (a process tearing down after SIGKILL may no longer show
        // one, yet it has not exited; a power switch's "off" is not a moment before that).
        Set<Long> signalled = new TreeSet<>(targets);
        Set<Long> left = remaining(node, request, signalled);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            signalled.addAll(left);
            Thread.sleep(POLL.toMillis());
            left = remaining(node, request, signalled);
        }
        if (!left.isEmpty()) {
            return FenceResult.of(FenceResult.Status.TIMEOUT, left.size() + " processes of " + node.name
                    + " still run after SIGKILL: " + left);
        }
        return FenceResult.of(FenceResult.Status.OK, "killed " + killed + " processes of " + node.name
                + (node.namespace == null ? "" : "; links of " + node.namespace + " down"));
    }

    /** The node's live processes, and those already signalled that have not exited yet. */
    private Set<Long> remaining(Node node, FenceRequest request, Set<Long> signalled) throws InterruptedException {
        Set<Long> out = processes(node, request);
        for (long pid : signalled) {
            if (alive(pid)) {
                out.add(pid);
            }
        }
        return out;
    }

    /** The node's live processes: by VIGIL_HOME in their environment, and those in its namespace. */
    private Set<Long> processes(Node node, FenceRequest request) throws InterruptedException {
        Set<Long> out = new TreeSet<>();
        long self = ProcessHandle.current().pid();
        if (node.home != null) {
            byte[] wanted = ("VIGIL_HOME=" + node.home).getBytes(StandardCharsets.UTF_8);
            byte[] wantedSlash = ("VIGIL_HOME=" + node.home + "/").getBytes(StandardCharsets.UTF_8);
            try (Stream<Path> entries = Files.list(proc)) {
                for (Path p : (Iterable<Path>) entries::iterator) {
                    String name = p.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    long pid = Long.parseLong(name);
                    if (pid != self && hasEntry(p.resolve("environ"), wanted, wantedSlash) && alive(pid)) {
                        out.add(pid);
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + proc + ": " + e.getMessage());
            }
        }
        if (node.namespace != null) {
            AgentProcess.Outcome o = runIp(List.of(ip(request), "netns", "pids", node.namespace), request.timeout());
            if (o.exitCode() == 0) {
                for (String line : o.stdout().split("\n")) {
                    if (line.strip().matches("\\d+") && Long.parseLong(line.strip()) != self
                            && alive(Long.parseLong(line.strip()))) {
                        out.add(Long.parseLong(line.strip()));
                    }
                }
            }
        }
        return out;
    }

    /** A zombie has exited: it holds nothing and cannot be killed again. */
    private boolean alive(long pid) {
        try {
            String stat = Files.readString(proc.resolve(Long.toString(pid)).resolve("stat"));
            int close = stat.lastIndexOf(')');
            return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean hasEntry(Path environ, byte[] wanted, byte[] wantedSlash) {
        byte[] env;
        try {
            env = Files.readAllBytes(environ);
        } catch (IOException e) {
            return false; // gone, or not ours to read
        }
        int start = 0;
        for (int i = 0; i <= env.length; i++) {
            if (i == env.length || env[i] == 0) {
                int len = i - start;
                if (equalsAt(env, start, len, wanted) || equalsAt(env, start, len, wantedSlash)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    private static boolean equalsAt(byte[] env, int start, int len, byte[] wanted) {
        if (len != wanted.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (env[start + i] != wanted[i]) {
                return false;
            }
        }
        return true;
    }

    /** Every link of the namespace down; returns why not, or empty. */
    private static String linksDown(String ns, String ip, Duration timeout) throws InterruptedException {
        AgentProcess.Outcome links = runIp(List.of(ip, "-n", ns, "-o", "link", "show"), timeout);
        if (links.exitCode() != 0) {
            return "cannot list the links of namespace " + ns + ": " + links.stderr().strip();
        }
        for (String line : links.stdout().split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length < 3) {
                continue;
            }
            String dev = f[1].strip().replaceFirst("@.*$", "");
            AgentProcess.Outcome down = runIp(List.of(ip, "-n", ns, "link", "set", "dev", dev, "down"), timeout);
            if (down.exitCode() != 0) {
                return "cannot take " + dev + " in namespace " + ns + " down: " + down.stderr().strip();
            }
        }
        return "";
    }

    private static String ip(FenceRequest request) {
        return request.parameters().getOrDefault("ip", "ip");
    }

    private static AgentProcess.Outcome runIp(List<String> command, Duration timeout) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).start();
            p.getOutputStream().close();
            if (!p.waitFor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new AgentProcess.Outcome(-1, "", String.join(" ", command) + " timed out", true);
            }
            return new AgentProcess.Outcome(p.exitValue(), new String(p.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8), false);
        } catch (IOException e) {
            return new AgentProcess.Outcome(-1, "", "cannot run " + command.get(0) + ": " + e.getMessage(), false);
        }
    }
}
