public import UnixSignals

/// SIGINT and SIGTERM ask a worker to stop after its current round: they set a ``LockedFlag``
/// that ``Worker/run(_:stop:)`` reads between rounds. swift-service-lifecycle's signal sequence
/// does the trapping, so no handler runs inside a signal context.
public enum StopSignals {
    /// Traps the signals until the returned task is cancelled; each sets `flag`.
    public static func trap(setting flag: LockedFlag, signals: [UnixSignal] = [.sigint, .sigterm]) async -> Task<Void, Never> {
        let sequence = await UnixSignalsSequence(trapping: signals)
        return Task {
            for await _ in sequence {
                flag.set()
            }
        }
    }
}
