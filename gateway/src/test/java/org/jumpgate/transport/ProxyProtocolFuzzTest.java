package org.jumpgate.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.server.session.ServerSessionImpl;
import org.jumpgate.common.Cidr;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Jazzer fuzzing of {@link ProxyProtocol}: whatever bytes a trusted balancer's connection starts
 * with, the PROXY header reader asks for more, takes a header, lets SSH through, or refuses with
 * an {@link IOException}; it never throws anything else, never reads past what it was given,
 * never sets a client address that is not a literal one, and never hangs (libFuzzer's
 * {@code -timeout}, set in gateway/pom.xml). The session is a real one on a socket stand-in whose
 * peer is in {@code proxyProtocol.from}. Runs with the other fuzz targets in {@code mvn verify}
 * (gateway/pom.xml); alone: {@code JAZZER_FUZZ=1 mvn -pl gateway -am test -Dtest=ProxyProtocolFuzzTest}.
 */
@EnabledIfEnvironmentVariable(named = "JAZZER_FUZZ", matches = ".+")
class ProxyProtocolFuzzTest {

    private static final ProxyProtocol PROXY = new ProxyProtocol(List.of(Cidr.parse("127.0.0.0/8")));
    private static final ServerSessionImpl SESSION = ProxyProtocolTest.sessionFrom(ProxyProtocolTest.BALANCER);

    @FuzzTest(maxDuration = "30s")
    void fuzzedConnectionStartIsReadOrRefusedWithAnIOException(byte[] data) {
        SESSION.setClientAddress(ProxyProtocolTest.BALANCER);
        ByteArrayBuffer buffer = new ByteArrayBuffer(data);
        boolean done;
        try {
            done = PROXY.acceptServerProxyMetadata(SESSION, buffer);
        } catch (IOException refused) {
            return;
        } catch (Exception e) {
            throw new AssertionError("not an IOException", e);
        }
        assertThat(buffer.rpos()).isBetween(0, data.length);
        if (!done) {
            assertThat(buffer.rpos()).as("nothing consumed while waiting for more").isZero();
        }
        SocketAddress client = SESSION.getClientAddress();
        assertThat(client).isInstanceOf(InetSocketAddress.class);
        assertThat(((InetSocketAddress) client).isUnresolved()).isFalse();
    }
}
