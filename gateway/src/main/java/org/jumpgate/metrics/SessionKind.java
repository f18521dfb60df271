package org.jumpgate.metrics;

import java.util.Locale;

/**
 * The {@code kind} tag of {@code jumpgate_sessions_started_total} and {@code jumpgate_sessions_open}:
 * what a channel does, from the audit log's {@code request} ({@code shell}, {@code exec rsync},
 * {@code subsystem sftp}) or from the channel type ({@code direct-tcpip}: a jump to a node, or a
 * {@code -L} forward leaving from the login node). Commands and subsystem names other than sftp are
 * never tag values.
 */
enum SessionKind {
    SHELL, EXEC, SFTP, SUBSYSTEM, JUMP, FORWARD;

    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind of a session channel's {@code request}; null when it never started anything. */
    static SessionKind ofRequest(String request) {
        if (request == null) {
            return null;
        }
        if (request.equals("shell")) {
            return SHELL;
        }
        if (request.startsWith("exec ") || request.equals("exec")) {
            return EXEC;
        }
        if (request.equals("subsystem sftp")) {
            return SFTP;
        }
        if (request.startsWith("subsystem")) {
            return SUBSYSTEM;
        }
        return null;
    }
}
