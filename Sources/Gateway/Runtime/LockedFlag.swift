import Foundation

/// A flag set once, read from several threads.
public final class LockedFlag: @unchecked Sendable {  // `value` is read and written under `lock`
    public init() {}

    private let lock = NSLock()
    private var value = false
    public var isSet: Bool { lock.withLock { value } }
    public func set() { lock.withLock { value = true } }
}
