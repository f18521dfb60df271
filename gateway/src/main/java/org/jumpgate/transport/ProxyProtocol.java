package org.jumpgate.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.session.AbstractServerSession;
import org.apache.sshd.server.session.ServerProxyAcceptor;
import org.apache.sshd.server.session.ServerSession;
import org.jumpgate.common.Cidr;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HAProxy's PROXY protocol (v1 text, v2 binary) before the SSH identification, read only from
 * the configured load balancers: their header names the user's real address, which then stands
 * in the audit log and in {@code from=} checks. From anyone else a header is never read (and so
 * fails as a bad identification). Netty's decoder does the decoding.
 */
public final class ProxyProtocol implements ServerProxyAcceptor {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyProtocol.class);

    /** A v1 header is at most this long (spec: 107 bytes with CRLF). */
    public static final int V1_MAX = 107;
    /** Longest v2 address block accepted (addresses and TLVs). */
    public static final int V2_MAX_BLOCK = 1024;

    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);

    /** What is done with the client address a header names, before any SSH is spoken; throwing refuses it. */
    @FunctionalInterface
    public interface Admission {
        void admit(ServerSession session, InetAddress client) throws IOException;
    }

    private final java.util.function.Supplier<List<Cidr>> from;
    private final Admission admission;

    public ProxyProtocol(List<Cidr> from) {
        this(constant(from), (session, client) -> { });
    }

    /**
     * Reads headers from the balancers {@code from} gives now (a reload may change them); each
     * client address named is then put to {@code admission}.
     */
    public ProxyProtocol(java.util.function.Supplier<List<Cidr>> from, Admission admission) {
        this.from = from;
        this.admission = admission;
    }

    private static java.util.function.Supplier<List<Cidr>> constant(List<Cidr> from) {
        List<Cidr> fixed = List.copyOf(from);
        return () -> fixed;
    }

    @Override
    public boolean acceptServerProxyMetadata(ServerSession session, Buffer buffer) throws Exception {
        if (!(session.getRemoteAddress() instanceof InetSocketAddress peer) || !trusted(peer.getAddress())) {
            return true;
        }
        byte[] data = buffer.array();
        int start = buffer.rpos();
        int available = buffer.available();
        int length;
        if (startsWith(data, start, available, V2_SIGNATURE)) {
            if (available < 16) {
                return false;
            }
            int block = ((data[start + 14] & 0xff) << 8) | (data[start + 15] & 0xff);
            if (block > V2_MAX_BLOCK) {
                throw new IOException("PROXY v2 header from " + peer + " declares " + block + " bytes, limit " + V2_MAX_BLOCK);
            }
            length = 16 + block;
        } else if (startsWith(data, start, available, V1_PREFIX)) {
            int end = indexOfCrLf(data, start, Math.min(available, V1_MAX));
            if (end < 0) {
                if (available >= V1_MAX) {
                    throw new IOException("PROXY v1 header from " + peer + " has no end within " + V1_MAX + " bytes");
                }
                return false;
            }
            length = end - start + 2;
        } else if (available < V2_SIGNATURE.length && (prefixOf(data, start, available, V2_SIGNATURE)
                || prefixOf(data, start, available, V1_PREFIX))) {
            return false; // not enough yet to tell
        } else {
            return true; // a trusted peer speaking SSH straight away (e.g. its own health check)
        }
        if (available < length) {
            return false;
        }
        HAProxyMessage message = decode(Arrays.copyOfRange(data, start, start + length));
        InetAddress client = null;
        try {
            HAProxyProxiedProtocol.AddressFamily family = message.proxiedProtocol().addressFamily();
            // only IP addresses (literals, never looked up); an AF_UNIX header names paths: the balancer stays the client
            if (message.command() == HAProxyCommand.PROXY && message.sourceAddress() != null
                    && (family == HAProxyProxiedProtocol.AddressFamily.AF_IPv4
                    || family == HAProxyProxiedProtocol.AddressFamily.AF_IPv6)
                    && session instanceof AbstractServerSession s) {
                client = InetAddress.getByName(message.sourceAddress());
                s.setClientAddress(new InetSocketAddress(client, message.sourcePort()));
            }
        } finally {
            message.release();
        }
        buffer.rpos(start + length);
        if (client != null) {
            admission.admit(session, client);
        }
        return true;
    }

    private static HAProxyMessage decode(byte[] header) throws IOException {
        EmbeddedChannel channel = new EmbeddedChannel(new HAProxyMessageDecoder());
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(header));
            Object decoded = channel.readInbound();
            if (decoded instanceof HAProxyMessage m) {
                return m;
            }
            throw new IOException("not a PROXY header");
        } catch (RuntimeException e) {
            LOG.info("refused a malformed PROXY header: {}", e.getMessage());
            throw new IOException("malformed PROXY header: " + e.getMessage(), e);
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    private boolean trusted(InetAddress a) {
        return from.get().stream().anyMatch(c -> c.contains(a));
    }

    private static boolean startsWith(byte[] d, int off, int len, byte[] prefix) {
        return len >= prefix.length && Arrays.equals(d, off, off + prefix.length, prefix, 0, prefix.length);
    }

    /** Whether the {@code len} bytes so far could start {@code prefix} (or start with it). */
    private static boolean prefixOf(byte[] d, int off, int len, byte[] prefix) {
        int n = Math.min(len, prefix.length);
        return Arrays.equals(d, off, off + n, prefix, 0, n);
    }

    private static int indexOfCrLf(byte[] d, int off, int len) {
        for (int i = off; i + 1 < off + len; i++) {
            if (d[i] == '\r' && d[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
