/**
 * What the gateway's SSH transport offers and how its sockets behave, shared by the user-facing
 * server and the client sessions to login nodes: modern algorithms only, no idle cut of an
 * established session, TCP_NODELAY for interactive use.
 */
package org.jumpgate.transport;
