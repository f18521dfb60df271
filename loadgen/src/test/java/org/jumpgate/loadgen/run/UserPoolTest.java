package org.jumpgate.loadgen.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.Test;

class UserPoolTest {

    private final AtomicLong step = new AtomicLong(100);
    private final CodeSource codes = () -> new CodeSource.Code(step.get(), "123456");

    private static KeyPair key() throws Exception {
        return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    }

    @Test
    void aTotpUserIsLeasedToOneLoginAtATime() throws Exception {
        LoadUser alice = new LoadUser("alice", key(), codes);
        UserPool pool = new UserPool(Users.of(alice), Clock.systemUTC(), false);
        assertThat(pool.lease()).isEqualTo(alice);
        assertThat(pool.lease()).isNull();
        pool.release(alice, true, true);
        assertThat(pool.lease()).isEqualTo(alice);
    }

    @Test
    void aStepIsAnsweredOnceThenCountedAsUsed() throws Exception {
        LoadUser alice = new LoadUser("alice", key(), codes);
        UserPool pool = new UserPool(Users.of(alice), Clock.systemUTC(), false);
        assertThat(pool.answer(alice).code()).isEqualTo("123456");
        assertThat(pool.answer(alice)).isEqualTo(UserPool.Answer.STEP_USED);
        step.incrementAndGet();
        assertThat(pool.answer(alice).code()).isEqualTo("123456");
        assertThat(pool.asked()).isEqualTo(UserPool.Asked.YES);
    }

    @Test
    void waitingSkipsAUserUntilTheNextStep() throws Exception {
        Instant t = Instant.ofEpochSecond(100 * 30 + 1);
        LoadUser alice = new LoadUser("alice", key(), codes);
        UserPool pool = new UserPool(Users.of(alice), Clock.fixed(t, ZoneOffset.UTC), true);
        assertThat(pool.lease()).isEqualTo(alice);
        pool.answer(alice);
        pool.release(alice, true, true);
        assertThat(pool.lease()).as("step 100 used, clock still in step 100").isNull();
        UserPool later = new UserPool(Users.of(alice), Clock.fixed(t.plusSeconds(30), ZoneOffset.UTC), true);
        assertThat(later.lease()).isEqualTo(alice);
    }

    @Test
    void aGatewayThatNeverAsksLiftsTheLease() throws Exception {
        LoadUser alice = new LoadUser("alice", key(), codes);
        LoadUser bob = new LoadUser("bob", key(), null);
        UserPool pool = new UserPool(Users.of(alice, bob), Clock.systemUTC(), false);
        assertThat(pool.lease()).isEqualTo(alice);
        assertThat(pool.lease()).isEqualTo(bob);
        assertThat(pool.lease()).as("alice leased, bob has no codes").isEqualTo(bob);
        pool.release(alice, true, false);
        assertThat(pool.asked()).isEqualTo(UserPool.Asked.NO);
        assertThat(pool.lease()).isEqualTo(alice);
        assertThat(pool.lease()).isEqualTo(bob);
        assertThat(pool.lease()).isEqualTo(alice);
        assertThat(pool.answer(bob)).isEqualTo(UserPool.Answer.NO_CODES);
    }
}
