package org.jumpgate.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class LocalUserLocksTest {

    private final LocalUserLocks locks = new LocalUserLocks();

    @Test
    void aSecondCallerWaitsForTheFirstAndTimesOutWithTheUsersName() throws Exception {
        UserLocks.Held first = locks.acquire("alice", Duration.ofSeconds(1));
        assertThatThrownBy(() -> locks.acquire("alice", Duration.ofMillis(50)))
                .isInstanceOf(TimeoutException.class).hasMessageContaining("alice");
        CompletableFuture<UserLocks.Held> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return locks.acquire("alice", Duration.ofSeconds(30));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // released from another thread than the one that took it
        CompletableFuture.runAsync(first::close).get(10, TimeUnit.SECONDS);
        waiting.get(10, TimeUnit.SECONDS).close();
        assertThat(locks.size()).as("nothing kept once nobody holds or waits").isZero();
    }

    @Test
    void usersDoNotWaitForEachOther() throws Exception {
        try (UserLocks.Held a = locks.acquire("alice", Duration.ofSeconds(1));
             UserLocks.Held b = locks.acquire("bob", Duration.ofMillis(1))) {
            assertThat(locks.size()).isEqualTo(2);
        }
        assertThat(locks.size()).isZero();
    }
}
