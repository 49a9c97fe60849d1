package dev.vigil.fencing.internal;

import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dev.vigil.agent.ResourceAgent;
import dev.vigil.fence.FenceDevice;

/**
 * For every installed fence device type, a resource agent {@code stonith:<type>} for the
 * executor (see {@link StonithResourceAgent}); it comes and goes with the device type.
 */
@Component(immediate = true)
public final class StonithResourceAgents {
    private final BundleContext context;
    private final Map<FenceDevice, ServiceRegistration<ResourceAgent>> registrations = new ConcurrentHashMap<>();

    @Activate
    public StonithResourceAgents(BundleContext context) {
        this.context = context;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDevice(FenceDevice device, Map<String, Object> props) {
        Object type = props.get(FenceDevice.TYPE_PROPERTY);
        if (type == null || context == null) {
            return;
        }
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(ResourceAgent.TYPE_PROPERTY, StonithResourceAgent.CLASS_PREFIX + type);
        registrations.put(device, context.registerService(ResourceAgent.class,
                new StonithResourceAgent(type.toString(), device), p));
    }

    void removeDevice(FenceDevice device, Map<String, Object> props) {
        ServiceRegistration<ResourceAgent> r = registrations.remove(device);
        if (r != null) {
            unregister(r);
        }
    }

    private static void unregister(ServiceRegistration<ResourceAgent> r) {
        try {
            r.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
    }

    @Deactivate
    void deactivate() {
        registrations.values().forEach(StonithResourceAgents::unregister);
        registrations.clear();
    }
}
