/**
 * The site's MFA over RADIUS ({@code auth.secondFactor: radius}): one Access-Request (PAP) per
 * answer the user types, to the servers of {@code auth.radius} in order, with
 * Message-Authenticator (RFC 3579) always set and every reply's authenticators verified. An
 * Access-Challenge (push or challenge-response MFA) comes back with its Reply-Message and State
 * for another prompt. Unreachable servers are an answer of their own, never an exception and
 * never a way in. The protocol is aaa4j-radius's; this package adds the failover over servers,
 * the shared secret's file rules and what may be shown of a server's text. The shared secret is
 * never logged nor put in an exception.
 */
@NullMarked
package org.jumpgate.radius;

import org.jspecify.annotations.NullMarked;
