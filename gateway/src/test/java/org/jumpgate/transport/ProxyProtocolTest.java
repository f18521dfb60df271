package org.jumpgate.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSessionImpl;
import org.jumpgate.common.Cidr;
import org.junit.jupiter.api.Test;

/**
 * The PROXY header reader on a real (not started) server session; the end-to-end test with
 * HAProxy is it-tests' {@code ProxyProtocolTest}, the fuzzing {@link ProxyProtocolFuzzTest}.
 */
class ProxyProtocolTest {

    static final InetSocketAddress BALANCER = new InetSocketAddress("127.0.0.1", 40000);

    private final ProxyProtocol proxy = new ProxyProtocol(List.of(Cidr.parse("127.0.0.0/8")));
    private final ServerSessionImpl session = sessionFrom(BALANCER);

    /** A real server session, not started, on a socket stand-in whose peer is {@code peer}. */
    static ServerSessionImpl sessionFrom(InetSocketAddress peer) {
        IoSession io = (IoSession) Proxy.newProxyInstance(IoSession.class.getClassLoader(),
                new Class<?>[] {IoSession.class}, (p, method, args) -> switch (method.getName()) {
                    case "getRemoteAddress", "getAcceptanceAddress" -> peer;
                    case "getLocalAddress" -> new InetSocketAddress("127.0.0.1", 2222);
                    case "getId" -> 1L;
                    case "isOpen" -> true;
                    case "toString" -> "connection from " + peer;
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == args[0];
                    default -> method.getReturnType() == boolean.class ? false : null;
                });
        try {
            return new ServerSessionImpl(SshServer.setUpDefaultServer(), io);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean accept(byte[] data) throws Exception {
        return proxy.acceptServerProxyMetadata(session, new ByteArrayBuffer(data));
    }

    @Test
    void aV1HeaderGivesTheRealClientAddress() throws Exception {
        ByteArrayBuffer b = new ByteArrayBuffer("PROXY TCP4 192.0.2.7 127.0.0.1 51000 2222\r\nSSH-2.0-x\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(proxy.acceptServerProxyMetadata(session, b)).isTrue();
        assertThat(session.getClientAddress()).isEqualTo(new InetSocketAddress("192.0.2.7", 51000));
        assertThat(b.getByte()).isEqualTo((byte) 'S');
    }

    /** Found by fuzzing: 7 to 11 bytes that start neither header threw ArrayIndexOutOfBoundsException. */
    @Test
    void aTrustedPeerSpeakingSshInSmallPiecesIsLetThrough() throws Exception {
        for (int n = 1; n < 12; n++) {
            assertThat(accept("SSH-2.0-OpenSSH_9.2".substring(0, n).getBytes(StandardCharsets.US_ASCII)))
                    .as("%d bytes", n).isTrue();
        }
        assertThat(accept(new byte[] {0x1d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a})).isTrue();
    }

    @Test
    void theStartOfAHeaderWaitsForMore() throws Exception {
        assertThat(accept("PROXY TCP4 192.0".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(accept(new byte[] {0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a})).isFalse();
        assertThat(accept("PROX".getBytes(StandardCharsets.US_ASCII))).isFalse();
    }

    @Test
    void aMalformedHeaderIsRefusedWithAnIOException() {
        assertThatThrownBy(() -> accept("PROXY TCP4 not-an-address 127.0.0.1 1 2\r\n".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IOException.class);
    }

    /**
     * An AF_UNIX header names socket paths, not addresses: the balancer stays the client (the path
     * was looked up as a host name on the accept thread, and an empty one became 127.0.0.1).
     */
    @Test
    void aV2UnixHeaderLeavesTheBalancerAsTheClient() throws Exception {
        for (String path : List.of("", "localhost", "/run/client.sock")) {
            byte[] addresses = new byte[216];
            byte[] p = path.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(p, 0, addresses, 0, p.length);
            ByteBuffer header = ByteBuffer.allocate(16 + addresses.length)
                    .put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A})
                    .put((byte) 0x21).put((byte) 0x31).putShort((short) addresses.length).put(addresses);
            session.setClientAddress(BALANCER);
            assertThat(accept(header.array())).as(path).isTrue();
            assertThat(session.getClientAddress()).as(path).isEqualTo(BALANCER);
        }
    }
}
