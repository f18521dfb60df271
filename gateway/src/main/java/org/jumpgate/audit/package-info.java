/**
 * The audit trail operators and security teams read: one JSON object per line for every
 * authentication success and failure, backend chosen, session start and end (exit status, bytes,
 * duration), every jump allowed, denied or closed, forwards (-L, -R, agent, X11), drains and
 * reloads. Each kind of event is a record of {@link org.jumpgate.audit.AuditEvent}, so its name
 * and fields are fixed in one place, and so is the rule that every text field is printable and
 * bounded. The file is reopened on {@link org.jumpgate.audit.AuditLog#reopen()} (SIGHUP, for
 * logrotate). Never a secret: no code, no private key.
 */
package org.jumpgate.audit;
