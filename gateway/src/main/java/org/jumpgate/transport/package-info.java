/**
 * What the gateway's SSH transport offers and how its sockets behave, shared by the user-facing
 * server and the client sessions to login nodes: modern algorithms only, no idle cut of an
 * established session, TCP_NODELAY for interactive use; and the cipher offer fitted to each client
 * (AES-GCM alone for a client that has it).
 */
package org.jumpgate.transport;
