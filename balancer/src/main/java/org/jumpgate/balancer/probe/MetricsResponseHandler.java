package org.jumpgate.balancer.probe;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpContentException;
import io.netty.util.concurrent.Promise;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.jumpgate.balancer.pool.NodeMetrics;

/** Takes the aggregated response to a metrics GET, checks it and parses its body. */
final class MetricsResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {

    /** Asks for the plain text format, never protobuf or OpenMetrics negotiation, and no compression. */
    static final String ACCEPT = "text/plain;version=0.0.4";

    private final Promise<NodeMetrics> promise;

    MetricsResponseHandler(Promise<NodeMetrics> promise) {
        this.promise = promise;
    }

    static FullHttpRequest request(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
        request.headers()
                .set(HttpHeaderNames.HOST, url.getPort() > 0 ? url.getHost() + ":" + url.getPort() : url.getHost())
                .set(HttpHeaderNames.ACCEPT, ACCEPT)
                .set(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.IDENTITY)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set(HttpHeaderNames.USER_AGENT, "jumpgate-balancer");
        return request;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
        if (promise.isDone()) {
            return;
        }
        if (response.decoderResult().isFailure()) {
            promise.tryFailure(new ProbeFailure("malformed HTTP response: "
                    + ProbeFailure.reasonOf(response.decoderResult().cause())));
            return;
        }
        if (!response.status().equals(HttpResponseStatus.OK)) {
            promise.tryFailure(new ProbeFailure("metrics answered HTTP " + response.status()));
            return;
        }
        String encoding = response.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
            promise.tryFailure(new ProbeFailure("metrics sent Content-Encoding " + encoding + ", expected none"));
            return;
        }
        try {
            promise.trySuccess(NodeExporterParser.parse(response.content().toString(StandardCharsets.UTF_8)));
        } catch (ProbeFailure failure) {
            promise.tryFailure(failure);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        promise.tryFailure(new ProbeFailure("connection closed before a complete metrics response"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongHttpContentException) {
            promise.tryFailure(new ProbeFailure("metrics response larger than " + ProbeLimits.MAX_METRICS_BYTES + " bytes"));
        } else if (cause instanceof TooLongFrameException) {
            promise.tryFailure(new ProbeFailure("metrics response headers too long: " + ProbeFailure.reasonOf(cause)));
        } else {
            promise.tryFailure(new ProbeFailure("metrics probe: " + ProbeFailure.reasonOf(cause)));
        }
        ctx.close();
    }
}
