package org.jumpgate.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.jumpgate.balancer.Backend;
import org.junit.jupiter.api.Test;

class KexPoolTest {

    static final class FakeSession {
        final String node;
        boolean open = true;
        boolean closed;

        FakeSession(String node) {
            this.node = node;
        }
    }

    private static final Backend L1 = new Backend("login-1", "10.0.0.1", 22);
    private static final Backend L2 = new Backend("login-2", "10.0.0.2", 22);

    private final AtomicLong now = new AtomicLong();
    /** Opens not completed yet, in order: the test completes them (the key exchange is done). */
    private final List<CompletableFuture<FakeSession>> opening = new ArrayList<>();
    private final List<String> openedFor = new ArrayList<>();
    private final KexPool<FakeSession> pool = pool(2);

    private KexPool<FakeSession> pool(int size) {
        return new KexPool<>(size, Duration.ofSeconds(60), now::get, new KexPool.Sessions<>() {
            @Override
            public CompletableFuture<FakeSession> open(Backend node) {
                CompletableFuture<FakeSession> f = new CompletableFuture<>();
                opening.add(f);
                openedFor.add(node.name());
                return f;
            }

            @Override
            public boolean usable(FakeSession s) {
                return s.open && !s.closed;
            }

            @Override
            public void close(FakeSession s) {
                s.closed = true;
            }
        });
    }

    private void kexDone() {
        for (int i = 0; i < opening.size(); i++) {
            opening.get(i).complete(new FakeSession(openedFor.get(i)));
        }
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void eachTakingNodeGetsSizeSessionsOnceTheirKeyExchangeIsDone() {
        pool.refill(List.of(L1, L2));
        assertThat(openedFor).containsExactly("login-1", "login-1", "login-2", "login-2");
        pool.refill(List.of(L1, L2));
        assertThat(opening).as("on the way count: no more opened").hasSize(4);
        assertThat(pool.size()).isZero();

        kexDone();

        assertThat(pool.size()).isEqualTo(4);
        FakeSession s = pool.take(L1);
        assertThat(s).isNotNull();
        assertThat(s.node).isEqualTo("login-1");
        assertThat(pool.hits()).isEqualTo(1);
        assertThat(pool.size()).isEqualTo(3);
        pool.refill(List.of(L1, L2));
        assertThat(opening).as("the one taken is replaced").hasSize(5);
    }

    @Test
    void anEmptyPoolIsAMiss() {
        assertThat(pool.take(L1)).isNull();
        assertThat(pool.misses()).isEqualTo(1);
        pool.refill(List.of(L1));
        assertThat(pool.take(L1)).as("still in key exchange").isNull();
        assertThat(pool.misses()).isEqualTo(2);
    }

    @Test
    void sessionsMaxAgeOldAreClosedAndReplaced() {
        pool.refill(List.of(L1));
        kexDone();
        advance(Duration.ofSeconds(59));
        assertThat(pool.size()).isEqualTo(2);
        advance(Duration.ofSeconds(1));

        assertThat(pool.take(L1)).as("too old: login grace time near").isNull();
        pool.refill(List.of(L1));

        assertThat(opening).hasSize(4);
        assertThat(opening.get(0).join().closed).isTrue();
        assertThat(opening.get(1).join().closed).isTrue();
    }

    @Test
    void aSessionTheNodeClosedIsNotHandedOut() {
        pool.refill(List.of(L1));
        kexDone();
        opening.get(0).join().open = false;
        FakeSession s = pool.take(L1);
        assertThat(s).isSameAs(opening.get(1).join());
    }

    @Test
    void nodesNoLongerTakingSessionsKeepNoneAndOpensForThemAreClosed() {
        pool.refill(List.of(L1, L2));
        opening.get(0).complete(new FakeSession("login-1"));
        opening.get(1).complete(new FakeSession("login-1"));
        pool.refill(List.of(L1)); // login-2 went DOWN or DRAIN
        opening.get(2).complete(new FakeSession("login-2"));
        opening.get(3).complete(new FakeSession("login-2"));
        pool.refill(List.of(L1));

        assertThat(pool.take(L2)).isNull();
        assertThat(opening.get(2).join().closed).isTrue();
        assertThat(opening.get(3).join().closed).isTrue();
        assertThat(pool.size()).isEqualTo(2);
    }

    @Test
    void aNodeThatFailedIsTriedAgainOnlyAfterAPause() {
        pool.refill(List.of(L1));
        opening.get(0).completeExceptionally(new RuntimeException("connection refused"));
        pool.refill(List.of(L1));
        assertThat(opening).hasSize(2);
        advance(KexPool.RETRY_AFTER);
        pool.refill(List.of(L1));
        assertThat(opening).hasSize(3);
    }

    @Test
    void sizeZeroIsOffAndClosingClosesEverySession() {
        KexPool<FakeSession> off = pool(0);
        off.refill(List.of(L1));
        assertThat(opening).isEmpty();
        assertThat(off.take(L1)).isNull();
        assertThat(off.misses()).as("off: no misses either").isZero();

        pool.refill(List.of(L1));
        opening.get(0).complete(new FakeSession("login-1"));
        pool.close();
        opening.get(1).complete(new FakeSession("login-1"));
        assertThat(opening.get(0).join().closed).isTrue();
        assertThat(opening.get(1).join().closed).isTrue();
        pool.refill(List.of(L1));
        assertThat(opening).hasSize(2);
    }
}
