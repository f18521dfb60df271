package org.jumpgate.loadgen.run;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jumpgate.auth.Totp;

/**
 * Hands out users round robin and keeps the one-time-code ledger. While the gateway may ask for
 * codes (until a login succeeds without being asked), a user with codes is leased to one login at
 * a time: two logins of one user in the same step cannot both pass, and two in neighbouring steps
 * could reach the gateway in the wrong order. A user whose current step was already used is
 * skipped until the next step when the plan waits ({@code totpWait}); otherwise the login goes
 * ahead and its prompt is answered with nothing ({@link Answer#STEP_USED}).
 */
final class UserPool {

    enum Asked { UNKNOWN, YES, NO }

    /** What to answer at a code prompt. */
    record Answer(String code, ErrorKind failure, String why) {
        static final Answer STEP_USED = new Answer(null, ErrorKind.TOTP_STEP_USED,
                "this user's current one-time-code step was already used (use more users, --totp-wait,"
                        + " or a publickey-only gateway)");
        static final Answer NO_CODES = new Answer(null, ErrorKind.AUTH,
                "the gateway asked for a one-time code and this user has no totp secret");
    }

    private static final class State {
        boolean leased;
        long lastStep = Long.MIN_VALUE;
    }

    private final List<LoadUser> users;
    private final Map<String, State> states = new HashMap<>();
    private final Clock clock;
    private final boolean waitForStep;
    private Asked asked = Asked.UNKNOWN;
    private int next;

    UserPool(Users users, Clock clock, boolean waitForStep) {
        this.users = users.all();
        this.clock = clock;
        this.waitForStep = waitForStep;
        for (LoadUser u : this.users) {
            states.put(u.name(), new State());
        }
    }

    /** The next user that may log in now, leased until {@link #release}; null if none may. */
    synchronized LoadUser lease() {
        for (int i = 0; i < users.size(); i++) {
            LoadUser u = users.get(next);
            next = (next + 1) % users.size();
            if (!u.hasCodes() || asked == Asked.NO) {
                return u;
            }
            State s = states.get(u.name());
            if (s.leased || (waitForStep && asked == Asked.YES && Totp.step(clock.instant()) <= s.lastStep)) {
                continue;
            }
            s.leased = true;
            return u;
        }
        return null;
    }

    /** The login of {@code user} is past authentication (either way). */
    synchronized void release(LoadUser user, boolean authenticated, boolean wasAsked) {
        State s = states.get(user.name());
        if (s != null) {
            s.leased = false;
        }
        if (authenticated && !wasAsked && asked == Asked.UNKNOWN) {
            asked = Asked.NO;
        }
    }

    /** The gateway asked {@code user} for a code: the code to answer, or why there is none. */
    synchronized Answer answer(LoadUser user) {
        asked = Asked.YES;
        if (!user.hasCodes()) {
            return Answer.NO_CODES;
        }
        State s = states.get(user.name());
        CodeSource.Code code = user.codes().current();
        if (code.step() <= s.lastStep) {
            return Answer.STEP_USED;
        }
        s.lastStep = code.step();
        return new Answer(code.digits(), null, null);
    }

    synchronized Asked asked() {
        return asked;
    }
}
