package org.jumpgate.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.server.session.ServerSession;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class UserConnectionTest {

    private static final Instant ACCEPTED = Instant.parse("2026-12-02T07:00:00Z");
    private static final InetSocketAddress BALANCER = new InetSocketAddress("192.0.2.1", 40000);
    private static final InetSocketAddress USER = new InetSocketAddress("198.51.100.7", 50022);

    /** A MINA session as far as the connection uses one: attributes and addresses. */
    private static ServerSession session(@Nullable SocketAddress proxied) {
        Map<Object, Object> attributes = new ConcurrentHashMap<>();
        return (ServerSession) Proxy.newProxyInstance(UserConnectionTest.class.getClassLoader(),
                new Class<?>[] {ServerSession.class}, (self, method, args) -> switch (method.getName()) {
                    case "setAttribute" -> attributes.put(args[0], args[1]);
                    case "getAttribute" -> attributes.get(args[0]);
                    case "getClientAddress" -> proxied;
                    case "getRemoteAddress" -> BALANCER;
                    case "getUsername" -> "alice";
                    case "toString" -> "session";
                    default -> null;
                });
    }

    @Test
    void aUserSessionCarriesItsConnectionFromCreation() {
        ServerSession session = session(null);
        UserConnection c = UserConnection.open(session, "a1b2c3d4e5f6", ACCEPTED, "login-2", null);

        assertThat(UserConnection.of(session)).isSameAs(c);
        assertThat(c.id()).isEqualTo("a1b2c3d4e5f6");
        assertThat(c.started()).isEqualTo(ACCEPTED);
        assertThat(c.pin()).isEqualTo("login-2");
        assertThat(c.user()).isEqualTo("alice");
        assertThat(c.keyPolicy()).isNull();
        assertThat(c.factorRemembered()).isFalse();
    }

    @Test
    void aSessionOfAnotherServerHasNoConnection() {
        ServerSession other = session(null);

        assertThat(UserConnection.find(other)).isNull();
        assertThatThrownBy(() -> UserConnection.of(other)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a user connection");
    }

    @Test
    void theUsersAddressIsTheProxyHeadersWhenABalancerSentOne() {
        assertThat(UserConnection.open(session(USER), "id", ACCEPTED, null, null).source()).isEqualTo("198.51.100.7:50022");
        assertThat(UserConnection.open(session(null), "id", ACCEPTED, null, null).source()).isEqualTo("192.0.2.1:40000");
    }

    @Test
    void whatAuthenticationLeavesIsReadByTheRest() {
        UserConnection c = UserConnection.open(session(null), "id", ACCEPTED, null, null);
        KeyPolicy policy = new KeyPolicy("SHA256:abc", Set.of("permit-pty"), null);

        c.keyPassed(policy);
        c.rememberFactor();
        c.authFailed();

        assertThat(c.keyPolicy()).isEqualTo(policy);
        assertThat(c.factorRemembered()).isTrue();
        assertThat(c.authFailed()).isEqualTo(2);
        assertThat(c.authFailures()).isEqualTo(2);
    }

    @Test
    void aChannelsRefusalReasonIsSentOnce() {
        UserConnection c = UserConnection.open(session(null), "id", ACCEPTED, null, null);

        c.refuseChannel(3, "jumpgate: no job of yours is running on cn-a001");

        assertThat(c.takeRefusal(4)).isNull();
        assertThat(c.takeRefusal(3)).isEqualTo("jumpgate: no job of yours is running on cn-a001");
        assertThat(c.takeRefusal(3)).isNull();
    }

    @Test
    void theLoginNodeLinkIsMadeOnceAndSharedByEveryChannel() {
        UserConnection c = UserConnection.open(session(null), "id", ACCEPTED, null, null);
        AtomicInteger made = new AtomicInteger();

        assertThat(c.link()).isNull();
        FakeLink first = c.link(FakeLink.class, () -> {
            made.incrementAndGet();
            return new FakeLink();
        });
        FakeLink second = c.link(FakeLink.class, () -> {
            made.incrementAndGet();
            return new FakeLink();
        });

        assertThat(second).isSameAs(first);
        assertThat(c.link()).isSameAs(first);
        assertThat(made).hasValue(1);
    }

    @Test
    void aLoginNodeSessionNamesTheUserConnectionItCarriesAndIsNoneItself() {
        UserConnection c = UserConnection.open(session(null), "id", ACCEPTED, null, null);
        Session linkSession = session(null);

        c.carriedBy(linkSession);

        assertThat(UserConnection.carriedOn(linkSession)).isSameAs(c);
        assertThat(UserConnection.find(linkSession)).isNull();
        assertThat(UserConnection.carriedOn(c.session())).isNull();
    }

    private static final class FakeLink implements LoginLink {
        @Override
        public @Nullable String backendName() {
            return "login-1";
        }

        @Override
        public void close() {
        }
    }
}
