package org.jumpgate.cli;

/**
 * A subcommand of {@code jumpgate} that lives in another module (the load generator's
 * {@code load} and {@code echo-node}), so that this module need not depend on it. {@link Main#run}
 * finds every implementation on the class path with {@link java.util.ServiceLoader} (registered in
 * {@code META-INF/services/org.jumpgate.cli.JumpgateSubcommand}) and adds its command beside the
 * built-in ones: it answers {@code --help}, is listed by {@code jumpgate --help} and
 * {@code jumpgate help}, and exits 0, 1 or 2 like them.
 */
public interface JumpgateSubcommand {

    /**
     * The picocli command object: an instance of a class annotated with {@code @Command(name = ...)}.
     * Each call of {@link Main#run} loads the providers anew, so the provider may be the command itself.
     */
    Object command();
}
