package dev.vigil.agent;

/** What happened to the execution of an operation, apart from what the agent answered. */
public enum ExecStatus {
    /** The agent ran and answered; its {@link OcfStatus} is meaningful. */
    DONE,
    /** The agent did not answer before the operation's deadline. */
    TIMEOUT,
    /** The operation was cancelled before it completed (e.g. a recurring monitor stopped). */
    CANCELLED,
    /** No agent of the requested type is installed on this node. */
    NOT_INSTALLED,
    /** The agent threw or broke its contract. */
    ERROR
}
