package org.jumpgate.it.interop;

/**
 * asyncssh ({@code python3-asyncssh}): {@code connect} with the key and a client whose
 * {@code kbdint_challenge_received} answers the code; {@code run}, {@code create_process} with a
 * pty and {@code change_terminal_size}, {@code start_sftp_client}, {@code connect(tunnel=...)}
 * for the jump, {@code forward_local_port} (a real {@code -L}: a local listener, a direct-tcpip
 * channel per connection) for the forward. Script:
 * {@code asyncssh_client.py}.
 */
final class AsyncsshClient extends PythonClient {

    AsyncsshClient(InteropCluster cluster) {
        super(cluster, "asyncssh", "python3-asyncssh");
    }
}
