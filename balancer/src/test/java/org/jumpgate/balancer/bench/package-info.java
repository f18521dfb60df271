/**
 * JMH benchmarks of the balancer, run by hand and never by surefire (no class here ends in Test):
 * {@code pick()} throughput and allocation with many gateway threads calling it at once. How to run
 * is in {@link org.jumpgate.balancer.bench.PickBenchmark}.
 */
package org.jumpgate.balancer.bench;
