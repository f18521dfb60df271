package org.jumpgate.it.slurm;

import java.util.Map;

/** Local test users: created with a home if missing, password set to {@code *} (not locked). */
final class Users {

    private Users() {
    }

    static synchronized void ensure(String user) {
        if (!user.matches("[a-z_][a-z0-9_-]{0,30}")) {
            throw new IllegalArgumentException("not a test user name: " + user);
        }
        if (!exists(user)) {
            Command.Result added = Command.run(Map.of(), "useradd", "-m", user);
            if (!added.ok() && !exists(user)) {
                throw new IllegalStateException(added.toString());
            }
        }
        Command.run(Map.of(), "usermod", "-p", "*", user).orThrow();
    }

    private static boolean exists(String user) {
        return Command.run(Map.of(), "id", "-u", user).ok();
    }
}
