package dev.vigil.simulator;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

import dev.vigil.model.Cib;
import dev.vigil.model.CibReader;
import dev.vigil.policy.PolicyEngine;
import dev.vigil.policy.Transition;

/**
 * Times the policy engine on a CIB: the read (XML to model) once, then the compute several
 * times, reporting the best and median compute time and the peak heap. Not a test: numbers
 * are for the benchmark script to put side by side with crm_simulate.
 *
 * <pre>java -cp vigil-simulate.jar dev.vigil.simulator.Benchmark CIB.xml [RUNS]</pre>
 */
public final class Benchmark {
    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path xml = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        long t0 = System.nanoTime();
        Cib cib = new CibReader(xml.toString()).read(Files.readAllBytes(xml));
        long read = System.nanoTime() - t0;
        PolicyEngine engine = PolicyEngine.forSanitizedInput();
        long[] times = new long[runs];
        Transition t = null;
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            t = engine.compute(cib.config(), cib.status(), Instant.EPOCH);
            times[i] = System.nanoTime() - s;
        }
        Arrays.sort(times);
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println(String.format(Locale.ROOT,
                "read %.3f s, compute first %.3f s, best %.3f s, median %.3f s, actions %d, changes %d, peak heap %d MB",
                read / 1e9, times.length > 0 ? firstOf(times) : 0, times[0] / 1e9, times[runs / 2] / 1e9,
                t.actions().size(), t.changes().size(), peak / (1024 * 1024)));
    }

    private static double firstOf(long[] sorted) {
        return sorted[sorted.length - 1] / 1e9; // the slowest run is the cold first one
    }
}
