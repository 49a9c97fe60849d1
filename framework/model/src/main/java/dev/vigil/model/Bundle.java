package dev.vigil.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Pacemaker bundle (Pacemaker Explained, "Bundles"): {@code replicas} copies of a container
 * image, each replica made of implicit resources the cluster names itself, as lib/pengine/bundle.c
 * does: the container {@code ID-docker-i} (or {@code -podman-i}), with {@code ip-range-start} an
 * address {@code ID-ip-ADDR}, and when the bundle holds a primitive, the guest node {@code ID-i}
 * (its connection, of the same name, runs where the container runs) on which the primitive's
 * instance {@code CHILD:i} runs. The primitive is cloned as {@code ID-clone} ({@code ID-master}
 * when promotable), one instance per replica. {@link #expand} gives those resources; a
 * configuration keeps the bundle too, to apply the constraints naming it and to show it.
 */
public final class Bundle {
    /** Where Pacemaker keeps the key of its remote connections, mapped into every container. */
    static final String REMOTE_KEY = "/etc/pacemaker/authkey";
    /** The host folder under which each replica gets its own /var/log. */
    static final String LOG_DIR = "/var/log/pacemaker/bundles";
    static final String DEFAULT_CONTROL_PORT = "3121";

    /** A {@code <storage-mapping>}: a host path mounted into the containers. */
    public record Mount(String source, String target, String options, boolean perReplica) {
    }

    /** A {@code <port-mapping>}: a host port (or range) forwarded into the containers. */
    public record Port(String source, String target) {
    }

    private final String id;
    private final String agent;
    private final String image;
    private final int replicas;
    private final int replicasPerHost;
    private final int promotedMax;
    private final String runCommand;
    private final String options;
    private final String containerNetwork;
    private final String ipRangeStart;
    private final String hostNetmask;
    private final String hostInterface;
    private final String controlPort;
    private final boolean addHost;
    private final List<Port> ports;
    private final List<Mount> mounts;
    private final String child;

    private Bundle(Builder b) {
        this.id = Objects.requireNonNull(b.id);
        this.agent = Objects.requireNonNull(b.agent);
        this.image = b.image;
        this.promotedMax = Math.max(0, b.promotedMax);
        this.replicas = b.replicas != null ? Math.max(1, b.replicas) : promotedMax > 0 ? promotedMax : 1;
        this.replicasPerHost = b.controlPortOnly() ? 1 : Math.max(1, b.replicasPerHost);
        this.runCommand = b.runCommand;
        this.options = b.options;
        this.containerNetwork = b.containerNetwork;
        this.ipRangeStart = b.ipRangeStart;
        this.hostNetmask = b.hostNetmask;
        this.hostInterface = b.hostInterface;
        this.controlPort = b.controlPort;
        this.addHost = b.addHost;
        this.ports = List.copyOf(b.ports);
        this.mounts = List.copyOf(b.mounts);
        this.child = b.child;
    }

    public static Builder builder(String id, String agent) {
        return new Builder(id, agent);
    }

    public String id() {
        return id;
    }

    /** The container agent: {@code docker} or {@code podman}. */
    public String agent() {
        return agent;
    }

    public String image() {
        return image;
    }

    public int replicas() {
        return replicas;
    }

    public int replicasPerHost() {
        return replicasPerHost;
    }

    /** How many replicas may be promoted; 0: the bundled primitive is not promotable. */
    public int promotedMax() {
        return promotedMax;
    }

    /** The primitive the bundle runs inside its containers, if any. */
    public Optional<String> child() {
        return Optional.ofNullable(child);
    }

    /** Pacemaker manages what runs in the containers only with an address range or a control port. */
    public boolean hasNetwork() {
        return ipRangeStart != null || controlPort != null;
    }

    /** Does each replica have a guest node (a primitive inside and a way to reach it)? */
    public boolean hasGuestNodes() {
        return child != null && hasNetwork();
    }

    /** The clone of the bundled primitive: {@code ID-clone}, or {@code ID-master} when promotable. */
    public String cloneId() {
        return id + (promotedMax > 0 ? "-master" : "-clone");
    }

    public String containerId(int replica) {
        return sanitized(id + "-" + agent + "-" + replica);
    }

    /** The guest node of a replica, and the id of its connection resource. */
    public String nodeName(int replica) {
        return id + "-" + replica;
    }

    /** The address of a replica, counted on from ip-range-start, if the bundle has a range. */
    public Optional<String> address(int replica) {
        if (ipRangeStart == null) {
            return Optional.empty();
        }
        String ip = ipRangeStart;
        for (int i = 0; i < replica && ip != null; i++) {
            ip = nextAddress(ip);
        }
        return Optional.ofNullable(ip);
    }

    public Optional<String> ipId(int replica) {
        return address(replica).map(a -> sanitized(id + "-ip-" + a));
    }

    /** Is {@code node} one of this bundle's guest nodes? */
    public boolean ownsNode(String node) {
        if (!hasGuestNodes()) {
            return false;
        }
        for (int i = 0; i < replicas; i++) {
            if (nodeName(i).equals(node)) {
                return true;
            }
        }
        return false;
    }

    /** The replica whose container, address or connection is {@code resource}, or -1. */
    public int replicaOf(String resource) {
        for (int i = 0; i < replicas; i++) {
            if (containerId(i).equals(resource) || ipId(i).map(resource::equals).orElse(false)
                    || (hasGuestNodes() && nodeName(i).equals(resource))) {
                return i;
            }
        }
        return -1;
    }

    /** The next IPv4 address as lib/pengine/bundle.c counts: x.y.z.254 is followed by x.y.(z+1).1. */
    private static String nextAddress(String last) {
        String[] p = last.split("\\.");
        if (p.length != 4) {
            return null;
        }
        try {
            int o3 = Integer.parseInt(p[2]), o4 = Integer.parseInt(p[3]);
            if (o3 > 253) {
                return null;
            }
            if (o4 > 253) {
                o3++;
                o4 = 1;
            } else {
                o4++;
            }
            return p[0] + "." + p[1] + "." + o3 + "." + o4;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** An XML id as Pacemaker makes one from a name: characters an id may not hold become '.'. */
    private static String sanitized(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.';
            out.append(ok ? c : '.');
        }
        return out.toString();
    }

    /**
     * The container resource of {@code replica}, with the parameters Pacemaker gives it (so that the
     * digests it records match): image, run options built from the network, storage and port
     * mappings, the mount points made per replica, and the command to run.
     */
    public Resource container(int replica, Map<String, String> meta) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("image", image == null ? "" : image);
        params.put("allow_pull", "true");
        params.put("force_kill", "false");
        params.put("reuse", "false");
        StringBuilder run = new StringBuilder();
        if (agent.equals("docker")) {
            run.append(" --restart=no");
        }
        if (ipRangeStart != null) {
            run.append(" -h ").append(id).append('-').append(replica);
        }
        run.append(" -e PCMK_stderr=1");
        if (containerNetwork != null) {
            run.append(" --net=").append(containerNetwork);
        }
        run.append(" -e PCMK_remote_port=").append(controlPort != null ? controlPort : DEFAULT_CONTROL_PORT);
        List<String> perReplica = new ArrayList<>();
        for (Mount m : allMounts()) {
            String source = m.source();
            if (m.perReplica()) {
                source = m.source() + "/" + id + "-" + replica;
                perReplica.add(source);
            }
            run.append(" -v ").append(source).append(':').append(m.target());
            if (m.options() != null) {
                run.append(':').append(m.options());
            }
        }
        Optional<String> address = address(replica);
        for (Port p : allPorts()) {
            if (address.isPresent()) {
                run.append(" -p ").append(address.get()).append(':').append(p.source()).append(':').append(p.target());
            } else if (!"host".equals(containerNetwork)) {
                run.append(" -p ").append(p.source()).append(':').append(p.target());
            }
        }
        if (options != null) {
            run.append(' ').append(options);
        }
        run.append(' ').append(hostOptions());
        params.put("run_opts", run.toString());
        params.put("mount_points", String.join(",", perReplica));
        if (hasGuestNodes()) {
            params.put("run_cmd", runCommand != null ? runCommand : "/usr/sbin/pacemaker-remoted");
        } else if (runCommand != null) {
            params.put("run_cmd", runCommand);
        }
        params.put("monitor_cmd", "/bin/true");
        Map<String, String> m = new LinkedHashMap<>(meta);
        if (hasGuestNodes()) {
            m.put("remote-node", nodeName(replica));
            m.put("remote-addr", address.orElse("#uname"));
            m.put("remote-port", controlPort != null ? controlPort : DEFAULT_CONTROL_PORT);
        }
        return Resource.of(containerId(replica), "ocf", "heartbeat", agent, params, m,
                List.of(Operation.of("monitor", Duration.ofSeconds(60), Duration.ofSeconds(20)).withDefaultTimeout()));
    }

    /** The address resource of {@code replica} (IPaddr2), if the bundle has an address range. */
    public Optional<Resource> ip(int replica, Map<String, String> meta) {
        return address(replica).map(a -> {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("ip", a);
            if (hostInterface != null) {
                params.put("nic", hostInterface);
            }
            params.put("cidr_netmask", hostNetmask != null ? hostNetmask : "32");
            return Resource.of(ipId(replica).orElseThrow(), "ocf", "heartbeat", "IPaddr2", params, meta,
                    List.of(Operation.of("monitor", Duration.ofSeconds(60), Duration.ofSeconds(20))
                            .withDefaultTimeout()));
        });
    }

    /**
     * The host-name options every container gets, naming every replica's address
     * ({@code --add-host=ID-i:ADDR}, or {@code --hosts-entry=} without add-host); empty without
     * addresses (Pacemaker still appends the space before them, and it is part of the digest).
     */
    private String hostOptions() {
        if (ipRangeStart == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < replicas; i++) {
            Optional<String> a = address(i);
            if (a.isEmpty()) {
                break;
            }
            if (addHost) {
                out.append(" --add-host=").append(id).append('-').append(i).append(':').append(a.get());
            } else {
                out.append(" --hosts-entry=").append(a.get()).append('=').append(id).append('-').append(i);
            }
        }
        return out.toString();
    }

    /** The configured mounts, plus, with a primitive inside, the remote key and a /var/log per replica. */
    private List<Mount> allMounts() {
        List<Mount> all = new ArrayList<>(mounts);
        if (child != null && hasNetwork()) {
            all.add(new Mount(REMOTE_KEY, REMOTE_KEY, null, false));
            if (mounts.stream().noneMatch(m -> m.target().equals("/var/log"))) {
                all.add(new Mount(LOG_DIR, "/var/log", null, true));
            }
        }
        return all;
    }

    /** The configured port mappings, plus, with a primitive inside, the control port. */
    private List<Port> allPorts() {
        List<Port> all = new ArrayList<>(ports);
        if (child != null && hasNetwork()) {
            String port = controlPort != null ? controlPort : DEFAULT_CONTROL_PORT;
            all.add(new Port(port, port));
        }
        return all;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bundle b && id.equals(b.id) && agent.equals(b.agent) && Objects.equals(image, b.image)
                && replicas == b.replicas && replicasPerHost == b.replicasPerHost && promotedMax == b.promotedMax
                && Objects.equals(runCommand, b.runCommand) && Objects.equals(options, b.options)
                && Objects.equals(containerNetwork, b.containerNetwork) && Objects.equals(ipRangeStart, b.ipRangeStart)
                && Objects.equals(hostNetmask, b.hostNetmask) && Objects.equals(hostInterface, b.hostInterface)
                && Objects.equals(controlPort, b.controlPort) && addHost == b.addHost && ports.equals(b.ports)
                && mounts.equals(b.mounts) && Objects.equals(child, b.child);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, agent, image, replicas, child);
    }

    /** What a {@code <bundle>} element says, gathered before the bundle is made. */
    public static final class Builder {
        private final String id;
        private final String agent;
        private String image;
        private Integer replicas;
        private int replicasPerHost = 1;
        private int promotedMax;
        private String runCommand;
        private String options;
        private String containerNetwork;
        private String ipRangeStart;
        private String hostNetmask;
        private String hostInterface;
        private String controlPort;
        private boolean addHost = true;
        private final List<Port> ports = new ArrayList<>();
        private final List<Mount> mounts = new ArrayList<>();
        private String child;

        private Builder(String id, String agent) {
            this.id = id;
            this.agent = agent;
        }

        private boolean controlPortOnly() {
            return ipRangeStart == null && controlPort != null;
        }

        public Builder image(String v) {
            image = v;
            return this;
        }

        /** @param v the count configured, or null (then promoted-max, or 1) */
        public Builder replicas(Integer v) {
            replicas = v;
            return this;
        }

        public Builder replicasPerHost(int v) {
            replicasPerHost = v;
            return this;
        }

        public Builder promotedMax(int v) {
            promotedMax = v;
            return this;
        }

        public Builder runCommand(String v) {
            runCommand = v;
            return this;
        }

        public Builder options(String v) {
            options = v;
            return this;
        }

        public Builder containerNetwork(String v) {
            containerNetwork = v;
            return this;
        }

        public Builder network(String rangeStart, String netmask, String hostInterface, String controlPort,
                boolean addHost) {
            this.ipRangeStart = rangeStart;
            this.hostNetmask = netmask;
            this.hostInterface = hostInterface;
            this.controlPort = controlPort;
            this.addHost = addHost;
            return this;
        }

        public Builder port(Port p) {
            ports.add(p);
            return this;
        }

        public Builder mount(Mount m) {
            mounts.add(m);
            return this;
        }

        public Builder child(String primitive) {
            child = primitive;
            return this;
        }

        public Bundle build() {
            return new Bundle(this);
        }
    }
}
