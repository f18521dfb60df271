package org.jumpgate.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jumpgate.connection.KeyPolicy;
import org.junit.jupiter.api.Test;

class ParkedLinksTest {

    /** A link as the lot sees it: open or not, marked or not, closed by the lot or not. */
    static final class FakeLink {
        final String node;
        boolean open = true;
        boolean closed;

        FakeLink(String node) {
            this.node = node;
        }
    }

    private static final KeyPolicy POLICY = new KeyPolicy("SHA256:a", Set.of("permit-pty"), null);
    private static final LinkKey ALICE = new LinkKey("alice", POLICY, null);

    private final AtomicLong now = new AtomicLong();
    private final ParkedLinks<FakeLink> lot = lot(Duration.ofSeconds(30));

    private ParkedLinks<FakeLink> lot(Duration linger) {
        return new ParkedLinks<>(linger, now::get, new ParkedLinks.Links<>() {
            @Override
            public boolean usable(FakeLink link) {
                return link.open && !link.closed;
            }

            @Override
            public void close(FakeLink link) {
                link.closed = true;
            }
        });
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void theSameUsersNextConnectionTakesTheLinkWithinLinger() {
        FakeLink link = new FakeLink("login-1");
        assertThat(lot.park(ALICE, link)).isTrue();
        assertThat(lot.size()).isEqualTo(1);
        advance(Duration.ofSeconds(29));

        ParkedLinks.Parked<FakeLink> taken = lot.take(ALICE, l -> true);

        assertThat(taken).isNotNull();
        assertThat(taken.link()).isSameAs(link);
        assertThat(lot.parkedFor(taken)).isEqualTo(Duration.ofSeconds(29));
        assertThat(link.closed).isFalse();
        assertThat(lot.size()).isZero();
        assertThat(lot.reused()).isEqualTo(1);
        assertThat(lot.take(ALICE, l -> true)).as("taken once").isNull();
    }

    @Test
    void anotherUserAnotherKeyPolicyOrAnotherPinNeverGetsIt() {
        FakeLink link = new FakeLink("login-1");
        lot.park(ALICE, link);

        assertThat(lot.take(new LinkKey("bob", POLICY, null), l -> true)).isNull();
        assertThat(lot.take(new LinkKey("alice", new KeyPolicy("SHA256:a", Set.of(), null), null), l -> true)).isNull();
        assertThat(lot.take(new LinkKey("alice", new KeyPolicy("SHA256:a", Set.of("permit-pty"), "/bin/date"), null),
                l -> true)).isNull();
        assertThat(lot.take(new LinkKey("alice", POLICY, "login-1"), l -> true)).isNull();
        assertThat(lot.reused()).isZero();
        assertThat(lot.take(ALICE, l -> true)).isNotNull();
    }

    @Test
    void aLinkParkedForLingerIsClosedBySweepAndNeverTaken() {
        FakeLink link = new FakeLink("login-1");
        lot.park(ALICE, link);
        advance(Duration.ofSeconds(30));

        assertThat(lot.take(ALICE, l -> true)).isNull();
        assertThat(link.closed).isTrue();

        FakeLink other = new FakeLink("login-1");
        lot.park(ALICE, other);
        advance(Duration.ofSeconds(29));
        lot.sweep();
        assertThat(other.closed).isFalse();
        advance(Duration.ofSeconds(1));
        lot.sweep();
        assertThat(other.closed).isTrue();
        assertThat(lot.size()).isZero();
    }

    @Test
    void aLinkItsLoginNodeClosedIsDroppedNotHandedOut() {
        FakeLink link = new FakeLink("login-1");
        lot.park(ALICE, link);
        link.open = false; // the node closed it, or a keepalive failed
        assertThat(lot.take(ALICE, l -> true)).isNull();
        assertThat(lot.size()).isZero();

        FakeLink again = new FakeLink("login-1");
        lot.park(ALICE, again);
        lot.forget(again); // its close listener
        assertThat(lot.size()).isZero();
        assertThat(lot.take(ALICE, l -> true)).isNull();
    }

    @Test
    void aLinkWhoseNodeNoLongerFitsStaysForLaterButIsNotTaken() {
        FakeLink link = new FakeLink("login-2");
        lot.park(ALICE, link);
        assertThat(lot.take(ALICE, l -> !l.node.equals("login-2"))).isNull();
        assertThat(link.closed).isFalse();
        assertThat(lot.take(ALICE, l -> true)).isNotNull();
    }

    @Test
    void theNewestIsTakenFirstAndAtMostFourWaitPerKey() {
        FakeLink[] links = new FakeLink[ParkedLinks.MAX_PER_KEY + 1];
        for (int i = 0; i < links.length; i++) {
            links[i] = new FakeLink("login-1");
            advance(Duration.ofSeconds(1));
            assertThat(lot.park(ALICE, links[i])).isEqualTo(i < ParkedLinks.MAX_PER_KEY);
        }
        assertThat(lot.take(ALICE, l -> true).link()).isSameAs(links[ParkedLinks.MAX_PER_KEY - 1]);
    }

    @Test
    void withLingerZeroOrOnceClosedNothingIsParked() {
        ParkedLinks<FakeLink> off = lot(Duration.ZERO);
        assertThat(off.park(ALICE, new FakeLink("login-1"))).isFalse();

        FakeLink link = new FakeLink("login-1");
        lot.park(ALICE, link);
        lot.close();
        assertThat(link.closed).isTrue();
        assertThat(lot.park(ALICE, new FakeLink("login-1"))).isFalse();
        lot.close();
    }
}
