/**
 * The interop suite: real third-party SSH clients against the gateway, in front of a real sshd
 * login node and a real sshd compute node with a real Slurm job ({@link
 * org.jumpgate.it.interop.InteropCluster}, once per test class). One runner per client, each a
 * row of the matrix that {@link org.jumpgate.it.interop.InteropTest} prints: {@link
 * org.jumpgate.it.interop.OpenSshClient} (ssh, scp, sftp), {@link
 * org.jumpgate.it.interop.PuttyClient} (plink, pscp, psftp; keys by puttygen), {@link
 * org.jumpgate.it.interop.DropbearClient} (dbclient; keys by dropbearconvert), {@link
 * org.jumpgate.it.interop.ParamikoClient} and {@link org.jumpgate.it.interop.AsyncsshClient}
 * (scripts under Debian's {@code /usr/bin/python3}), {@link org.jumpgate.it.interop.JschClient}
 * (in this JVM). Each knows how to give its client the user's key and answer the one-time code
 * prompt the way that client allows: programmatically, an askpass helper, {@code expect} on a
 * pty ({@link org.jumpgate.it.interop.Expect}), or typing into a tmux terminal.
 *
 * <p>The cells ({@link org.jumpgate.it.interop.Matrix.Cell}): key + code login; exec with exit
 * status 3; a pty and a resize; a 4 MiB sftp or scp round trip with equal sha256; a direct-tcpip
 * jump to the compute node, whose sshd checks the user's own key; a local forward to a port on
 * the login node's loopback. A cell a client cannot do is skipped with the reason, never passed.
 * Everything listens on 127.0.0.1; every process is stopped by pid; temp dirs are removed.
 */
package org.jumpgate.it.interop;
