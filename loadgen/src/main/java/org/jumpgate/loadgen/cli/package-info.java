/**
 * The load generator's subcommands of {@code jumpgate}: {@code load}
 * ({@link org.jumpgate.loadgen.cli.LoadCommand}) and {@code echo-node}
 * ({@link org.jumpgate.loadgen.cli.EchoNodeCommand}). The gateway module does not know them: each
 * is a {@link org.jumpgate.cli.JumpgateSubcommand} registered in
 * {@code META-INF/services/org.jumpgate.cli.JumpgateSubcommand}, which
 * {@link org.jumpgate.cli.Main#run} finds on the class path and lists beside its own subcommands,
 * with the same {@code --help} and exit codes (0 success, 2 bad usage, 1 failure).
 */
package org.jumpgate.loadgen.cli;
