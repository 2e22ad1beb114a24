import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTPTypes

/// The connections one listener holds open, against its ``ListenerLimits/maxConnections``.
final class ConnectionBudget: Sendable {
    let limit: Int
    private let open = NIOLockedValueBox(0)

    init(limit: Int) { self.limit = limit }

    /// Takes a place; false when the listener is full.
    func take() -> Bool {
        open.withLockedValue { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
    }

    func give() { open.withLockedValue { $0 -= 1 } }

    var current: Int { open.withLockedValue { $0 } }
}

/// Sits on every connection, after HTTP decoding: closes it when a complete request has not
/// arrived within the time limit (headers and body trickled byte by byte, or a connection that
/// never sends one), refuses connections beyond the listener's budget, and logs both, and
/// malformed HTTP, with the client's address.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let limits: ListenerLimits
    private let budget: ConnectionBudget
    private let logger: Logger
    /// When a complete request must have arrived by; nil while one is being answered.
    private var deadline: NIODeadline?
    /// The one timer that looks at `deadline`. A kept-alive connection's next request moves the
    /// deadline, not the timer: when it fires early it is set again for the deadline then current,
    /// so a busy connection costs no timer per request.
    private var timer: Scheduled<Void>?
    private var counted = false

    init(limits: ListenerLimits, budget: ConnectionBudget, logger: Logger) {
        self.limits = limits
        self.budget = budget
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        guard budget.take() else {
            logger.warning(
                "refused: more than \(budget.limit) connections open",
                metadata: ["source": "\(Self.source(context.channel))"]
            )
            context.close(promise: nil)
            return
        }
        counted = true
        arm(context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        deadline = nil
        if counted {
            budget.give()
            counted = false
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .end = unwrapInboundIn(data) {
            // The request is complete: the server's own time to answer is not the client's.
            deadline = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let isEnd: Bool
        if case .end = unwrapOutboundIn(data) { isEnd = true } else { isEnd = false }
        context.write(data, promise: promise)
        // The response is out: the next request, on a kept-alive connection, gets its own time.
        if isEnd { arm(context) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.warning("refused: malformed HTTP: \(error)", metadata: ["source": "\(Self.source(context.channel))"])
        context.fireErrorCaught(error)
    }

    private func arm(_ context: ChannelHandlerContext) {
        let due = NIODeadline.now() + .nanoseconds(Int64(limits.requestTimeout / .nanoseconds(1)))
        deadline = due
        if timer == nil { schedule(context, at: due) }
    }

    private func schedule(_ context: ChannelHandlerContext, at due: NIODeadline) {
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(deadline: due) { handler.value.expire(bound.value) }
    }

    /// The timer fired: closes the connection if its deadline has passed, or waits for the one
    /// the latest response set (none while a request is being answered: that response sets one).
    private func expire(_ context: ChannelHandlerContext) {
        timer = nil
        guard let deadline else { return }
        guard deadline <= .now() else {
            schedule(context, at: deadline)
            return
        }
        let seconds = limits.requestTimeout.components.seconds
        logger.warning("closed: no complete request within \(seconds) s", metadata: ["source": "\(Self.source(context.channel))"])
        context.channel.close(promise: nil)
    }

    static func source(_ channel: any Channel) -> String {
        channel.remoteAddress.map { "\($0)" } ?? "unknown"
    }
}
