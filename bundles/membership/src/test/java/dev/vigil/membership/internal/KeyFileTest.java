package dev.vigil.membership.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.vigil.heartbeat.KeyRing;

class KeyFileTest {
    private static final String GOOD = "1 hmac-sha256 3f9c2a7be01d46c58a1f0e9d7b6c5a43\n";

    @TempDir
    Path dir;

    private Path keyFile(String text, String mode) throws IOException {
        Path f = dir.resolve("authkeys");
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    private String refusal(Path f) {
        String message = assertThrows(IllegalArgumentException.class, () -> KeyFile.load(f)).getMessage();
        assertTrue(message.startsWith("key file " + f + ": "), message);
        return message;
    }

    @Test
    void aRandomKeyOnlyItsOwnerMayReadIsLoaded() throws IOException {
        KeyRing keys = KeyFile.load(keyFile("# comment\n2 hmac-sha256 3f9c2a7be01d46c58a1f0e9d7b6c5a43\n"
                + "1 hmac-sha256 0123456789abcdef0123\n", "rw-------"));
        assertEquals(2, keys.signingKeyId());
        assertEquals(1, KeyFile.load(keyFile(GOOD, "r--------")).signingKeyId());
    }

    @Test
    void aMissingFileIsRefusedWithTheCommandThatMakesOne() {
        String message = refusal(dir.resolve("authkeys"));
        assertTrue(message.contains("does not exist") && message.contains("bin/vigil keygen"), message);
    }

    @Test
    void aFileThatCannotBeReadIsRefused() throws IOException {
        Path directory = Files.createDirectory(dir.resolve("authkeys"));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        assertTrue(refusal(directory).contains("cannot be read"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r-----", "rw--w----", "rw----r--", "rw-----w-", "rw-r--r--"})
    void aFileGroupOrOthersMayReadOrWriteIsRefused(String mode) throws IOException {
        String message = refusal(keyFile(GOOD, mode));
        assertTrue(message.contains("group or others may read or write it (" + mode + ")"), message);
        assertTrue(message.contains("chmod 600"), message);
    }

    @Test
    void aFileSystemWithoutPosixPermissionsIsAccepted() throws IOException {
        Path zip = dir.resolve("keys.zip");
        try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()), Map.of("create", "true"))) {
            Path f = fs.getPath("/authkeys");
            Files.writeString(f, GOOD);
            assertEquals(1, KeyFile.load(f).signingKeyId());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1 hmac-sha256 change-me-to-a-long-random-secret\n",
        "1 hmac-sha256 CHANGE-ME-0123456789abcdef\n",
        "1 hmac-sha256 0123456789abcdef-changeme\n",
        "1 hmac-sha256 3f9c2a7be01d46c58a1f0e9d7b6c5a43\n2 hmac-sha256 please-change_me-now-0123\n"})
    void aPlaceholderSecretIsRefusedOnAnyLine(String text) throws IOException {
        String message = refusal(keyFile(text, "rw-------"));
        assertTrue(message.contains("placeholder") && message.contains("bin/vigil keygen --force"), message);
        assertTrue(message.contains("line " + text.split("\n").length), message);
    }

    @Test
    void aSecretShorterThan16BytesIsRefused() throws IOException {
        String message = refusal(keyFile("# keys\n1 hmac-sha256 0123456789abcde\n", "rw-------"));
        assertTrue(message.contains("line 2: the secret is 15 bytes, shorter than 16"), message);
        assertEquals(1, KeyFile.load(keyFile("1 hmac-sha256 0123456789abcdef\n", "rw-------")).signingKeyId());
    }

    @Test
    void aMalformedFileIsRefusedWithTheLine() throws IOException {
        assertTrue(refusal(keyFile("1 md5 3f9c2a7be01d46c58a1f0e9d7b6c5a43\n", "rw-------"))
                .contains("line 1: unsupported algorithm"));
        assertTrue(refusal(keyFile("# no key yet\n", "rw-------")).contains("holds no key"));
    }
}
