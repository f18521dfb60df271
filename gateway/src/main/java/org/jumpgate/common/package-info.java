/**
 * The ground floor: small immutable values every other package may use, and that depend on no
 * other package of jumpgate: {@link org.jumpgate.common.HostPort} (a host and a port, IPv6 in
 * brackets), {@link org.jumpgate.common.Cidr} (an address block), {@link org.jumpgate.common.Durations}
 * (durations written as {@code 500ms}, {@code 5s}, {@code 12h}, and shown as written) and
 * {@link org.jumpgate.common.Glob} (shell-style name patterns).
 */
@NullMarked
package org.jumpgate.common;

import org.jspecify.annotations.NullMarked;
