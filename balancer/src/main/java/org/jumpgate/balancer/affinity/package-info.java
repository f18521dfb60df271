/**
 * Which login node each user last had a session on, kept for {@code balancer.affinityTtl} after
 * that session started or ended, so that a user who left tmux running on login-2 is sent back to
 * login-2. Entries live in a Caffeine cache whose {@link com.github.benmanes.caffeine.cache.Ticker}
 * is passed in, so tests move time instead of waiting.
 */
package org.jumpgate.balancer.affinity;
