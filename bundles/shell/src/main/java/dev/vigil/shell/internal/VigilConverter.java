package dev.vigil.shell.internal;

import java.util.List;

import org.apache.felix.service.command.Converter;
import org.osgi.service.component.annotations.Component;

import dev.vigil.cluster.LinkStatus;
import dev.vigil.fence.FenceEvent;

/** Formats Vigil's command results for Gogo. */
@Component(service = Converter.class, property = "osgi.converter.classes=dev.vigil.shell.internal.StatusView")
public final class VigilConverter implements Converter {

    @Override
    public Object convert(Class<?> desiredType, Object in) {
        return null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public CharSequence format(Object target, int level, Converter escape) {
        if (target instanceof StatusView) {
            return StatusFormatter.format((StatusView) target);
        }
        if (target instanceof FenceEvent) {
            return StatusFormatter.format((FenceEvent) target);
        }
        if (target instanceof FenceHistory) {
            return StatusFormatter.format((FenceHistory) target);
        }
        if (target instanceof List && !((List<?>) target).isEmpty()
                && ((List<?>) target).get(0) instanceof LinkStatus) {
            return StatusFormatter.format((List<LinkStatus>) target);
        }
        return null;
    }
}
