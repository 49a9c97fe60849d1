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
