package org.jumpgate.limits;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jumpgate.common.Cidr;
import org.jumpgate.limits.LimitsConfig.NetBlock;

/** Source addresses grouped into blocks ({@code PerSourceNetBlockSize}): the unit every per-source limit counts. */
final class Blocks {

    private final NetBlock sizes;

    Blocks(NetBlock sizes) {
        this.sizes = sizes;
    }

    /** The block {@code address} belongs to, e.g. {@code 192.0.2.7/32}. */
    Cidr of(InetAddress address) {
        byte[] a = address.getAddress();
        int bits = a.length == 4 ? sizes.v4Bits() : sizes.v6Bits();
        for (int i = 0; i < a.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            a[i] &= (byte) (keep == 0 ? 0 : 0xff << (8 - keep));
        }
        try {
            return new Cidr(InetAddress.getByAddress(a), bits);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
        }
    }
}
