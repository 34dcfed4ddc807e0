import NIOCore
import NIOHTTPTypes

/// Closes connections that are too slow: a request head must arrive within `headTimeout` of the connection opening
/// (or of the previous request ending), and its body within `bodyTimeout` of the head. Guards against slow-request
/// (slowloris) clients that an idle timeout alone would not stop.
final class RequestTimeoutHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let headTimeout: TimeAmount
    private let bodyTimeout: TimeAmount
    /// When the connection is closed unless the next request part arrives first.
    private var deadline = NIODeadline.distantFuture
    /// One timer per connection; moving the deadline later does not reschedule it (that would cost two priority-queue
    /// operations per request), it re-arms itself for the rest when it fires early.
    private var timer: Scheduled<Void>?
    private var timerFiresAt = NIODeadline.distantFuture

    init(headTimeout: TimeAmount, bodyTimeout: TimeAmount) {
        self.headTimeout = headTimeout
        self.bodyTimeout = bodyTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        arm(context, after: headTimeout)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: arm(context, after: bodyTimeout)
        case .end: arm(context, after: headTimeout)
        case .body: break
        }
        context.fireChannelRead(data)
    }

    private func arm(_ context: ChannelHandlerContext, after timeout: TimeAmount) {
        deadline = NIODeadline.now() + timeout
        if timer == nil || timerFiresAt > deadline { schedule(context, at: deadline) }
    }

    private func schedule(_ context: ChannelHandlerContext, at when: NIODeadline) {
        timer?.cancel()
        timerFiresAt = when
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(deadline: when) {
            let (handler, context) = loopBound.value
            handler.timer = nil
            if NIODeadline.now() >= handler.deadline {
                context.close(promise: nil)
            } else {
                handler.schedule(context, at: handler.deadline)
            }
        }
    }
}
