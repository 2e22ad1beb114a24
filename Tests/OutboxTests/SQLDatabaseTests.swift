import Foundation
@testable import Outbox
import SwgateTestSupport
import Testing

@Suite("SQL connections: what both engines share")
struct SQLDatabaseTests {
    /// A bare connection on `engine`, with the folder to remove afterwards (SQLite).
    func connection(_ engine: OutboxEngine) throws -> (any SQLDatabase, URL?) {
        switch engine {
        case .sqlite:
            let folder = try Fixtures.temporaryDirectory("swgate-sql")
            return (try SQLiteConnection(path: folder.appendingPathComponent("t.sqlite").path), folder)
        case .postgres:
            return (try PostgresConnection(url: try PostgresTestServer.freshDatabase("chunked")), nil)
        }
    }

    @Test("an IN list longer than one statement takes is cut into chunks, the leading parameters bound before each, every row returned once", arguments: OutboxEngine.available)
    func queryChunked(engine: OutboxEngine) throws {
        let (connection, folder) = try connection(engine)
        defer { folder.map(Fixtures.removeTemporaryDirectory) }
        try connection.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, kind TEXT NOT NULL)")
        try connection.insertRows("INSERT", into: "t", columns: ["id", "kind"], rows: (1...1_500).map { [.integer(Int64($0)), .text($0 % 3 == 0 ? "a" : "b")] })
        let wanted: [SQLValue] = (1...1_234).map { .integer(Int64($0)) }
        let rows = try connection.queryChunked(wanted, leading: [.text("a")]) { "SELECT id FROM t WHERE kind = ? AND id IN (\($0))" }
        let ids = rows.compactMap { $0.first?.int }
        #expect(ids.count == 1_234 / 3)
        #expect(Set(ids) == Set((1...1_234).filter { $0 % 3 == 0 }.map(Int64.init)))
        #expect(try connection.queryChunked([], { "SELECT id FROM t WHERE id IN (\($0))" }).isEmpty, "nothing to look up, no statement")
    }
}
