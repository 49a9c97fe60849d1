package dev.vigil.transport.serial;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import com.fazecast.jSerialComm.SerialPort;

import dev.vigil.transport.FrameSink;
import dev.vigil.transport.Transport;

/**
 * A serial line (a null-modem cable) between two nodes, through jSerialComm: Heartbeat's
 * classic second path that shares nothing with the network. One factory configuration per
 * line: {@code etc/dev.vigil.transport.serial-NAME.cfg} with {@code device} and {@code baud}.
 * Writes go through a bounded queue on a thread of their own: a slow line drops frames, it
 * never blocks the caller. A device that is missing or vanishes is reopened once it is back.
 */
@Component(service = Transport.class, configurationPid = "dev.vigil.transport.serial",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SerialTransport.Config.class, factory = true)
public final class SerialTransport implements Transport {
    private static final Logger LOG = Logger.getLogger(SerialTransport.class.getName());
    private static final int QUEUE = 64;
    private static final long REOPEN_MS = 1000;

    @ObjectClassDefinition(name = "Vigil serial link")
    public @interface Config {
        @AttributeDefinition(name = "Link name")
        String vigil_link();

        @AttributeDefinition(name = "Device", description = "e.g. /dev/ttyS0 (a path; symlinks work)")
        String device();

        @AttributeDefinition(name = "Baud rate")
        int baud() default 115200;
    }

    private final String name;
    private final String device;
    private final Path devicePath;
    private final int baud;
    private final BlockingQueue<byte[]> outgoing = new ArrayBlockingQueue<>(QUEUE);
    private volatile SerialPort port;
    private volatile boolean running;

    @Activate
    public SerialTransport(Config config) {
        this.name = config.vigil_link();
        this.device = config.device();
        this.devicePath = device == null ? null : Path.of(device);
        this.baud = config.baud();
        if (name == null || name.isBlank() || device == null || device.isBlank()) {
            throw new IllegalArgumentException("serial link configuration needs vigil.link and device");
        }
        if (baud <= 0) {
            throw new IllegalArgumentException("serial link " + name + ": baud must be positive, not " + baud);
        }
    }

    @Override
    public String linkName() {
        return name;
    }

    @Override
    public synchronized void open(FrameSink sink) {
        if (running) {
            return;
        }
        running = true;
        start("vigil-serial-rx-" + name, () -> superviseAndReceive(sink));
        start("vigil-serial-tx-" + name, this::transmit);
    }

    private static void start(String threadName, Runnable r) {
        Thread t = new Thread(r, threadName);
        t.setDaemon(true);
        t.start();
    }

    /**
     * Opens the device and reads frames from it; when the device cannot be opened, or vanishes
     * (unplugged adapter, restarted pty), closes it and tries again every {@link #REOPEN_MS} ms,
     * saying so once per outage. The link stays configured throughout.
     */
    private void superviseAndReceive(FrameSink sink) {
        boolean saidDown = false;
        while (running) {
            SerialPort p = openDevice();
            if (p == null) {
                if (!saidDown) {
                    LOG.warning(() -> "serial link " + name + ": cannot open " + device + "; retrying every "
                            + REOPEN_MS + " ms");
                    saidDown = true;
                }
                sleepQuietly(REOPEN_MS);
                continue;
            }
            saidDown = false;
            port = p;
            LOG.info(() -> "serial link " + name + " open on " + device + " at " + baud + " baud");
            receiveUntilLost(p, sink);
            port = null;
            p.closePort();
            if (running) {
                LOG.warning(() -> "serial link " + name + ": lost " + device + "; reopening");
            }
        }
    }

    private SerialPort openDevice() {
        if (!Files.exists(devicePath)) {
            return null;
        }
        SerialPort p = SerialPort.getCommPort(device);
        p.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        p.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 200, 0);
        return p.openPort() ? p : null;
    }

    /** Reads until the link is closed, a read fails, or the device path is gone. */
    private void receiveUntilLost(SerialPort p, FrameSink sink) {
        SerialFraming framing = new SerialFraming();
        byte[] buf = new byte[4096];
        while (running && p.isOpen()) {
            int n = p.readBytes(buf, buf.length);
            if (n < 0 || !Files.exists(devicePath)) {
                return;
            }
            for (ByteBuffer frame : framing.feed(buf, n)) {
                try {
                    sink.onFrame(name, frame);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "serial link " + name + ": frame handler failed", e);
                }
            }
        }
    }

    /** Writes queued frames to whichever port is open now; while none is, they are dropped. */
    private void transmit() {
        while (running) {
            try {
                byte[] bytes = outgoing.poll(200, TimeUnit.MILLISECONDS);
                SerialPort p = port;
                if (bytes != null && p != null && p.writeBytes(bytes, bytes.length) < 0 && running) {
                    LOG.fine(() -> "serial link " + name + ": write failed");
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void send(ByteBuffer frame) {
        if (!running) {
            return;
        }
        byte[] bytes;
        try {
            bytes = SerialFraming.encode(frame);
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> "serial link " + name + ": " + e.getMessage());
            return;
        }
        outgoing.offer(bytes); // full queue: the line is too slow; drop, as a lossy link would
    }

    @Override
    @Deactivate
    public synchronized void close() {
        running = false;
        SerialPort p = port;
        port = null;
        if (p != null) {
            p.closePort();
        }
        outgoing.clear();
    }
}
