package dev.vigil.fencing.internal;

import java.util.Locale;

/** {@code pcmk_host_check}: how the fencer decides whether a device can fence a node. */
enum HostCheck {
    /** The node is in {@code pcmk_host_list} or {@code pcmk_host_map}. */
    STATIC_LIST,
    /** The node (or its mapped port) is in the output of the device's {@code list} action. */
    DYNAMIC_LIST,
    /** The device's {@code status} action for the node answers on or off. */
    STATUS,
    /** The device can fence every node. */
    NONE;

    static HostCheck parse(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "static-list":
                return STATIC_LIST;
            case "dynamic-list":
                return DYNAMIC_LIST;
            case "status":
                return STATUS;
            case "none":
                return NONE;
            default:
                throw new IllegalArgumentException("pcmk_host_check '" + value
                        + "' (use static-list, dynamic-list, status or none)");
        }
    }

    String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
