package dev.vigil.membership.internal;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * A hardware or software watchdog (Linux {@code /dev/watchdog}, e.g. the kernel's softdog, or
 * a test twin listening on a FIFO): once opened it resets the machine unless written to within
 * its timeout; writing {@code V} before closing disarms it ("magic close"). The node feeds it
 * only while it holds its lease or runs nothing, so a process that is paused, hung or cut off
 * with resources running is reset before the majority starts those resources elsewhere.
 */
final class Watchdog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Watchdog.class.getName());

    private final Path device;
    private final FileOutputStream out;
    private boolean starving;

    private Watchdog(Path device, FileOutputStream out) {
        this.device = device;
        this.out = out;
    }

    /** Opens (arms) the watchdog; a node that cannot arm its configured watchdog must not run. */
    static Watchdog arm(Path device) {
        return arm(device, null);
    }

    /**
     * As {@link #arm(Path)}, refusing a kernel watchdog whose own timeout (from sysfs, where the
     * device is {@code /dev/watchdogN}) is longer than {@code expected}: the majority waits only
     * the configured timeout.
     */
    static Watchdog arm(Path device, java.time.Duration expected) {
        Long actual = kernelTimeoutSeconds(device);
        if (expected != null && actual != null && actual * 1000 > expected.toMillis()) {
            throw new IllegalStateException("the watchdog " + device + " resets after " + actual + " s, but "
                    + "watchdog.timeout says " + expected.toMillis() + " ms: the majority would take over before "
                    + "this machine is reset. Load the driver with that timeout (e.g. 'modprobe softdog soft_margin="
                    + Math.max(1, expected.toSeconds()) + "') or raise watchdog.timeout");
        }
        try {
            FileOutputStream out = new FileOutputStream(device.toFile());
            out.write('k'); // opening arms /dev/watchdog; a first feed arms a twin the same way
            out.flush();
            LOG.info(() -> "watchdog " + device + " armed");
            return new Watchdog(device, out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot arm the watchdog " + device + " (" + e.getMessage()
                    + "): load a watchdog driver (e.g. 'modprobe softdog soft_margin=5'), or leave watchdog.device "
                    + "empty to run without one", e);
        }
    }

    private static final java.util.regex.Pattern KERNEL_DEVICE = java.util.regex.Pattern.compile("watchdog(\\d*)");

    /** Whether the path names a kernel watchdog, {@code /dev/watchdog} or {@code /dev/watchdogN}. */
    static boolean isKernelDevice(Path device) {
        return device.startsWith("/dev") && KERNEL_DEVICE.matcher(String.valueOf(device.getFileName())).matches();
    }

    /** The kernel's timeout of {@code /dev/watchdog[N]} in seconds, or null if not a kernel device. */
    static Long kernelTimeoutSeconds(Path device) {
        java.util.regex.Matcher m = KERNEL_DEVICE.matcher(String.valueOf(device.getFileName()));
        if (!device.startsWith("/dev") || !m.matches()) {
            return null;
        }
        Path sysfs = Path.of("/sys/class/watchdog", "watchdog" + (m.group(1).isEmpty() ? "0" : m.group(1)), "timeout");
        try {
            return Long.parseLong(java.nio.file.Files.readString(sysfs).trim());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** Feeds it, or (with {@code false}) lets it starve; says so once when that changes. */
    void feed(boolean feed) {
        if (feed) {
            try {
                out.write('k');
                out.flush();
            } catch (IOException e) {
                LOG.severe(() -> "cannot feed the watchdog " + device + ": " + e.getMessage());
            }
        }
        if (starving == feed) {
            starving = !feed;
            LOG.warning(() -> feed ? "feeding the watchdog " + device + " again"
                    : "no lease and resources active: no longer feeding the watchdog " + device
                            + "; the machine resets unless the lease returns or everything stops in time");
        }
    }

    /** Disarms it (magic close): only on a clean shutdown, with nothing running here. */
    @Override
    public void close() {
        try {
            out.write('V');
            out.close();
            LOG.info(() -> "watchdog " + device + " disarmed");
        } catch (IOException e) {
            LOG.warning(() -> "cannot disarm the watchdog " + device + ": " + e.getMessage());
        }
    }
}
