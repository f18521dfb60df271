/**
 * The audit trail operators and security teams read: one JSON object per line for every
 * authentication success and failure, backend chosen, session start and end (exit status, bytes,
 * duration), every jump allowed, denied or closed, forwards, drains and reloads. Each kind of
 * event is a record of {@link org.jumpgate.audit.AuditEvent}, so its name and fields are fixed in
 * one place. Never a secret: no code, no private key.
 */
package org.jumpgate.audit;
