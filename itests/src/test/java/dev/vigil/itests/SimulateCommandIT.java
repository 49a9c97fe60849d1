package dev.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/vigil simulate} as an operator runs it, with its start-up cache: the first run makes
 * the cache, later runs use it, and neither a damaged cache nor the lack of a writable cache
 * directory changes a byte of what it prints or makes it print anything else. The reference is
 * the simulator's jar run by plain {@code java -jar}, no cache, no script.
 */
class SimulateCommandIT {
    private static final Path DIST = Path.of(System.getProperty("vigil.distribution"));
    /** A regression case with moves, stops and starts: a transition worth printing. */
    private static final Path CIB = Path.of("..", "framework/policy/src/test/resources/cases/group-fail/cib.xml")
            .toAbsolutePath().normalize();
    private static final Pattern RELEASE_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(?:1\\.)?(\\d+)");

    private Path home;
    private String expected;

    @BeforeEach
    void aHomeOfItsOwn() throws Exception {
        assertTrue(Files.isRegularFile(CIB), CIB + " is there");
        home = Files.createTempDirectory("vigil-simulate-home");
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("lib"));
        Files.copy(DIST.resolve("bin/vigil"), home.resolve("bin/vigil"));
        Files.createSymbolicLink(home.resolve("lib/vigil-simulate.jar"), DIST.resolve("lib/vigil-simulate.jar"));
        Run plain = run(Map.of(), "java", "-jar", DIST.resolve("lib/vigil-simulate.jar").toString(), "-x", CIB.toString(),
                "-S");
        assertEquals(0, plain.exit, plain.err);
        assertTrue(plain.out.contains("Transition Summary"), plain.out);
        expected = plain.out;
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (home != null) {
            try (Stream<Path> walk = Files.walk(home)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void theFirstRunMakesTheCacheAndEveryRunPrintsTheSame() throws Exception {
        assertSameAsThePlainJar(simulate(Map.of()), "first run");
        List<Path> caches = cacheFiles();
        assertEquals(1, caches.size(), "one cache file after the first run: " + caches);
        String made = caches.get(0).getFileName().toString();
        assertTrue(made.endsWith(newestJdkMajor() >= 25 ? ".aot" : ".jsa"),
                made + ": an AOT cache where a JDK 25 or newer is installed, else a class-data sharing archive");
        assertSameAsThePlainJar(simulate(Map.of()), "run with the cache");
        assertEquals(caches, cacheFiles(), "the cache is made once");
    }

    @Test
    void aFailedFirstRunMakesNoCacheTheNextRunDoes() throws Exception {
        Run failed = run(Map.of(), home.resolve("bin/vigil").toString(), "simulate", "-x",
                home.resolve("no-such-cib.xml").toString(), "-S");
        assertEquals(1, failed.exit, failed.err);
        assertEquals("vigil simulate: cannot read " + home.resolve("no-such-cib.xml") + ": "
                + home.resolve("no-such-cib.xml") + "\n", failed.err, "only the simulator's own message");
        assertEquals(List.of(), cacheFiles(), "no cache from a run that failed");
        assertSameAsThePlainJar(simulate(Map.of()), "first run that succeeds");
        assertEquals(1, cacheFiles().size(), "the cache, from the run that succeeded");
    }

    @Test
    void aDamagedCacheChangesNothing() throws Exception {
        simulate(Map.of());
        Path cache = cacheFiles().get(0);
        byte[] whole = Files.readAllBytes(cache);
        Files.write(cache, java.util.Arrays.copyOf(whole, 4096)); // cut short
        assertSameAsThePlainJar(simulate(Map.of()), "run with a truncated cache");
        Files.writeString(cache, "not a cache\n");
        assertSameAsThePlainJar(simulate(Map.of()), "run with a cache of garbage");
    }

    @Test
    void withoutAWritableCacheDirectoryItRunsWithoutOne() throws Exception {
        Files.createDirectories(home.resolve("var"));
        Files.writeString(home.resolve("var/cache"), "a file where the cache directory would be\n");
        Path blocked = home.resolve("blocked");
        Files.writeString(blocked, "a file, so no directory can be made under it\n");
        assertSameAsThePlainJar(simulate(Map.of("XDG_CACHE_HOME", blocked.resolve("cache").toString())),
                "run without a cache directory");
        try (Stream<Path> files = Files.walk(home)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().matches("vigil-simulate-[0-9]+\\..*"))
                    .collect(Collectors.toList()), "no cache written anywhere in the home");
        }
    }

    @Test
    void anExplicitJavaIsUsedAsItIs() throws Exception {
        // the java on the PATH (the build's, 17 here), named by JAVA: its kind of cache, not a newer JDK's
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow()).toRealPath();
        int major = majorOf(java.getParent().getParent());
        assertSameAsThePlainJar(simulate(Map.of("JAVA", java.toString())), "run with JAVA=" + java);
        assertSameAsThePlainJar(simulate(Map.of("JAVA", java.toString())), "second run with JAVA=" + java);
        List<Path> caches = cacheFiles();
        assertEquals(1, caches.size(), caches.toString());
        assertTrue(caches.get(0).toString().endsWith(major >= 25 ? ".aot" : ".jsa"),
                caches + " for JAVA=" + java + " (JDK " + major + ")");
    }

    private void assertSameAsThePlainJar(Run r, String what) {
        assertEquals(0, r.exit, what + " exit status; standard error:\n" + r.err);
        assertEquals("", r.err, what + " prints nothing on standard error");
        assertEquals(expected, r.out, what + " prints what the plain jar prints");
    }

    private List<Path> cacheFiles() throws IOException {
        if (!Files.isDirectory(home.resolve("var/cache"))) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(home.resolve("var/cache"))) {
            return files.sorted().collect(Collectors.toList());
        }
    }

    /** The newest JDK the script may choose: the java on the PATH or one under /usr/lib/jvm. */
    private static int newestJdkMajor() throws IOException {
        int newest = majorOf(Path.of(ProcessHandle.current().info().command().orElseThrow()).toRealPath()
                .getParent().getParent());
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> homes = Files.list(jvms)) {
                for (Path h : homes.collect(Collectors.toList())) {
                    if (Files.isExecutable(h.resolve("bin/java"))) {
                        newest = Math.max(newest, majorOf(h));
                    }
                }
            }
        }
        return newest;
    }

    private static int majorOf(Path jdkHome) throws IOException {
        Path release = jdkHome.resolve("release");
        if (!Files.isReadable(release)) {
            return 0;
        }
        Matcher m = RELEASE_VERSION.matcher(Files.readString(release, StandardCharsets.UTF_8));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private Run simulate(Map<String, String> env) throws Exception {
        return run(env, home.resolve("bin/vigil").toString(), "simulate", "-x", CIB.toString(), "-S");
    }

    private Run run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile())
                .redirectOutput(home.resolve("out.txt").toFile()).redirectError(home.resolve("err.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().remove("JAVA");
        pb.environment().remove("VIGIL_HOME");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not end within 2 min");
        }
        Run r = new Run(p.exitValue(), Files.readString(home.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(home.resolve("err.txt"), StandardCharsets.UTF_8));
        Files.delete(home.resolve("out.txt"));
        Files.delete(home.resolve("err.txt"));
        return r;
    }

    private record Run(int exit, String out, String err) {
    }
}
