package org.jumpgate.balancer;

/**
 * What a login node may take now, as the admin API shows it.
 *
 * <ul>
 *   <li>{@link #UP}: healthy, takes new sessions.</li>
 *   <li>{@link #DOWN}: its sshd failed {@code fall} probes in a row (or its agent said down);
 *       takes nothing, not even a pinned session, until {@code rise} probes pass.</li>
 *   <li>{@link #DRAIN}: healthy, but no new balanced sessions (drained by an operator, by its
 *       agent, or its effective weight is 0); live sessions stay, pinned sessions still go there.</li>
 *   <li>{@link #MAINT}: its agent said maint; takes nothing, not even a pinned session.</li>
 * </ul>
 */
public enum BackendState {
    UP, DOWN, DRAIN, MAINT;

    /** Whether a session that asked for this node by name may go there. */
    public boolean acceptsPinned() {
        return this == UP || this == DRAIN;
    }
}
