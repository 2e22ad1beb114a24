/// What a command's exit status tells a script: one table for every command (`swgate help
/// exit-codes`), so that a cron job can tell "done" from "done, but customs never got some
/// messages" from "done, but the platform was not told".
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Everything asked for is done.
    case done = 0
    /// A problem with the input (batch, profile, file) or the outbox, named on standard error.
    case problem = 1
    /// The command line itself is wrong (unknown option, missing argument, bad value).
    case usage = 2
    /// Every document is settled, but some messages are dead: customs never took them.
    case dead = 3
    /// Every document is settled, but status notifications to the platform remain undelivered.
    case notificationsUndelivered = 4
    /// `--max-wait` ran out before every document was settled.
    case timedOut = 5

    /// What the status means, for `swgate help exit-codes` and the README.
    public var meaning: String {
        switch self {
        case .done: "everything asked for is done"
        case .problem: "a problem with the input or the outbox; the message names the file, record or setting and what to do"
        case .usage: "a usage error: unknown option, missing argument, bad value"
        case .dead: "settled, but some messages are dead (customs never took them): swgate list --state dead, fix, swgate retry"
        case .notificationsUndelivered:
            "settled, but status notifications remain undelivered (the hook or webhook fails): swgate status shows the last error"
        case .timedOut: "--max-wait ran out before every document was settled"
        }
    }

    /// How a worker's run ended (`run --until-settled`, `send --once`), given what it left behind.
    ///
    /// A run that timed out says so first: nothing else about it is final. Otherwise dead messages
    /// come before undelivered notifications — customs not having a declaration is worse than the
    /// platform not having heard yet (notifications are retried; dead messages wait for an operator).
    public static func ofRun(settled: Bool, deadMessages: Int, undeliveredNotifications: Int) -> ExitStatus {
        if !settled { return .timedOut }
        if deadMessages > 0 { return .dead }
        if undeliveredNotifications > 0 { return .notificationsUndelivered }
        return .done
    }
}
