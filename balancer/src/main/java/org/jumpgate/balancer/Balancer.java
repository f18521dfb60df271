package org.jumpgate.balancer;

import org.jumpgate.balancer.affinity.Affinity;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The balancer the gateway uses: a {@link BackendSelector} over probed login nodes, with the
 * operations of the admin API. {@link #start()} starts probing; every backend is CHECKING (takes
 * no session) until its first probe comes back. Thread-safe.
 */
public interface Balancer extends BackendSelector, AutoCloseable {

    /** A balancer on the system clock; call {@link #start()} to probe. */
    static Balancer create(BalancerSettings settings, List<BackendConfig> backends) {
        return create(settings, backends, Clock.systemUTC(), Ticker.systemTicker());
    }

    /**
     * A balancer with time passed in: {@code clock} stamps and ages probe results, {@code ticker}
     * ages user affinity.
     *
     * @throws IllegalArgumentException when two backends have the same name
     */
    static Balancer create(BalancerSettings settings, List<BackendConfig> backends, Clock clock, Ticker ticker) {
        return new DefaultBalancer(settings, backends, clock, ticker, Affinity.create(settings.affinityTtl(), ticker));
    }

    /** A balancer on the system clock whose user affinity is {@code affinity} (e.g. shared by a fleet). */
    static Balancer create(BalancerSettings settings, List<BackendConfig> backends, Affinity affinity) {
        return new DefaultBalancer(settings, backends, Clock.systemUTC(), Ticker.systemTicker(), affinity);
    }

    /** Starts the prober. Idempotent; fails once closed. */
    void start();

    /** Stops the prober and its event loop. Idempotent. Selection keeps answering from the last state. */
    @Override
    void close();

    /** Every backend now, in configuration order. */
    List<BackendStatus> backends();

    /** One backend now, by name. */
    Optional<BackendStatus> backend(String name);

    /**
     * Drains {@code name}: no new balanced sessions there, live ones stay, pinned ones still go.
     *
     * @return false when there is no such backend
     */
    boolean drain(String name);

    /** Undrains {@code name}; false when there is no such backend. */
    boolean undrain(String name);

    /**
     * Makes the balancer hold exactly {@code backends} (config reload). Kept backends keep their
     * sessions, drain flag and (unless their address or probe changed) their state; new ones (and
     * those at a new address) are CHECKING until their first probe; removed ones are no longer offered, and their live sessions are not touched.
     *
     * @throws IllegalArgumentException when two backends have the same name; nothing changes then
     */
    void reconfigure(List<BackendConfig> backends);

    BalancerSettings settings();

    /** Tells {@code observer} of every probe from now on (replacing the one before; {@link ProbeObserver#NONE} for none). */
    void observeProbes(ProbeObserver observer);
}
