package org.jumpgate.cluster;

/** {@link CpuJobUses#local()}: a gateway's own count of its uses (kept by {@code cpujobs}) is the whole truth. */
final class LocalCpuJobUses implements CpuJobUses {

    private static final Listed NOTHING = () -> { };

    @Override
    public Listed list(String user, String jobId) {
        return NOTHING;
    }

    @Override
    public boolean usedElsewhere(String user, String jobId) {
        return false;
    }

    @Override
    public boolean shared() {
        return false;
    }
}
