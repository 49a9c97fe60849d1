package dev.vigil.agent.support;

import java.util.function.Function;

import dev.vigil.agent.AgentRequest;
import dev.vigil.agent.AgentResult;
import dev.vigil.agent.OcfStatus;

/**
 * The first step of every agent action: read the request's parameters into settings. Parameters
 * that do not make sense (the parser throws IllegalArgumentException, saying why) answer
 * ERR_CONFIGURED with that reason, and nothing runs.
 */
public final class Configured {
    private Configured() {
    }

    public static <T> AgentResult run(AgentRequest request, Function<AgentRequest, T> parse,
            Function<T, AgentResult> action) {
        T settings;
        try {
            settings = parse.apply(request);
        } catch (IllegalArgumentException e) {
            return AgentResult.of(OcfStatus.ERR_CONFIGURED, e.getMessage());
        }
        return action.apply(settings);
    }
}
