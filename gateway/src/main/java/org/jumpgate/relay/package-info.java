/**
 * The session relay: each {@code session} channel a user opens is paired with a channel of the
 * same type on the user's backend link. Bytes are pumped both ways with backpressure (a window
 * is released only once the other side has taken the bytes); EOF, close and every channel
 * request (pty-req, env, shell, exec, subsystem, window-change, signal, break, exit-status,
 * exit-signal and whatever OpenSSH adds next) pass through as they came, replies in order. The
 * relay interprets only what it must: the environment allow-list.
 */
package org.jumpgate.relay;
