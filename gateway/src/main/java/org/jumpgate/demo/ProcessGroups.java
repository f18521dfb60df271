package org.jumpgate.demo;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Signals to a session's process group, through libc's {@code killpg} (JNA). Every session
 * process of a demo node leads its own group (pty4j and {@code setsid} make it a session
 * leader), so a group signal reaches the shell and what it started in the foreground, never
 * the JVM. sshd ends a session the same way: its processes get {@code SIGHUP}.
 * An interactive shell puts each job in a group of its own and passes a SIGHUP on to its jobs,
 * unless a read of the hung-up terminal ends it first: so the shell's children get theirs here too.
 */
final class ProcessGroups {

    static final int SIGHUP = 1;

    /** libc, as much of it as this needs. Public for JNA's proxy. */
    public interface LibC extends Library {
        int killpg(int processGroup, int signal);

        int kill(int pid, int signal);
    }

    private static final LibC LIBC = Native.load("c", LibC.class);

    private ProcessGroups() {
    }

    /**
     * Sends {@code signal} to the process group {@code group}; false if no process of it is
     * left (or the group is not ours to signal).
     */
    static boolean signal(long group, int signal) {
        if (group <= 1 || group > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("not a process group of a session: " + group);
        }
        return LIBC.killpg((int) group, signal) == 0;
    }

    /** {@code SIGHUP} to the group, as when a terminal hangs up. */
    static boolean hangUp(long group) {
        return signal(group, SIGHUP);
    }

    /** {@code SIGHUP} to one process (a shell's background job leads a group of its own). */
    static boolean hangUpProcess(long pid) {
        if (pid <= 1 || pid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("not a process of a session: " + pid);
        }
        return LIBC.kill((int) pid, SIGHUP) == 0;
    }
}
