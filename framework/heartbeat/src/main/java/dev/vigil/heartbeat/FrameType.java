package dev.vigil.heartbeat;

/** What a frame carries. */
public enum FrameType {
    HEARTBEAT(1), MESSAGE(2), ACK(3);

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    static FrameType fromCode(int code) {
        for (FrameType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
