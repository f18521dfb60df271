package org.jumpgate.loadgen.run;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.jumpgate.config.Cidr;

/**
 * Where load may go: loopback ({@code 127.0.0.0/8}, {@code ::1}) always, other addresses only
 * inside a block the operator allowed explicitly. A host name must resolve only to allowed
 * addresses, so a name cannot point a run at someone else's machine.
 */
final class TargetPolicy {

    private TargetPolicy() {
    }

    /** Null when {@code address} may receive load, else why not. */
    static String refusal(InetAddress address, List<Cidr> allowed) {
        if (address.isLoopbackAddress()) {
            return null;
        }
        for (Cidr c : allowed) {
            if (c.contains(address)) {
                return null;
            }
        }
        return address.getHostAddress() + " is not loopback and not in an allowed block"
                + (allowed.isEmpty() ? "" : " " + allowed) + "; load may only go to our own test hosts"
                + " (allow one with --allow-target CIDR)";
    }

    /** Resolves {@code host} and returns its first address if every address it has is allowed. */
    static InetAddress resolve(String host, List<Cidr> allowed) throws TargetRefusedException {
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new TargetRefusedException("cannot resolve target host '" + host + "'");
        }
        for (InetAddress a : all) {
            String why = refusal(a, allowed);
            if (why != null) {
                throw new TargetRefusedException("target " + host + ": " + why);
            }
        }
        return all[0];
    }
}
