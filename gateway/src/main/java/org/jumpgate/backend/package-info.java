/**
 * How the gateway logs in to a login node on a user's behalf: one backend link (a MINA client
 * session) per user connection, made lazily on the first relayed channel, authenticated with an
 * ephemeral key and a minutes-long user certificate from the gateway's CA, trying the
 * selector's candidates in order until one accepts.
 */
package org.jumpgate.backend;
