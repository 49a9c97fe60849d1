package dev.vigil.agent.support;

/** How a process ended: its exit code, what it printed (bounded), and whether it was killed. */
public final class ProcessResult {
    private final int exitCode;
    private final String stdout;
    private final String stderr;
    private final boolean timedOut;

    private ProcessResult(int exitCode, String stdout, String stderr, boolean timedOut) {
        this.exitCode = exitCode;
        this.stdout = stdout;
        this.stderr = stderr;
        this.timedOut = timedOut;
    }

    public static ProcessResult of(int exitCode, String stdout, String stderr, boolean timedOut) {
        return new ProcessResult(exitCode, stdout, stderr, timedOut);
    }

    /** The exit code; meaningless when {@link #timedOut()}. */
    public int exitCode() {
        return exitCode;
    }

    public String stdout() {
        return stdout;
    }

    public String stderr() {
        return stderr;
    }

    /** The last non-empty line of some output, for a result's reason. */
    public static String lastLine(String output) {
        String[] lines = output.strip().split("\n");
        return lines[lines.length - 1];
    }

    /** The deadline passed (or the caller was interrupted) and the process group was killed. */
    public boolean timedOut() {
        return timedOut;
    }
}
