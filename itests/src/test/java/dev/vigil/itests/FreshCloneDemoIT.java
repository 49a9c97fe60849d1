package dev.vigil.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's first command as a newcomer runs it: {@code ./vigil demo} in a fresh clone of the
 * committed tree (the HEAD of the repository this test runs in), in an empty directory, so no
 * earlier build can stand in for the one {@code ./vigil} must make. Only the local Maven
 * repository is shared. It must build, run the demo and print the client-seen outage.
 */
class FreshCloneDemoIT {
    private static final Pattern OUTAGE = Pattern.compile(
            "client-seen outage: (\\d+\\.\\d+) s from SIGKILL to the first answer from (n\\d) \\((\\d+) requests failed\\)");
    private static final long TIMEOUT_MINUTES = 15;

    private Path work;

    @AfterEach
    void cleanUp() throws IOException {
        if (work != null) {
            try (Stream<Path> walk = Files.walk(work)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void theDemoBuildsAndRunsFromAFreshCloneOfTheCommittedTree() throws Exception {
        Path top = Path.of(run(Path.of("").toAbsolutePath(), 1, "git", "rev-parse", "--show-toplevel").trim());
        String head = run(top, 1, "git", "rev-parse", "--short", "HEAD").trim();
        work = Files.createTempDirectory("vigil-fresh-clone");
        Path clone = work.resolve("vigil");
        run(work, 5, "git", "clone", "-q", top.toString(), clone.toString());
        assertEquals(head, run(clone, 1, "git", "rev-parse", "--short", "HEAD").trim(), "the clone is at HEAD");
        try (Stream<Path> targets = Files.find(clone, 4, (p, a) -> p.getFileName().toString().equals("target"))) {
            assertFalse(targets.findAny().isPresent(), "a fresh clone holds no build output");
        }
        useTheSameLocalRepository(clone);

        long started = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder("./vigil", "demo", "--port", String.valueOf(Clients.freeTcpPort()))
                .directory(clone.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("demo.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        // What the outer Maven exported is no part of a newcomer's shell.
        pb.environment().keySet().removeIf(k -> k.startsWith("MAVEN_") && !k.equals("MAVEN_OPTS"));
        int exit = waitFor(pb.start(), TIMEOUT_MINUTES);
        double seconds = (System.nanoTime() - started) / 1e9;
        List<String> output = Files.readAllLines(work.resolve("demo.log"), StandardCharsets.UTF_8);
        String shown = "./vigil demo in a fresh clone of " + head + " (" + clone + "), exit " + exit + " after "
                + String.format(Locale.ROOT, "%.1f s", seconds) + ", output:\n" + String.join("\n", output);
        System.out.println(shown);

        assertEquals(0, exit, shown);
        assertTrue(output.stream().anyMatch(l -> l.startsWith("vigil: building")),
                "./vigil said that it builds, and how long that takes\n" + shown);
        Matcher outage = output.stream().map(OUTAGE::matcher).filter(Matcher::find).findFirst()
                .orElseThrow(() -> new AssertionError("no client-seen outage line\n" + shown));
        assertTrue(Double.parseDouble(outage.group(1)) < 10, outage.group());
        System.out.println("fresh clone: " + outage.group() + "; build and demo took "
                + String.format(Locale.ROOT, "%.1f s", seconds));
    }

    /** When the outer build uses a local repository other than ~/.m2/repository, the clone's build uses it too. */
    private static void useTheSameLocalRepository(Path clone) throws IOException {
        String repository = System.getProperty("org.ops4j.pax.url.mvn.localRepository");
        Path standard = Path.of(System.getProperty("user.home"), ".m2", "repository");
        if (repository != null && !repository.isBlank() && !Path.of(repository).equals(standard)) {
            Files.createDirectories(clone.resolve(".mvn"));
            Files.writeString(clone.resolve(".mvn/maven.config"), "-Dmaven.repo.local=" + repository + "\n");
        }
    }

    private static String run(Path dir, long timeoutMinutes, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        int exit = waitFor(p, timeoutMinutes);
        String text = new String(out, StandardCharsets.UTF_8);
        if (exit != 0) {
            fail(String.join(" ", command) + " in " + dir + " exited " + exit + ":\n" + text);
        }
        return text;
    }

    private static int waitFor(Process p, long timeoutMinutes) throws InterruptedException {
        if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
            fail(p.info().commandLine().orElse("a command") + " did not end within " + timeoutMinutes + " min");
        }
        return p.exitValue();
    }
}
