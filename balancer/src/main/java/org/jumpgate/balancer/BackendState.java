package org.jumpgate.balancer;

/**
 * What a login node may take now, as the admin API shows it.
 *
 * <ul>
 *   <li>{@link #CHECKING}: new (or at a new address), its first SSH probe not back yet; takes
 *       nothing, not even a pinned session. The first probe decides: UP if it passed, DOWN if not.</li>
 *   <li>{@link #UP}: healthy, takes new sessions.</li>
 *   <li>{@link #DOWN}: its sshd failed {@code fall} probes in a row (or its agent said down);
 *       takes nothing, not even a pinned session, until {@code rise} probes pass.</li>
 *   <li>{@link #DRAIN}: healthy, but no new balanced sessions (drained by an operator, by its
 *       agent, or its effective weight is 0); live sessions stay, pinned sessions still go there.</li>
 *   <li>{@link #MAINT}: its agent said maint; takes nothing, not even a pinned session.</li>
 * </ul>
 */
public enum BackendState {
    CHECKING, UP, DOWN, DRAIN, MAINT;

    /** Whether a session that asked for this node by name may go there. */
    public boolean acceptsPinned() {
        return this == UP || this == DRAIN;
    }
}
