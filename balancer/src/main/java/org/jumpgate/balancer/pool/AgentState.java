package org.jumpgate.balancer.pool;

/**
 * What an HAProxy agent has said so far. As in HAProxy, each reply changes only what it names:
 * {@code drain} stays until the agent says {@code ready}, {@code down} until it says {@code up}.
 * Not thread-safe; its member guards it.
 */
final class AgentState {

    private AgentReply.Admin admin = AgentReply.Admin.READY;
    private AgentReply.Operational operational = AgentReply.Operational.UP;
    private int percent = 100;
    private int maxconn = -1;

    void apply(AgentReply reply) {
        if (reply.admin() != null) {
            admin = reply.admin();
        }
        if (reply.operational() != null) {
            operational = reply.operational();
        }
        if (reply.weightPercent() >= 0) {
            percent = reply.weightPercent();
        }
        if (reply.maxconn() >= 0) {
            maxconn = reply.maxconn();
        }
    }

    void reset() {
        admin = AgentReply.Admin.READY;
        operational = AgentReply.Operational.UP;
        percent = 100;
        maxconn = -1;
    }

    boolean maint() {
        return admin == AgentReply.Admin.MAINT;
    }

    boolean drain() {
        return admin == AgentReply.Admin.DRAIN;
    }

    boolean down() {
        return !operational.isUp();
    }

    int percent() {
        return percent;
    }

    int maxconn() {
        return maxconn;
    }
}
