package dev.vigil.agent.ocf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vigil.testkit.NetworkNamespace;

/**
 * Debian's own {@code ocf-tester} drives Debian's scripts through the bridge: every action it
 * tries goes through {@link OcfScriptAgent} as the executor would send it (see
 * {@link BridgeCommandLine}), and its meta-data is the bridge's parsed metadata written back.
 * ocf-tester runs as root, so its check that uid nobody can read the agent runs too: the bridge
 * and its classpath are copied to a world-readable directory.
 */
class OcfTesterTest {
    private static final Path OCF_TESTER = Path.of("/usr/sbin/ocf-tester");
    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/ocf");

    @TempDir
    static Path shared;

    private static Path classpath;

    @BeforeAll
    static void publishTheBridge() throws Exception {
        assertTrue(Files.isExecutable(OCF_TESTER), "ocf-tester is missing: install resource-agents");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        classpath = Files.createDirectories(shared.resolve("cp"));
        for (Class<?> c : List.of(BridgeCommandLine.class, OcfScriptAgent.class, dev.vigil.agent.AgentAction.class,
                dev.vigil.agent.support.ProcessRunner.class, org.apache.commons.exec.Executor.class)) {
            copyReadable(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()));
        }
    }

    private static void copyReadable(Path source) throws IOException {
        Path target = classpath.resolve(source.getFileName().toString().endsWith(".jar") ? source.getFileName().toString()
                : "dir-" + Math.abs(source.hashCode()));
        if (Files.exists(target)) {
            return;
        }
        try (Stream<Path> all = Files.walk(source)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path t = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.setPosixFilePermissions(t, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x"
                        : "rw-r--r--"));
            }
        }
    }

    /** An executable that is the bridge running {@code heartbeat/TYPE}, for ocf-tester to call. */
    private static Path bridgeScript(String type) throws IOException, URISyntaxException {
        List<String> entries = new ArrayList<>();
        try (Stream<Path> s = Files.list(classpath)) {
            s.sorted().forEach(p -> entries.add(p.toString()));
        }
        Path script = shared.resolve("bridge-" + type);
        Files.writeString(script, "#!/bin/sh\nexec " + Path.of(System.getProperty("java.home"), "bin", "java")
                + " -XX:TieredStopAtLevel=1 -Xshare:auto -cp " + String.join(":", entries) + " "
                + BridgeCommandLine.class.getName() + " " + DEBIAN_ROOT + " heartbeat " + type + " \"$1\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static String ocfTester(List<String> prefix, String type, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(OCF_TESTER.toString());
        cmd.addAll(List.of("-n", "rsc-" + type.toLowerCase()));
        for (String o : options) {
            cmd.addAll(List.of("-o", o));
        }
        cmd.add(bridgeScript(type).toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Path state = Files.createDirectories(shared.resolve("state-" + type));
        pb.environment().put("VIGIL_BRIDGE_STATE", state.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "ocf-tester finished");
        assertEquals(0, p.exitValue(), "ocf-tester on the bridge to heartbeat/" + type + ":\n" + out);
        assertTrue(out.contains("passed all tests"), out);
        return out;
    }

    @Test
    void dummyPassesOcfTesterThroughTheBridge() throws Exception {
        ocfTester(List.of(), "Dummy", "state=" + shared.resolve("Dummy.state"));
    }

    @Test
    void statefulPassesOcfTesterWithItsPromoteDemoteCycle() throws Exception {
        String out = ocfTester(List.of(), "Stateful");
        assertTrue(!out.contains("does not support promotable clones"), "promote and demote were tested:\n" + out);
    }

    @Test
    void nginxPassesOcfTesterThroughTheBridge() throws Exception {
        assertTrue(Files.isExecutable(Path.of("/usr/sbin/nginx")), "nginx is missing: install nginx");
        Path dir = Files.createDirectories(shared.resolve("nginx"));
        int port = freePort();
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, "worker_processes 1;\npid " + dir.resolve("nginx.pid") + ";\nerror_log "
                + dir.resolve("error.log") + ";\nevents { worker_connections 64; }\nhttp {\n  access_log off;\n"
                + "  server { listen 127.0.0.1:" + port + "; location / { return 200 \"ok\\n\"; }\n"
                + "    location /nginx_status { stub_status; } }\n}\n");
        // No httpd=/usr/sbin/nginx option: the script's last-resort "pkill -f nginx.*CONFIG" would
        // match ocf-tester's own command line and kill it.
        try {
            ocfTester(List.of(), "nginx", "configfile=" + conf, "status10url=http://127.0.0.1:" + port
                    + "/nginx_status");
        } finally {
            // ocf-tester's last call is reload, which the script answers by starting nginx again.
            Path pid = dir.resolve("nginx.pid");
            if (Files.exists(pid)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(ProcessHandle::destroy);
            }
        }
    }

    @Test
    void ipaddr2PassesOcfTesterInANetworkNamespace() throws Exception {
        assertTrue(NetworkNamespace.available(), "IPaddr2 needs root to make a network namespace");
        try (NetworkNamespace ns = NetworkNamespace.create("vigil-ocft-" + ProcessHandle.current().pid())) {
            ns.ip("link", "add", "v0", "type", "veth", "peer", "name", "v1");
            ns.ip("addr", "add", "10.77.0.1/24", "dev", "v0");
            ns.ip("link", "set", "v0", "up");
            ns.ip("link", "set", "v1", "up");
            ocfTester(ns.exec(), "IPaddr2", "ip=10.77.0.50", "cidr_netmask=24", "nic=v0");
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
