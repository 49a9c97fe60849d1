package dev.vigil.heartbeat;

/** Why a received frame was dropped; counted per link. */
public enum DropReason {
    /** Shorter than its header or its declared lengths say. */
    BAD_LENGTH,
    /** Not a Vigil frame, or a version this node does not speak. */
    BAD_FORMAT,
    /** Signed with a key id this node does not hold. */
    UNKNOWN_KEY,
    /** The HMAC does not match: forged or corrupted. */
    BAD_MAC,
    /** From another cluster sharing the network and the key. */
    WRONG_CLUSTER,
    /** From an earlier incarnation of a node that has since restarted. */
    OLD_INCARNATION,
    /** A sequence number already seen or older than the window: a replay or a duplicate. */
    REPLAYED,
    /** Sent by this node itself (e.g. looped back by broadcast). */
    OWN_FRAME,
    /** Authenticated but its payload does not parse. */
    BAD_PAYLOAD,
    /** Signed with our key but from a node that is not in this node's {@code nodes} list. */
    UNKNOWN_NODE
}
