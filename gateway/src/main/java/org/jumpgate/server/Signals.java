package org.jumpgate.server;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP for reload, through {@code sun.misc.Signal} (module jdk.unsupported) looked up at run
 * time, so a JVM without it still runs the gateway, just without the signal.
 */
final class Signals {

    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    /** Runs {@code action} on each SIGHUP; returns false if this JVM cannot deliver it. */
    static boolean onHangup(Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object hup = signal.getConstructor(String.class).newInstance("HUP");
            InvocationHandler ih = (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                    action.run();
                }
                return null;
            };
            Object h = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handler}, ih);
            signal.getMethod("handle", signal, handler).invoke(null, hup, h);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("SIGHUP reload is not available in this JVM ({}); use POST /api/reload", e.toString());
            return false;
        }
    }
}
