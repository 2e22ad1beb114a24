import NIOCore
import NIOPosix

/// Runs a listener's request handlers on the event loop whose channel woke them.
///
/// Without a preference, every resumption of a handler (a request arrived, a body part, the
/// answer written) hops from the event loop to the global concurrent pool and back: two thread
/// wake-ups a request, more than the work of most requests. A job enqueued from an event loop
/// thread runs on that loop, after what it is doing; one enqueued from elsewhere (a blocking
/// queue's thread resuming its caller) goes to the next loop of the group.
final class EventLoopTaskExecutor: TaskExecutor {
    private let group: MultiThreadedEventLoopGroup

    init(group: MultiThreadedEventLoopGroup) {
        self.group = group
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let loop = MultiThreadedEventLoopGroup.currentEventLoop ?? group.next()
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
