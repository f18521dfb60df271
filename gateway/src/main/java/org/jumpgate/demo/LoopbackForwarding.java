package org.jumpgate.demo;

import java.util.Locale;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.forward.ForwardingFilter;

/**
 * What a demo node forwards: {@code -L}, {@code -D} ({@code direct-tcpip}) only to loopback
 * targets, {@code -R} ({@code tcpip-forward}) listening only on loopback, {@code -A} always,
 * X11 never. Loopback means {@code localhost} or a 127/8 or {@code ::1} literal: nothing is
 * resolved here (MINA asks on an I/O thread).
 */
final class LoopbackForwarding implements ForwardingFilter {

    @Override
    public boolean canForwardAgent(Session session, String requestType) {
        return true;
    }

    @Override
    public boolean canForwardX11(Session session, String requestType) {
        return false;
    }

    @Override
    public boolean canListen(SshdSocketAddress address, Session session) {
        return isLoopback(address);
    }

    @Override
    public boolean canConnect(Type type, SshdSocketAddress address, Session session) {
        return isLoopback(address);
    }

    static boolean isLoopback(SshdSocketAddress address) {
        if (address == null || address.getHostName() == null) {
            return false;
        }
        String host = address.getHostName().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return SshdSocketAddress.isLoopback(host);
    }
}
