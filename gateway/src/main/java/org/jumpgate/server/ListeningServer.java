package org.jumpgate.server;

import org.apache.sshd.common.io.IoAcceptor;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;

/** MINA's server with one more lifecycle step: stop accepting while open sessions carry on. */
final class ListeningServer extends SshServer {

    static ListeningServer create() {
        return (ListeningServer) ServerBuilder.builder().factory(ListeningServer::new).build();
    }

    void stopAccepting() {
        IoAcceptor a = acceptor;
        if (a != null) {
            a.unbind();
        }
    }
}
