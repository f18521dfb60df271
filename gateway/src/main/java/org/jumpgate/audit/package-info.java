/**
 * The audit trail operators and security teams read: one JSON object per line for every
 * authentication success and failure, backend chosen, session start and end (exit status, bytes,
 * duration) and, later, every jump allowed or denied. Never a secret: no code, no private key.
 */
package org.jumpgate.audit;
