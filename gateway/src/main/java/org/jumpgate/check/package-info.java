/**
 * {@code jumpgate check}: everything that would stop a gateway from starting, found without
 * starting it (nothing bound, nothing written). {@link org.jumpgate.check.ConfigCheck} lists the
 * config's own errors, then every file and directory it names (missing, not a directory, wrong
 * owner or mode, unreadable, not writable where the gateway writes), read with the gateway's own
 * readers where it has one, and the StrictModes survey of users' files. {@code serve} runs the
 * same check before it binds, so the two refuse the same things.
 */
@NullMarked
package org.jumpgate.check;

import org.jspecify.annotations.NullMarked;
