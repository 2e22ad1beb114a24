/// What one fuzz input did: every input must end in one of these, never in a crash.
///
/// Regression tests check the outcome of each input that once crashed a target, so a fix that
/// merely moves the crash elsewhere still fails.
public enum FuzzOutcome: Sendable, Equatable {
    /// The bytes were read; `items` counts what came out (return elements, documents…).
    case accepted(items: Int)
    /// The bytes were refused with a typed error or reported issues, as bad input must be.
    case rejected(reason: String)
}
