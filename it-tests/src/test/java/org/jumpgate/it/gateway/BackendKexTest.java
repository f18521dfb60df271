package org.jumpgate.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jumpgate.it.fixture.Result;
import org.jumpgate.it.fixture.TestUser;
import org.junit.jupiter.api.Test;

/** An operator may trade the backend link's post-quantum key exchange for cheaper logins. */
class BackendKexTest {

    @Test
    void loginWorksWithTheKeyExchangeTheOperatorChose() throws Exception {
        try (GatewayFixture gw = GatewayFixture.start(List.of("login-1"),
                "backendLink:\n  connectTimeout: 5s\n  kex: [curve25519-sha256]\n")) {
            TestUser user = gw.user("kex");
            Result r = gw.client(user).withCode(gw.nextCode(user)).ssh("mila", "echo $LOGIN_NODE");
            assertThat(r.stdout()).as(r.toString()).isEqualTo("login-1\n");
        }
    }
}
