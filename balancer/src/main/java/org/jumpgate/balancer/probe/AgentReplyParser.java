package org.jumpgate.balancer.probe;

import java.util.Locale;
import org.jumpgate.balancer.pool.AgentReply;

/**
 * Parses one HAProxy agent-check reply line: words separated by spaces, tabs or commas, any case,
 * any order ({@code up}, {@code down}, {@code fail}, {@code stopped}, {@code ready}, {@code drain},
 * {@code maint}, {@code NN%}, {@code maxconn:N}), then optionally {@code #} and a description
 * ({@code down#disk full}). A later word of the same kind wins over an earlier one. Unknown words,
 * non-printable bytes and an empty reply are failures.
 */
final class AgentReplyParser {

    /** Largest {@code NN%} accepted: HAProxy scales the configured weight by it, up to its weight limit. */
    static final int MAX_PERCENT = 1000;
    /** Largest {@code maxconn:N} accepted. */
    static final int MAX_MAXCONN = 1_000_000;

    private AgentReplyParser() {
    }

    static AgentReply parse(String line) throws ProbeFailure {
        String s = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7e) {
                throw new ProbeFailure("agent reply with a non-printable byte 0x" + Integer.toHexString(c)
                        + " at " + i + ": '" + SshIdentification.printable(s) + "'");
            }
        }
        int sharp = s.indexOf('#');
        String description = sharp < 0 ? null : s.substring(sharp + 1).trim();
        String head = sharp < 0 ? s : s.substring(0, sharp);
        AgentReply.Admin admin = null;
        AgentReply.Operational operational = null;
        int percent = -1;
        int maxconn = -1;
        boolean any = description != null;
        for (String word : head.split("[ \t,]+")) {
            if (word.isEmpty()) {
                continue;
            }
            any = true;
            String w = word.toLowerCase(Locale.ROOT);
            switch (w) {
                case "up" -> operational = AgentReply.Operational.UP;
                case "down" -> operational = AgentReply.Operational.DOWN;
                case "fail" -> operational = AgentReply.Operational.FAIL;
                case "stopped" -> operational = AgentReply.Operational.STOPPED;
                case "ready" -> admin = AgentReply.Admin.READY;
                case "drain" -> admin = AgentReply.Admin.DRAIN;
                case "maint" -> admin = AgentReply.Admin.MAINT;
                default -> {
                    if (w.endsWith("%")) {
                        percent = number(word, w.substring(0, w.length() - 1), MAX_PERCENT);
                    } else if (w.startsWith("maxconn:")) {
                        maxconn = number(word, w.substring("maxconn:".length()), MAX_MAXCONN);
                    } else {
                        throw new ProbeFailure("agent reply has an unknown word '" + SshIdentification.printable(word)
                                + "', expected up, down, fail, stopped, ready, drain, maint, NN% or maxconn:N");
                    }
                }
            }
        }
        if (!any) {
            throw new ProbeFailure("agent reply is empty");
        }
        return new AgentReply(admin, operational, percent, maxconn, description);
    }

    private static int number(String word, String digits, int max) throws ProbeFailure {
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ProbeFailure("agent reply word '" + SshIdentification.printable(word)
                    + "' has no whole number, expected such as 75% or maxconn:100");
        }
        int n = Integer.parseInt(digits);
        if (n > max) {
            throw new ProbeFailure("agent reply word '" + word + "' is above " + max);
        }
        return n;
    }
}
