package dev.vigil.agent.ocf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import dev.vigil.agent.AgentResult;

/**
 * Lets OCF scripts set their promotion score as they do under Pacemaker: through
 * {@code ocf_promotion_score}, which runs {@code $HA_SBIN_DIR/crm_master -l reboot -v N} or
 * {@code $HA_SBIN_DIR/crm_attribute -p -v N} ({@code -D} deletes). The bridge points
 * {@code HA_SBIN_DIR} at a directory of its own holding stand-ins for those two commands, which
 * write the value to a file named by {@code VIGIL_PROMOTION_FILE}; after the script exits, the
 * value goes into the agent's result. A deleted score means "never promote here".
 */
final class PromotionScoreBridge {
    /** Pacemaker's -INFINITY: what a deleted score means. */
    static final int DELETED = -1_000_000;

    private static final String SHIM = "#!/bin/sh\n"
            + "# Vigil's stand-in for Pacemaker's crm_master and crm_attribute --promotion: records the\n"
            + "# promotion score an OCF script sets, for Vigil's OCF bridge to read.\n"
            + "value=; delete=; query=\n"
            + "while [ $# -gt 0 ]; do\n"
            + "  case \"$1\" in\n"
            + "    -v|--update) value=\"$2\"; shift ;;\n"
            + "    --update=*) value=\"${1#*=}\" ;;\n"
            + "    -D|--delete) delete=1 ;;\n"
            + "    -G|--query) query=1 ;;\n"
            + "  esac\n"
            + "  shift\n"
            + "done\n"
            + "[ -n \"$VIGIL_PROMOTION_FILE\" ] || { echo \"$0: only Vigil's OCF bridge provides this\" >&2; exit 1; }\n"
            + "if [ -n \"$value\" ]; then echo \"$value\" > \"$VIGIL_PROMOTION_FILE\"\n"
            + "elif [ -n \"$delete\" ]; then echo delete > \"$VIGIL_PROMOTION_FILE\"\n"
            + "elif [ -n \"$query\" ]; then exit 6\n"
            + "fi\n"
            + "exit 0\n";

    /** Directories where this process wrote the stand-ins: once each, not on every call. */
    private static final java.util.Set<Path> WRITTEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private PromotionScoreBridge() {
    }

    /** Sets up the stand-ins under {@code stateDirectory} and the environment that finds them. */
    static Path prepare(Path stateDirectory, String resource, Map<String, String> env) throws IOException {
        Path sbin = stateDirectory.resolve("ocf-sbin");
        if (!WRITTEN.contains(sbin)) {
            Files.createDirectories(sbin);
            for (String command : new String[] {"crm_master", "crm_attribute"}) {
                Path shim = sbin.resolve(command);
                Files.writeString(shim, SHIM);
                Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            WRITTEN.add(sbin);
        }
        Path file = stateDirectory.resolve("rsctmp").resolve("promotion-" + resource + "-" + Thread.currentThread()
                .getId());
        Files.deleteIfExists(file);
        env.put("HA_SBIN_DIR", sbin.toString());
        env.put("VIGIL_PROMOTION_FILE", file.toString());
        return file;
    }

    /** The result, with the promotion score the script set during the call, if it set one. */
    static AgentResult collect(Path file, AgentResult result) {
        try {
            if (!Files.exists(file)) {
                return result;
            }
            String value = Files.readString(file).strip();
            Files.deleteIfExists(file);
            if (value.equals("delete")) {
                return result.withPromotionScore(DELETED);
            }
            long score = value.equalsIgnoreCase("INFINITY") || value.equalsIgnoreCase("+INFINITY") ? 1_000_000
                    : value.equalsIgnoreCase("-INFINITY") ? DELETED : Long.parseLong(value);
            return result.withPromotionScore((int) Math.max(DELETED, Math.min(1_000_000, score)));
        } catch (IOException | NumberFormatException e) {
            return result; // a score that cannot be read sets none
        }
    }
}
