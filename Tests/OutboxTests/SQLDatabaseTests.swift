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

    /// How many statements `connection` keeps prepared.
    static func preparedStatements(_ connection: any SQLDatabase) -> Int {
        (connection as? SQLiteConnection)?.preparedStatementCount ?? (connection as? PostgresConnection)?.preparedStatementCount ?? -1
    }

    @Test(
        "SQLite binding: an empty string is stored as text, not NULL; a reused statement given fewer values than it has parameters keeps none of its earlier ones"
    )
    func sqliteBinding() throws {
        let folder = try Fixtures.temporaryDirectory("swgate-sql")
        defer { Fixtures.removeTemporaryDirectory(folder) }
        let connection = try SQLiteConnection(path: folder.appendingPathComponent("t.sqlite").path)
        try connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT)")
        let insert = "INSERT INTO t (id, a, b) VALUES (?, ?, ?)"
        try connection.run(insert, [.integer(1), .text(""), .text("long enough to live outside the string itself")])
        // The same statement again (it is cached), this time without a value for b.
        try connection.run(insert, [.integer(2), .text("x")])
        let rows = try connection.query("SELECT id, a, b, typeof(a), typeof(b) FROM t ORDER BY id", [])
        #expect(rows.count == 2)
        #expect(rows[0][1].string == "" && rows[0][3].string == "text")
        #expect(rows[0][2].string == "long enough to live outside the string itself")
        #expect(rows[1][1].string == "x")
        #expect(rows[1][4].string == "null")
    }

    @Test(
        "an IN list longer than one statement takes is cut into chunks, the leading parameters bound before each, every row returned once",
        arguments: OutboxEngine.available)
    func queryChunked(engine: OutboxEngine) throws {
        let (connection, folder) = try connection(engine)
        defer { folder.map(Fixtures.removeTemporaryDirectory) }
        try connection.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, kind TEXT NOT NULL)")
        try connection.insertRows(
            "INSERT", into: "t", columns: ["id", "kind"], rows: (1...1_500).map { [.integer(Int64($0)), .text($0 % 3 == 0 ? "a" : "b")] })
        let wanted: [SQLValue] = (1...1_234).map { .integer(Int64($0)) }
        let rows = try connection.queryChunked(wanted, leading: [.text("a")]) { "SELECT id FROM t WHERE kind = ? AND id IN (\($0))" }
        let ids = rows.compactMap { $0.first?.int }
        #expect(ids.count == 1_234 / 3)
        #expect(Set(ids) == Set((1...1_234).filter { $0 % 3 == 0 }.map(Int64.init)))
        #expect(try connection.queryChunked([], { "SELECT id FROM t WHERE id IN (\($0))" }).isEmpty, "nothing to look up, no statement")
    }

    @Test(
        "IN lists of every length from 1 to 1,100 share a few statement texts, each prepared once, and return each row once",
        arguments: OutboxEngine.available)
    func inListsSharePreparedStatements(engine: OutboxEngine) throws {
        let (connection, folder) = try connection(engine)
        defer { folder.map(Fixtures.removeTemporaryDirectory) }
        try connection.execute("CREATE TABLE t (id BIGINT PRIMARY KEY)")
        try connection.insertRows("INSERT", into: "t", columns: ["id"], rows: (1...1_100).map { [.integer(Int64($0))] })
        let before = Self.preparedStatements(connection)
        for count in 1...1_100 {
            let rows = try connection.queryChunked((1...count).map { .integer(Int64($0)) }) { "SELECT id FROM t WHERE id IN (\($0))" }
            let ids = rows.compactMap { $0.first?.int }
            guard ids.count == count, Set(ids).count == count else {
                Issue.record("\(count) values gave \(ids.count) rows (\(Set(ids).count) distinct)")
                break
            }
        }
        // 8, 16, … 512 placeholders: seven texts, whatever the lengths asked for.
        #expect(Self.preparedStatements(connection) - before == 7)
    }

    @Test(
        "IN lists are cut at 512 values and padded with their last item to a power of two: single values and (time, hash) pairs",
        arguments: [1, 2])
    func inListChunks(itemWidth: Int) {
        for items in [1, 7, 8, 9, 100, 255, 256, 257, 511, 512, 513, 1_300] {
            let values: [SQLValue] = (0..<items * itemWidth).map { .integer(Int64($0)) }
            let chunks = SQLInList.chunks(values, itemWidth: itemWidth)
            let sizes = Set(chunks.map { $0.count / itemWidth })
            #expect(
                sizes.allSatisfy { [8, 16, 32, 64, 128, 256, 512].contains($0) && $0 * itemWidth <= SQLInList.largest },
                "\(items): \(sizes)")
            #expect(chunks.allSatisfy { $0.count % itemWidth == 0 })
            // Every item is there, in whole items, and nothing else.
            let pairs = chunks.flatMap { chunk in stride(from: 0, to: chunk.count, by: itemWidth).map { Array(chunk[$0..<$0 + itemWidth]) }
            }
            #expect(Set(pairs) == Set(stride(from: 0, to: values.count, by: itemWidth).map { Array(values[$0..<$0 + itemWidth]) }))
        }
        #expect(SQLInList.chunks([]).isEmpty)
    }

    @Test(
        "multi-row inserts of every batch size from 1 to 300 share a few statement texts and insert every row",
        arguments: OutboxEngine.available)
    func insertsSharePreparedStatements(engine: OutboxEngine) throws {
        let (connection, folder) = try connection(engine)
        defer { folder.map(Fixtures.removeTemporaryDirectory) }
        try connection.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, batch BIGINT NOT NULL)")
        let before = Self.preparedStatements(connection)
        var next: Int64 = 1
        for size in 1...300 {
            let rows: [[SQLValue]] = (0..<size).map { offset in [.integer(next + Int64(offset)), .integer(Int64(size))] }
            next += Int64(size)
            try connection.insertRows("INSERT", into: "t", columns: ["id", "batch"], rows: rows)
        }
        let counts = try connection.query("SELECT batch, COUNT(*) FROM t GROUP BY batch ORDER BY batch")
        #expect(counts.count == 300 && counts.allSatisfy { $0[0].int == $0[1].int }, "each batch inserted whole, once")
        // A statement per power of two up to the engine's largest (SQLite 64 rows, PostgreSQL 500 of two columns).
        #expect(Self.preparedStatements(connection) - before <= 10)
    }

    @Test("updateRows sets the listed rows' columns by id over several statements, and no other row", arguments: OutboxEngine.available)
    func updateRows(engine: OutboxEngine) throws {
        let (connection, folder) = try connection(engine)
        defer { folder.map(Fixtures.removeTemporaryDirectory) }
        try connection.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, state TEXT NOT NULL, rank BIGINT NOT NULL, owner TEXT)")
        try connection.insertRows(
            "INSERT", into: "t", columns: ["id", "state", "rank", "owner"],
            rows: (1...300).map { [.integer(Int64($0)), .text("old"), .integer(0), .text("w1")] })
        // 150 rows: more than one statement carries on either engine; given out of id order.
        let changed = (1...150).map { Int64($0 * 2) }.reversed()
        try connection.updateRows(
            "t", columns: [("state", "TEXT"), ("rank", "BIGINT")], also: "owner = NULL",
            rows: changed.map { [.integer($0), .text("new\($0)"), .integer($0 * 10)] })
        let rows = try connection.query("SELECT id, state, rank, owner FROM t ORDER BY id")
        #expect(rows.count == 300)
        for row in rows {
            guard let id = row[0].int else { Issue.record("no id"); continue }
            if id % 2 == 0 {
                #expect(row[1].string == "new\(id)" && row[2].int == id * 10 && row[3] == .null, "row \(id)")
            } else {
                #expect(row[1].string == "old" && row[2].int == 0 && row[3].string == "w1", "row \(id) was not listed")
            }
        }
        try connection.updateRows("t", columns: [("state", "TEXT")], rows: [])
    }

    @Test(
        "insertRows binds each row's values in order over several statements; a row of the wrong width is an error and its statement inserts nothing",
        arguments: OutboxEngine.available)
    func insertRowsWidth(engine: OutboxEngine) throws {
        let (connection, folder) = try connection(engine)
        defer { folder.map(Fixtures.removeTemporaryDirectory) }
        try connection.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, a TEXT, b BIGINT)")
        // 150 rows: three statements of at most 64 rows on SQLite; mixed value kinds, NULLs and empty text.
        func row(_ id: Int) -> [SQLValue] {
            let text: SQLValue = id % 5 == 0 ? .null : .text(id % 7 == 0 ? "" : "text \(id)")
            return [.integer(Int64(id)), text, .integer(Int64(id * 3))]
        }
        let rows = (1...150).map(row)
        try connection.insertRows("INSERT", into: "t", columns: ["id", "a", "b"], rows: rows)
        let stored = try connection.query("SELECT id, a, b FROM t ORDER BY id")
        #expect(stored == rows)
        let short: [[SQLValue]] = [[.integer(1_000), .text("x"), .integer(1)], [.integer(1_001), .text("y")]]
        #expect(throws: OutboxError.self) { try connection.insertRows("INSERT", into: "t", columns: ["id", "a", "b"], rows: short) }
        #expect(try connection.query("SELECT COUNT(*) FROM t WHERE id >= 1000").first?.first?.int == 0)
    }
}
