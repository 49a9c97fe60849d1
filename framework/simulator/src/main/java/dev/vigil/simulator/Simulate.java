package dev.vigil.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import dev.vigil.model.Cib;
import dev.vigil.model.CibReader;
import dev.vigil.model.CibWriter;
import dev.vigil.model.ClusterStatus;
import dev.vigil.model.ConfigException;
import dev.vigil.model.ConfigReader;
import dev.vigil.policy.PolicyEngine;
import dev.vigil.policy.Transition;

/**
 * The crm_simulate analogue: reads a CIB, runs the policy engine, prints what it decided.
 *
 * <pre>
 * java -jar vigil-simulate.jar (-x cib.xml | -c cluster.conf) [-S | -R] [-D graph.dot] [--json] [--export-cib FILE]
 *   -x FILE   the CIB to read (Pacemaker XML)
 *   -c FILE   a configuration in Vigil's language instead (no status: nothing known to run yet)
 *   --export-cib FILE  write the configuration and status read as Pacemaker CIB XML ("-": standard
 *             output); alone, it only converts
 *   -S        simulate: current status, transition summary, actions, revised status
 *   -R        run: current status and transition summary only
 *   -D FILE   write the transition as a DOT graph
 *   -s        show allocation scores, as crm_simulate --show-scores
 *   --explain RSC  every contribution to RSC's score on every node, and the choice, in plain words
 *   --date T  decide as of T (ISO-8601) instead of the CIB's execution-date or now: failure-timeout
 *             expiry and date rules depend on it
 *   --json    print placement, transition summary and ordering as JSON instead
 * </pre>
 */
public final class Simulate {
    private Simulate() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path xml = null, dot = null, config = null;
        String export = null;
        boolean simulate = false, json = false, scores = false, run = false;
        String explain = null;
        Instant now = null;
        Instant started = Instant.now();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-x": case "--xml-file":
                    xml = Path.of(value(args, ++i, "-x"));
                    break;
                case "-D": case "--save-dotfile":
                    dot = Path.of(value(args, ++i, "-D"));
                    break;
                case "-S": case "--simulate":
                    simulate = true;
                    break;
                case "-R": case "--run":
                    run = true;
                    break;
                case "-c": case "--config":
                    config = Path.of(value(args, ++i, "-c"));
                    break;
                case "--export-cib":
                    export = value(args, ++i, "--export-cib");
                    break;
                case "-s": case "--show-scores":
                    scores = true;
                    break;
                case "--explain":
                    explain = value(args, ++i, "--explain");
                    break;
                case "-t": case "--set-datetime": case "--date":
                    String when = value(args, ++i, "--date");
                    try {
                        now = Instant.parse(when);
                    } catch (java.time.format.DateTimeParseException e) {
                        err.println("vigil simulate: --date wants an ISO-8601 instant such as 2026-01-01T00:00:00Z, not "
                                + when);
                        return 2;
                    }
                    break;
                case "--json":
                    json = true;
                    break;
                default:
                    err.println("vigil simulate: unknown option " + args[i]);
                    return 2;
            }
        }
        if ((xml == null) == (config == null)) {
            err.println("usage: vigil simulate (-x CIB.xml | -c CLUSTER.conf) [-S|-R] [-s] [-D FILE.dot] [--json]"
                    + " [--explain RSC] [--export-cib FILE|-]");
            return 2;
        }
        Path input = xml != null ? xml : config;
        Cib cib;
        try {
            CibReader reader = now == null ? new CibReader(input.toString()).undatedAt(started)
                    : new CibReader(input.toString()).at(now);
            cib = xml != null ? reader.read(Files.readAllBytes(input))
                    : Cib.of(new ConfigReader(input.toString()).read(Files.readString(input, StandardCharsets.UTF_8)),
                            ClusterStatus.of(Map.of(), false, null));
        } catch (ConfigException e) {
            err.println("vigil simulate: refused " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("vigil simulate: cannot read " + input + ": " + e.getMessage());
            return 1;
        }
        if (now == null) {
            // as crm_simulate: without --date, the time the saved input was scheduled, else now
            now = cib.executionDate().orElse(started);
        }
        if (export != null) {
            // a CIB keeps the feature set it was read with; Vigil's own configuration gets Pacemaker 2.1.5's
            String written;
            try {
                written = xml != null ? CibWriter.write(cib) : CibWriter.write(cib.config(), cib.status());
            } catch (IllegalArgumentException e) {
                err.println("vigil simulate: cannot export: " + e.getMessage());
                return 1;
            }
            if (export.equals("-")) {
                out.print(written);
            } else {
                try {
                    Files.writeString(Path.of(export), written, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    err.println("vigil simulate: cannot write " + export + ": " + e.getMessage());
                    return 1;
                }
            }
            if (!simulate && !run && !scores && !json && explain == null && dot == null) {
                return 0; // a conversion only
            }
        }
        // crm_simulate's assumption: a saved CIB's passwords were masked.
        Transition t = PolicyEngine.forSanitizedInput().compute(cib.config(), cib.status(), now);
        Report report = new Report(cib, t);
        if (explain != null) {
            if (cib.config().resource(explain).isEmpty()) {
                err.println("vigil simulate: no primitive '" + explain + "' in " + xml);
                return 1;
            }
            t.explain(explain).forEach(out::println);
        } else if (json) {
            out.print(report.json());
        } else {
            out.print(report.text(simulate, scores));
        }
        if (dot != null) {
            try {
                Files.writeString(dot, report.dot());
            } catch (IOException e) {
                err.println("vigil simulate: cannot write " + dot + ": " + e.getMessage());
                return 1;
            }
        }
        return 0;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
