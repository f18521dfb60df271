/**
 * Which login nodes a new session may go to, best first. {@link org.jumpgate.balancer.selection.Scoring}
 * turns a member's reported load per CPU, memory pressure, the gateway's own live sessions there and
 * the sessions picked for it since its last probe into one number, divided by its weight;
 * {@link org.jumpgate.balancer.selection.Selection} orders the members by it, puts a user's affinity
 * node first while it is UP and not overloaded, and sends a pinned request only to its node.
 */
package org.jumpgate.balancer.selection;
