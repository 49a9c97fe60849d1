package dev.vigil.agent.ocf;

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

import dev.vigil.agent.ResourceAgent;
import dev.vigil.agent.support.ProcessRunner;

/**
 * Publishes every OCF script under the OCF root as a resource agent of type
 * {@code ocf:PROVIDER:TYPE}, so that the real {@code resource-agents} of a distribution run
 * unchanged. Configuration {@code dev.vigil.agent.ocf} (optional): {@code ocf.root}.
 */
@Component(immediate = true, configurationPid = "dev.vigil.agent.ocf")
@Designate(ocd = OcfAgentRegistry.Config.class)
public final class OcfAgentRegistry {
    private static final Logger LOG = Logger.getLogger(OcfAgentRegistry.class.getName());

    @ObjectClassDefinition(name = "Vigil OCF agents")
    public @interface Config {
        @AttributeDefinition(name = "OCF root", description = "Holds resource.d/PROVIDER/TYPE scripts")
        String ocf_root() default "/usr/lib/ocf";
    }

    private final List<ServiceRegistration<ResourceAgent>> registrations = new ArrayList<>();

    @Activate
    public OcfAgentRegistry(BundleContext context, Config config) throws IOException {
        Path root = Path.of(config.ocf_root());
        List<OcfScriptAgent> agents = scan(root, new ProcessRunner());
        for (OcfScriptAgent a : agents) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(ResourceAgent.TYPE_PROPERTY, a.spec());
            registrations.add(context.registerService(ResourceAgent.class, a, props));
        }
        LOG.info(() -> agents.size() + " OCF agents found under " + root);
    }

    /** Every executable file at resource.d/PROVIDER/TYPE under the root, sorted. */
    static List<OcfScriptAgent> scan(Path root, ProcessRunner runner) throws IOException {
        List<OcfScriptAgent> out = new ArrayList<>();
        Path dir = root.resolve("resource.d");
        if (!Files.isDirectory(dir)) {
            LOG.warning(() -> "no OCF agents: " + dir + " is not a directory");
            return out;
        }
        try (Stream<Path> providers = Files.list(dir)) {
            for (Path provider : providers.filter(Files::isDirectory).sorted().toArray(Path[]::new)) {
                try (Stream<Path> types = Files.list(provider)) {
                    types.filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).sorted()
                            .forEach(p -> out.add(new OcfScriptAgent(root, provider.getFileName().toString(),
                                    p.getFileName().toString(), runner)));
                }
            }
        }
        return out;
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<ResourceAgent> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        registrations.clear();
    }
}
