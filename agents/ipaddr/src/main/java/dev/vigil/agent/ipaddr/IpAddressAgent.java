package dev.vigil.agent.ipaddr;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import dev.vigil.agent.AgentMetadata;
import dev.vigil.agent.AgentRequest;
import dev.vigil.agent.AgentResult;
import dev.vigil.agent.OcfStatus;
import dev.vigil.agent.ResourceAgent;
import dev.vigil.agent.support.Configured;
import dev.vigil.agent.support.ProcessResult;
import dev.vigil.agent.support.ProcessRunner;

/**
 * A service address that moves with its resource: {@code ip addr add} on start, then
 * gratuitous ARP so that neighbours update their caches at once ({@code arping -U}); {@code ip
 * addr del} on stop; monitor checks the address is on the interface.
 */
@Component(property = ResourceAgent.TYPE_PROPERTY + "=ipaddr")
public final class IpAddressAgent implements ResourceAgent {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final AgentMetadata METADATA = AgentMetadata.of("ipaddr", "1.0",
            "A virtual IPv4 address on an interface, announced with gratuitous ARP",
            List.of(AgentMetadata.Parameter.of("ip", "string", null, true, "The address, e.g. 192.168.1.100"),
                    AgentMetadata.Parameter.of("cidr_netmask", "integer", "24", false, "Prefix length"),
                    AgentMetadata.Parameter.of("nic", "string", null, true, "Interface, e.g. eth0"),
                    AgentMetadata.Parameter.of("arp_count", "integer", "5", false,
                            "Gratuitous ARP packets sent at start (0: none)"),
                    AgentMetadata.Parameter.of("arp_interval", "integer", "200", false,
                            "Milliseconds between them")),
            AgentMetadata.Action.startStopMonitor(Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(10)));

    private static final Logger LOG = Logger.getLogger(IpAddressAgent.class.getName());
    private final ProcessRunner runner = new ProcessRunner();
    private final ScheduledExecutorService announcer = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "vigil-ipaddr-arp");
        t.setDaemon(true);
        return t;
    });
    private final List<String> prefix;

    public IpAddressAgent() {
        this(List.of());
    }

    /** Runs every command under a prefix, e.g. {@code ip netns exec NS} (tests use a namespace). */
    IpAddressAgent(List<String> prefix) {
        this.prefix = List.copyOf(prefix);
    }

    /** The checked parameters of one request. */
    private static final class Address {
        final String ip;
        final int prefix;
        final String nic;
        final int arpCount;
        final int arpIntervalMs;

        Address(Map<String, String> p) {
            ip = require(p, "ip");
            try {
                InetAddress a = InetAddress.getByName(ip);
                if (!(a instanceof java.net.Inet4Address) || !a.getHostAddress().equals(ip)) {
                    throw new IllegalArgumentException("ip '" + ip + "' is not an IPv4 address");
                }
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("ip '" + ip + "' is not an IPv4 address");
            }
            prefix = integer(p, "cidr_netmask", "24", 1, 32);
            nic = require(p, "nic");
            if (!nic.matches("[A-Za-z0-9_.:@-]{1,15}")) {
                throw new IllegalArgumentException("nic '" + nic + "' is not an interface name");
            }
            arpCount = integer(p, "arp_count", "5", 0, 100);
            arpIntervalMs = integer(p, "arp_interval", "200", 10, 10_000);
        }

        private static String require(Map<String, String> p, String name) {
            String v = p.get(name);
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException("parameter '" + name + "' is required");
            }
            return v.trim();
        }

        private static int integer(Map<String, String> p, String name, String fallback, int min, int max) {
            String v = p.getOrDefault(name, fallback);
            try {
                int n = Integer.parseInt(v.trim());
                if (n < min || n > max) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " '" + v + "' must be a whole number from " + min + " to "
                        + max);
            }
        }
    }

    @Override
    public AgentMetadata metadata() {
        return METADATA;
    }

    @Override
    public AgentResult validate(AgentRequest request) {
        return withAddress(request, a -> run(List.of("ip", "link", "show", "dev", a.nic)).exitCode() == 0
                ? AgentResult.ok() : AgentResult.of(OcfStatus.ERR_CONFIGURED, "no interface " + a.nic));
    }

    @Override
    public AgentResult start(AgentRequest request) {
        AgentResult valid = validate(request);
        if (valid.status() != OcfStatus.OK) {
            return valid;
        }
        Address a = new Address(request.parameters());
        try {
            if (!present(a)) {
                ProcessResult add = run(List.of("ip", "addr", "add", a.ip + "/" + a.prefix, "dev", a.nic));
                if (add.exitCode() != 0) {
                    return AgentResult.of(OcfStatus.ERR_GENERIC, "ip addr add failed: " + add.stderr().strip());
                }
            }
            return announce(a);
        } catch (IOException e) {
            return AgentResult.of(OcfStatus.ERR_INSTALLED, e.getMessage());
        }
    }

    /**
     * Gratuitous ARP, so that neighbours learn at once that the address moved here: arp_count
     * single unsolicited packets, arp_interval apart, the first at once. Each arping lingers
     * about a second after sending (and this arping takes whole seconds only), so each packet
     * is its own arping, launched on schedule in the background; start does not wait for them.
     */
    private AgentResult announce(Address a) {
        List<String> cmd = List.of("arping", "-U", "-c", "1", "-I", a.nic, "-s", a.ip, a.ip);
        for (int i = 0; i < a.arpCount; i++) {
            announcer.schedule(() -> {
                try {
                    ProcessResult r = run(cmd);
                    // 1 means nobody answered, which is what unsolicited ARP expects.
                    if (r.exitCode() > 1) {
                        LOG.warning(() -> "arping for " + a.ip + " on " + a.nic + " failed: " + r.stderr().strip());
                    }
                } catch (IOException e) {
                    LOG.warning(() -> "cannot announce " + a.ip + ": " + e.getMessage());
                }
            }, (long) i * a.arpIntervalMs, TimeUnit.MILLISECONDS);
        }
        return AgentResult.ok();
    }

    @Deactivate
    void deactivate() {
        announcer.shutdownNow();
    }

    /** A step that may run commands. */
    private interface Step {
        AgentResult run(Address a) throws IOException;
    }

    /** Checks the parameters, then runs the step; bad parameters and missing tools get their own codes. */
    private static AgentResult withAddress(AgentRequest request, Step step) {
        return Configured.run(request, r -> new Address(r.parameters()), a -> {
            try {
                return step.run(a);
            } catch (IOException e) {
                return AgentResult.of(OcfStatus.ERR_INSTALLED, e.getMessage());
            }
        });
    }

    @Override
    public AgentResult stop(AgentRequest request) {
        return withAddress(request, a -> {
            if (present(a)) {
                ProcessResult del = run(List.of("ip", "addr", "del", a.ip + "/" + a.prefix, "dev", a.nic));
                if (del.exitCode() != 0 && present(a)) {
                    return AgentResult.of(OcfStatus.ERR_GENERIC, "ip addr del failed: " + del.stderr().strip());
                }
            }
            return AgentResult.ok();
        });
    }

    @Override
    public AgentResult monitor(AgentRequest request) {
        return withAddress(request, a -> present(a) ? AgentResult.ok() : AgentResult.notRunning());
    }

    private boolean present(Address a) throws IOException {
        ProcessResult r = run(List.of("ip", "-o", "-4", "addr", "show", "dev", a.nic));
        if (r.exitCode() != 0) {
            return false;
        }
        for (String line : r.stdout().split("\n")) {
            if (line.contains(" inet " + a.ip + "/")) {
                return true;
            }
        }
        return false;
    }

    private ProcessResult run(List<String> command) throws IOException {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        try {
            ProcessResult r = runner.run(full, Map.of(), COMMAND_TIMEOUT, null);
            if (r.timedOut()) {
                throw new IOException(command.get(0) + " did not finish within " + COMMAND_TIMEOUT.toSeconds() + " s");
            }
            if (r.exitCode() == 127) {
                throw new IOException(command.get(0) + " is not installed");
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }
}
