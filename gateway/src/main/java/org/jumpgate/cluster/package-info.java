/**
 * The fleet: gateways that share a {@code cluster.zookeeper} keep what must agree across them in
 * ZooKeeper (Apache Curator): the one-time-code steps accepted (a code lets in once, whichever
 * gateway it reaches), the login nodes' admin states (a drain set on one gateway is seen by all
 * and survives restarts), affinity, remembered second factors, the sessions of every gateway,
 * per-user locks, which gateways use each user's CPU job, per-source penalties and wrong-code
 * lockouts, and each gateway's membership. What the accept and authentication paths read comes
 * from watched in-JVM copies, never a round trip. When the store cannot be reached a gateway goes
 * on with its own state, says so once (log, metric, audit), never fails a login for it, and
 * writes the codes it accepted meanwhile back when the store returns; what must not diverge (a
 * drain) is refused with a reason instead, and what cannot be undone (an idle CPU job's cancel)
 * is not done.
 */
@NullMarked
package org.jumpgate.cluster;

import org.jspecify.annotations.NullMarked;
