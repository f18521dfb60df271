package org.jumpgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import org.jumpgate.common.HostPort;
import org.junit.jupiter.api.Test;

/** The rules of {@link AdminGuard} one by one; AdminServerTest replays them with curl. */
class AdminGuardTest {

    private static final String TOKEN = "3f9c1d5e7a2b4c6d8e0f1a3b5c7d9e1f";

    private static Headers headers(String... nameValue) {
        Headers h = new Headers();
        for (int i = 0; i < nameValue.length; i += 2) {
            h.add(nameValue[i], nameValue[i + 1]);
        }
        return h;
    }

    private static Integer status(AdminGuard guard, String method, String path, Headers headers) {
        AdminGuard.Refusal r = guard.check(method, path, headers);
        return r == null ? null : r.status();
    }

    @Test
    void aDeliberatelyRemoteAddressIsServedUnderThatAddressToo() {
        AdminGuard guard = new AdminGuard(new HostPort("10.0.0.5", 9122), null);
        assertThat(status(guard, "GET", "/readyz", headers("Host", "10.0.0.5:9122"))).isNull();
        assertThat(status(guard, "GET", "/readyz", headers("Host", "127.0.0.1:9122"))).isNull();
        assertThat(status(guard, "GET", "/readyz", headers("Host", "10.0.0.6:9122"))).isEqualTo(421);
        AdminGuard v6 = new AdminGuard(new HostPort("fd00::5", 9122), null);
        assertThat(status(v6, "GET", "/readyz", headers("Host", "[FD00::5]:9122"))).isNull();
        assertThat(status(v6, "GET", "/readyz", headers("Host", "fd00::5"))).isEqualTo(421);
    }

    @Test
    void twoHostHeadersAreRefused() {
        AdminGuard guard = new AdminGuard(new HostPort("127.0.0.1", 9122), null);
        AdminGuard.Refusal r = guard.check("GET", "/healthz", headers("Host", "127.0.0.1", "Host", "evil.example"));
        assertThat(r).isNotNull();
        assertThat(r.status()).isEqualTo(421);
        assertThat(r.reason()).contains("2 values");
    }

    @Test
    void anEchoedHeaderIsPrintableAndBounded() {
        AdminGuard guard = new AdminGuard(new HostPort("127.0.0.1", 9122), null);
        AdminGuard.Refusal r = guard.check("GET", "/healthz", headers("Origin", "http://e\u0007vil" + "x".repeat(500)));
        assertThat(r).isNotNull();
        assertThat(r.reason()).contains("http://e?vil").doesNotContain("\u0007").hasSizeLessThan(200);
    }

    @Test
    void theTokenIsCheckedBeforeTheContentTypeAndOnlyTheHealthChecksAreFree() {
        AdminGuard guard = new AdminGuard(new HostPort("127.0.0.1", 9122), AdminToken.of(TOKEN));
        assertThat(status(guard, "POST", "/api/reload", headers())).isEqualTo(401);
        assertThat(status(guard, "POST", "/api/reload", headers("Authorization", "bearer " + TOKEN))).isEqualTo(415);
        assertThat(status(guard, "POST", "/api/reload", headers("Authorization", "Bearer " + TOKEN,
                "Content-Type", "APPLICATION/JSON"))).isNull();
        assertThat(status(guard, "GET", "/healthz", headers())).isNull();
        assertThat(status(guard, "GET", "/readyz", headers())).isNull();
        assertThat(status(guard, "GET", "/healthz/", headers())).isEqualTo(401);
        assertThat(status(guard, "GET", "/metrics", headers())).isEqualTo(401);
        assertThat(status(guard, "GET", "/metrics", headers("Authorization", "Bearer " + TOKEN,
                "Authorization", "Bearer " + TOKEN))).isEqualTo(401);
    }
}
