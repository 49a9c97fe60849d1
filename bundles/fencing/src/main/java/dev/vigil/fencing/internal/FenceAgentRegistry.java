package dev.vigil.fencing.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.vigil.fence.FenceDevice;

/**
 * Publishes every installed {@code fence_*} agent as a {@link FenceDevice} of its own type (one
 * service per agent, as the OCF bridge does for resource agents): status then shows a device
 * whose agent is not installed as such, and an agent's metadata is read only when first used.
 * Configuration {@code dev.vigil.fencing.agents} (optional): {@code agent.dir}.
 */
@Component(immediate = true, configurationPid = "dev.vigil.fencing.agents")
@Designate(ocd = FenceAgentRegistry.Config.class)
public final class FenceAgentRegistry {
    private static final Logger LOG = Logger.getLogger(FenceAgentRegistry.class.getName());

    @ObjectClassDefinition(name = "Vigil fence agents")
    public @interface Config {
        @AttributeDefinition(name = "Agent directory", description = "Where the fence_* agents are")
        String agent_dir() default "/usr/sbin";
    }

    private final List<ServiceRegistration<FenceDevice>> registrations = new ArrayList<>();

    @Activate
    public FenceAgentRegistry(BundleContext context, Config config) throws IOException {
        List<ExecFenceAgent> agents = scan(Path.of(config.agent_dir()));
        for (ExecFenceAgent a : agents) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(FenceDevice.TYPE_PROPERTY, a.type());
            registrations.add(context.registerService(FenceDevice.class, a, props));
        }
        LOG.info(() -> agents.size() + " fence agents found in " + config.agent_dir());
    }

    /** Every executable {@code fence_*} file in the directory, sorted by name. */
    static List<ExecFenceAgent> scan(Path dir) throws IOException {
        List<ExecFenceAgent> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            LOG.warning(() -> "no fence agents: " + dir + " is not a directory");
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().startsWith("fence_") && Files.isRegularFile(p)
                    && Files.isExecutable(p)).sorted().forEach(p -> out.add(new ExecFenceAgent(p)));
        }
        return out;
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<FenceDevice> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        registrations.clear();
    }
}
