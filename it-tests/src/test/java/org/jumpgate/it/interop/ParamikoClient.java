package org.jumpgate.it.interop;

/**
 * paramiko ({@code python3-paramiko}): {@code Transport.auth_publickey}, then
 * {@code auth_interactive} with a handler that answers the code; {@code exec_command},
 * {@code get_pty}/{@code resize_pty}, {@code SFTPClient}, a {@code direct-tcpip} channel as the
 * socket of a second {@code Transport} for the jump (how paramiko users write ProxyJump), and a
 * {@code direct-tcpip} channel for the forward (what paramiko's forward demo does per connection).
 * Script: {@code paramiko_client.py}.
 */
final class ParamikoClient extends PythonClient {

    ParamikoClient(InteropCluster cluster) {
        super(cluster, "paramiko", "python3-paramiko");
    }
}
