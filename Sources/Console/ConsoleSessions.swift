import Foundation
import Outbox

/// Logged-in operators: a random session id (the HttpOnly, SameSite=Strict cookie) with the
/// operator's name and the session's own CSRF token, which every form carries back.
final class ConsoleSessions: @unchecked Sendable {  // `sessions` is read and written under `lock`
    struct Session: Sendable {
        var operatorName: String
        var csrf: String
        var expires: Date
    }

    private let lock = NSLock()
    private var sessions: [String: Session] = [:]
    /// What the session's last action did, shown once on its next page (never taken from the URL,
    /// where a link could make the console claim work it did not do).
    private var notices: [String: String] = [:]
    let lifetime: TimeInterval

    init(lifetime: TimeInterval) { self.lifetime = lifetime }

    /// A new session for `name`; returns its id.
    func open(for name: String, now: Date = Date()) -> String {
        let id = Self.random()
        lock.withLock {
            sessions = sessions.filter { $0.value.expires > now }
            notices = notices.filter { sessions[$0.key] != nil }
            sessions[id] = Session(operatorName: name, csrf: Self.random(), expires: now.addingTimeInterval(lifetime))
        }
        return id
    }

    func session(_ id: String?, now: Date = Date()) -> Session? {
        guard let id else { return nil }
        return lock.withLock { sessions[id].flatMap { $0.expires > now ? $0 : nil } }
    }

    func close(_ id: String?) {
        guard let id else { return }
        lock.withLock {
            _ = sessions.removeValue(forKey: id)
            _ = notices.removeValue(forKey: id)
        }
    }

    func leave(_ notice: String, for id: String) {
        lock.withLock { notices[id] = notice }
    }

    func takeNotice(_ id: String?) -> String? {
        guard let id else { return nil }
        return lock.withLock { notices.removeValue(forKey: id) }
    }

    /// 32 random bytes, hex.
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// Equal without telling, by its timing, how much of a guess was right.
    static func same(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8)
        let right = Array(b.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
