package org.jumpgate.balancer.probe;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import java.nio.charset.StandardCharsets;
import org.jumpgate.balancer.pool.AgentReply;

/**
 * Collects one agent-check reply, ended by a newline or by the agent closing the connection, at
 * most {@link ProbeLimits#MAX_AGENT_REPLY} bytes, and parses it.
 */
final class AgentReplyHandler extends ChannelInboundHandlerAdapter {

    private final Promise<AgentReply> promise;
    private final byte[] reply = new byte[ProbeLimits.MAX_AGENT_REPLY];
    private int length;

    AgentReplyHandler(Promise<AgentReply> promise) {
        this.promise = promise;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (promise.isDone() || !(msg instanceof ByteBuf in)) {
                return;
            }
            while (in.isReadable()) {
                byte b = in.readByte();
                if (b == '\n') {
                    complete();
                    return;
                }
                if (length == reply.length) {
                    promise.tryFailure(new ProbeFailure("agent reply longer than " + ProbeLimits.MAX_AGENT_REPLY
                            + " bytes without a newline"));
                    return;
                }
                reply[length++] = b;
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!promise.isDone()) {
            if (length == 0) {
                promise.tryFailure(new ProbeFailure("agent closed the connection without a reply"));
            } else {
                complete();
            }
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        promise.tryFailure(new ProbeFailure("agent probe: " + ProbeFailure.reasonOf(cause)));
        ctx.close();
    }

    private void complete() {
        try {
            promise.trySuccess(AgentReplyParser.parse(new String(reply, 0, length, StandardCharsets.ISO_8859_1)));
        } catch (ProbeFailure failure) {
            promise.tryFailure(failure);
        }
    }
}
