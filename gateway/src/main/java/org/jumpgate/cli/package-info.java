/**
 * The {@code jumpgate} command: {@code serve}, {@code demo}, {@code fingerprints}, {@code ca},
 * {@code admin}, {@code totp enroll}, and for capacity runs {@code load} and {@code echo-node} (from the loadgen
 * module, found through {@link org.jumpgate.cli.JumpgateSubcommand}).
 * Exit codes are a contract: 0 success, 2 bad usage or configuration (every error printed),
 * 1 failure at run time. A user of the command never sees a stack trace.
 */
package org.jumpgate.cli;
