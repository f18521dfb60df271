/**
 * Jumps: {@code direct-tcpip} channels ({@code ssh -J mila cn-a001}, {@code -L}). A login node's
 * name goes to that node's sshd; a compute node's name goes to the node only while the user has a
 * RUNNING job there (asked of the job directory, closed by the job watcher when the job ends);
 * a compute node spelled as a raw address is refused; anything else leaves through the user's
 * backend link, so {@code localhost} means the login node. The gateway process itself opens TCP
 * only to login nodes' sshd and to job-holding compute nodes, and every refusal says why.
 */
@NullMarked
package org.jumpgate.jump;

import org.jspecify.annotations.NullMarked;
