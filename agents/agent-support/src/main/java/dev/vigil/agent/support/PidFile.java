package dev.vigil.agent.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A daemon's pid file (its first line is the pid). The daemon runs if that process is alive
 * and not a zombie: a crashed daemon whose parent has not reaped it yet still answers
 * kill(pid, 0), and {@link ProcessHandle#isAlive()}, but runs nothing.
 */
public final class PidFile {
    private PidFile() {
    }

    /** The running process the file names, or empty (no file, no number, dead or zombie). */
    public static Optional<ProcessHandle> running(Path pidFile) {
        long pid;
        try {
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            pid = Long.parseLong(lines.get(0).strip());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(PidFile::runs);
    }

    /** Alive and not a zombie. */
    public static boolean runs(ProcessHandle p) {
        return p.isAlive() && !isZombie(p.pid());
    }

    /** Polls until the process no longer runs (it exited, even if not reaped yet); false on timeout. */
    public static boolean awaitExit(ProcessHandle p, java.time.Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (runs(p)) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** True if the file names a process that died and has not been reaped: the file is stale. */
    public static boolean namesZombie(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return !lines.isEmpty() && isZombie(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (comm) STATE ...": comm may hold spaces and parentheses; the state follows the last ')'.
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
