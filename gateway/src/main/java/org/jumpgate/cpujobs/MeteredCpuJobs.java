package org.jumpgate.cpujobs;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * {@link CpuJobs#metered}: how long connections wait for their CPU job, by outcome
 * ({@code jumpgate_cpujobs_obtain_seconds{outcome=ready|refused}}), the jobs kept now, and the
 * idle expiries that kept a job for the fleet ({@code jumpgate_cpujobs_kept_total{reason}}).
 */
final class MeteredCpuJobs implements CpuJobs {

    private final CpuJobs delegate;
    private final MeterRegistry registry;
    private final Timer ready;
    private final Timer refused;

    MeteredCpuJobs(CpuJobs delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
        this.ready = timer(registry, "ready");
        this.refused = timer(registry, "refused");
        Gauge.builder("jumpgate.cpujobs.tracked", delegate, CpuJobs::tracked)
                .description("CPU jobs this gateway keeps for users (in use or idle)").register(registry);
        for (Kept why : Kept.values()) {
            FunctionCounter.builder("jumpgate.cpujobs.kept", delegate, j -> j.kept(why))
                    .tag("reason", why.name().toLowerCase(Locale.ROOT))
                    .description("idle expiries at which a CPU job was kept: another gateway of the fleet uses it "
                            + "(used_elsewhere), or the fleet's store could not tell (store_away)")
                    .register(registry);
        }
    }

    private static Timer timer(MeterRegistry registry, String outcome) {
        return Timer.builder("jumpgate.cpujobs.obtain").tag("outcome", outcome)
                .description("time from a connection's ask to its CPU job running (or its refusal)")
                .register(registry);
    }

    @Override
    public CompletableFuture<Use> obtain(Requester who, Consumer<String> progress) {
        Timer.Sample sample = Timer.start(registry); // on the registry's clock
        return delegate.obtain(who, progress).whenComplete((use, error) -> sample.stop(error == null ? ready : refused));
    }

    @Override
    public int tracked() {
        return delegate.tracked();
    }

    @Override
    public long kept(Kept why) {
        return delegate.kept(why);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
