/**
 * The session relay: each {@code session} channel a user opens is paired with a channel of the
 * same type on the user's backend link. Bytes are pumped both ways with backpressure (a window
 * is released only once the other side has taken the bytes); EOF, close and every channel
 * request (pty-req, env, shell, exec, subsystem, window-change, signal, break, exit-status,
 * exit-signal and whatever OpenSSH adds next) pass through as they came, replies in order. The
 * relay interprets only what it must: the environment allow-list, and the end of a session (a
 * client's CLOSE that comes before the login node's exit status is held until it is passed on;
 * a connection the gateway cuts is told why on each session's stderr and in the disconnect
 * message).
 */
package org.jumpgate.relay;
