package dev.vigil.heartbeat;

import java.nio.ByteBuffer;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzing the receive path. Without JAZZER_FUZZ these replay the seed corpus
 * (src/test/resources/dev/vigil/heartbeat/FrameDecoderFuzzTestInputs) as regression tests;
 * with JAZZER_FUZZ=1 they fuzz for the given time (./vigil test does one bounded run).
 */
class FrameDecoderFuzzTest {
    private static final KeyRing KEYS = KeyRing.parse("1 hmac-sha256 fuzzing-secret-0123456789\n");
    private static final FrameCodec CODEC = new FrameCodec("fuzz", KEYS);

    /** Raw bytes off the wire: the decoder never throws, it drops with a reason. */
    @FuzzTest(maxDuration = "30s")
    void anyBytesAreDecodedOrDroppedNeverThrown(byte[] data) {
        FrameCodec.Result r = CODEC.decode(ByteBuffer.wrap(data));
        if (r.ok() == (r.reason() != null)) {
            throw new IllegalStateException("a result is either a frame or a reason");
        }
        if (r.ok()) {
            parse(r.frame().type(), r.frame().payload());
        }
    }

    /** Authentic frames with hostile payloads: the parsers refuse with IllegalArgumentException only. */
    @FuzzTest(maxDuration = "30s")
    void signedFramesWithAnyPayloadParseOrAreRefused(FuzzedDataProvider data) {
        FrameType type = FrameType.values()[data.consumeInt(0, FrameType.values().length - 1)];
        String sender = data.consumeString(40);
        if (sender.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
            return;
        }
        byte[] payload = data.consumeRemainingAsBytes();
        ByteBuffer wire;
        try {
            wire = CODEC.encode(type, sender, 1, 1, payload);
        } catch (IllegalArgumentException tooBig) {
            return;
        }
        FrameCodec.Result r = CODEC.decode(wire);
        if (!r.ok()) {
            throw new IllegalStateException("a frame we signed was dropped: " + r.reason());
        }
        parse(type, r.frame().payload());
    }

    private static void parse(FrameType type, byte[] payload) {
        try {
            switch (type) {
                case HEARTBEAT:
                    Payloads.heartbeat(payload);
                    break;
                case MESSAGE:
                    Payloads.message(payload);
                    break;
                default:
                    Payloads.ack(payload);
                    break;
            }
        } catch (IllegalArgumentException refused) {
            // the one way a payload may be refused
        }
    }
}
