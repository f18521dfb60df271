package org.jumpgate.balancer.probe;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.concurrent.Promise;
import java.nio.charset.StandardCharsets;

/** Completes with the first {@code SSH-2.0-} line, or fails on garbage, long lines or an early close. */
final class SshIdentificationHandler extends SimpleChannelInboundHandler<ByteBuf> {

    private final Promise<String> promise;
    private int lines;

    private SshIdentificationHandler(Promise<String> promise) {
        this.promise = promise;
    }

    static void install(ChannelPipeline pipeline, Promise<String> promise) {
        pipeline.addLast(new LineBasedFrameDecoder(ProbeLimits.MAX_SSH_LINE, true, true));
        pipeline.addLast(new SshIdentificationHandler(promise));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        if (promise.isDone()) {
            return;
        }
        SshIdentification.Line line = SshIdentification.classify(frame.toString(StandardCharsets.ISO_8859_1));
        switch (line.kind()) {
            case IDENTIFICATION -> promise.trySuccess(line.text());
            case GARBAGE -> promise.tryFailure(new ProbeFailure(line.text()));
            case OTHER_LINE -> {
                if (++lines > ProbeLimits.MAX_SSH_PRE_BANNER_LINES) {
                    promise.tryFailure(new ProbeFailure("more than " + ProbeLimits.MAX_SSH_PRE_BANNER_LINES
                            + " lines before the SSH identification"));
                }
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        promise.tryFailure(new ProbeFailure("connection closed before the SSH identification"
                + (lines > 0 ? " (after " + lines + " other lines)" : "")));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            promise.tryFailure(new ProbeFailure("line longer than " + ProbeLimits.MAX_SSH_LINE
                    + " bytes instead of an SSH identification"));
        } else {
            promise.tryFailure(new ProbeFailure("SSH probe: " + ProbeFailure.reasonOf(cause)));
        }
        ctx.close();
    }
}
