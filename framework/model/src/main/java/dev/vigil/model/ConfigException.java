package dev.vigil.model;

/** A configuration that was refused, with where and why. */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final int line;
    private final String reason;

    public ConfigException(String source, int line, String reason) {
        super(source + ":" + line + ": " + reason);
        this.source = source;
        this.line = line;
        this.reason = reason;
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
