package dev.vigil.config.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import dev.vigil.cluster.ClusterConfigService;
import dev.vigil.cluster.Membership;
import dev.vigil.cluster.MembershipView;
import dev.vigil.cluster.Registration;
import dev.vigil.model.ClusterConfig;
import dev.vigil.model.ConfigException;
import dev.vigil.model.ConfigReader;
import dev.vigil.model.ConfigWriter;

/**
 * The replicated cluster configuration. At start it reads the last replicated version from
 * {@code var/cluster.conf}, or the operator's {@code etc/cluster.conf}. Every change bumps the
 * version and goes to every member; on every membership change each node offers its version,
 * and every node keeps the highest (equal versions with different content: the one from the
 * node whose name sorts first, so all converge).
 */
@Component(service = ClusterConfigService.class, immediate = true)
public final class ConfigComponent implements ClusterConfigService {
    static final String TOPIC = "config.sync";
    private static final Logger LOG = Logger.getLogger(ConfigComponent.class.getName());

    private final Membership membership;
    private final Path replicated;
    private final List<Consumer<ClusterConfig>> listeners = new CopyOnWriteArrayList<>();
    private final List<Registration> registrations;
    private ClusterConfig current;
    private String currentSource;
    private MembershipView lastView;

    @Activate
    public ConfigComponent(@Reference Membership membership) {
        this.membership = membership;
        Path home = Path.of(System.getProperty("vigil.home", "."));
        this.replicated = home.resolve("var/cluster.conf");
        this.current = load(replicated, home.resolve("etc/cluster.conf"));
        this.currentSource = membership.localNode();
        this.registrations = List.of(membership.subscribe(TOPIC, this::onSync), membership.subscribe(this::onView));
    }

    private static ClusterConfig load(Path replicated, Path initial) {
        for (Path p : List.of(replicated, initial)) {
            if (!Files.exists(p)) {
                continue;
            }
            try {
                ClusterConfig c = new ConfigReader(p.toString()).read(Files.readString(p));
                LOG.info(() -> "configuration version " + c.version() + " read from " + p);
                return c;
            } catch (ConfigException e) {
                LOG.severe(() -> "refused configuration " + e.getMessage());
            } catch (IOException e) {
                LOG.severe(() -> "cannot read " + p + ": " + e);
            }
        }
        LOG.warning("no usable configuration; starting with an empty one");
        return ClusterConfig.empty();
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(Registration::close);
    }

    @Override
    public synchronized ClusterConfig current() {
        return current;
    }

    @Override
    public ClusterConfig update(UnaryOperator<ClusterConfig> change) {
        ClusterConfig next;
        synchronized (this) {
            ClusterConfig changed = change.apply(current).withVersion(current.version() + 1);
            String text = ConfigWriter.write(changed);
            next = new ConfigReader("change").read(text); // what cannot be read back is refused
            adopt(next, membership.localNode());
        }
        membership.broadcast(TOPIC, ConfigWriter.write(next).getBytes(StandardCharsets.UTF_8));
        return next;
    }

    @Override
    public Registration subscribe(Consumer<ClusterConfig> listener) {
        listeners.add(listener);
        listener.accept(current());
        return () -> listeners.remove(listener);
    }

    private void onSync(String from, byte[] payload) {
        ClusterConfig offered;
        try {
            offered = new ConfigReader("configuration from " + from).read(new String(payload, StandardCharsets.UTF_8));
        } catch (ConfigException e) {
            LOG.warning(() -> "refused " + e.getMessage());
            return;
        }
        synchronized (this) {
            boolean newer = offered.version() > current.version();
            boolean tieWins = offered.version() == current.version() && !offered.equals(current)
                    && from.compareTo(currentSource) < 0;
            if (newer || tieWins) {
                adopt(offered, from);
            }
        }
    }

    private void onView(MembershipView view) {
        MembershipView before = lastView;
        lastView = view;
        if (before == null || !before.members().equals(view.members())
                || !before.incarnations().equals(view.incarnations())) {
            membership.broadcast(TOPIC, ConfigWriter.write(current()).getBytes(StandardCharsets.UTF_8));
        }
    }

    private void adopt(ClusterConfig next, String source) {
        current = next;
        currentSource = source;
        LOG.info(() -> "configuration version " + next.version() + " from " + source);
        persist(next);
        for (Consumer<ClusterConfig> l : listeners) {
            try {
                l.accept(next);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "configuration listener failed", e);
            }
        }
    }

    private void persist(ClusterConfig c) {
        try {
            Files.createDirectories(replicated.getParent());
            Path tmp = replicated.resolveSibling("cluster.conf.tmp");
            Files.writeString(tmp, ConfigWriter.write(c));
            Files.move(tmp, replicated, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot save the configuration to " + replicated, e);
        }
    }
}
