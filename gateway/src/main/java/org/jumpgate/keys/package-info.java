/**
 * The gateway's own keys, kept in {@code dataDir}: its SSH host keys (ed25519, ecdsa, rsa; made
 * once, mode 0600, loaded unchanged afterwards so users' known_hosts keep matching) and the user
 * certificate authority that signs the short-lived certificates the gateway logs in to login
 * nodes with.
 */
package org.jumpgate.keys;
