import CLibPQ
import Redaction
import Foundation

/// One PostgreSQL connection through libpq, speaking the outbox's SQL.
///
/// The outbox writes its statements once, with `?` placeholders and SQLite's `INSERT OR IGNORE`;
/// this connection turns them into `$1, $2…` and `ON CONFLICT DO NOTHING` (once per statement
/// text, then cached). Parameters go typed — `int8`, `text`, `bytea` in binary — so the server
/// never has to guess a type from context; results come back as text and are read by column type.
///
/// Why libpq and not postgres-nio: the outbox is synchronous (a lock, one transaction at a
/// time, called from worker threads), libpq is already on every machine with PostgreSQL, and
/// its system-library target builds in seconds where postgres-nio adds minutes to every clean
/// build (figures in docs/performance.md) for an event loop swgate would only block on.
final class PostgresConnection: SQLDatabase {
    var dialect: SQLDialect { .postgres }
    private var handle: OpaquePointer?
    private var translations: [String: String] = [:]
    /// Statements prepared on this connection, by their translated text: parsed and planned once
    /// instead of on every call, which was most of the server's work per statement.
    private var prepared: [String: String] = [:]
    /// How many statements this connection keeps prepared.
    var preparedStatementCount: Int { prepared.count }
    /// Beyond this many, statements run unprepared: a bound on what the server keeps for them.
    static let preparedLimit = 400
    /// The connection URL with any password replaced, for messages and logs.
    let redacted: String
    /// The SQLSTATE of the last failed statement (`40P01` deadlock, `23505` unique violation…).
    private(set) var lastSQLState: String?

    init(url: String) throws(OutboxError) {
        redacted = Self.redact(url)
        guard let connection = PQconnectdb(url) else { throw OutboxError(.storage, "PostgreSQL: cannot allocate a connection") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(connection)
            throw OutboxError(.storage, "cannot connect to the PostgreSQL outbox \(redacted): \(message)")
        }
        handle = connection
        // Notices ("relation already exists, skipping") are not the operator's business.
        try execute("SET client_min_messages = warning")
    }

    deinit { PQfinish(handle) }

    /// `postgres://user:secret@host/db?password=x` → `postgres://user:***@host/db?password=***`.
    static func redact(_ url: String) -> String {
        URLRedaction.redacted(url)
    }

    private var errorMessage: String {
        handle.map { String(cString: PQerrorMessage($0)).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "closed"
    }

    /// Reconnects once when the server dropped the connection between statements (its prepared
    /// statements went with it).
    private func ensureConnected() {
        if let handle, PQstatus(handle) != CONNECTION_OK {
            PQreset(handle)
            prepared = [:]
        }
    }

    func execute(_ sql: String) throws(OutboxError) {
        ensureConnected()
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result, sql)
    }

    private func check(_ result: OpaquePointer?, _ sql: String) throws(OutboxError) {
        let status = PQresultStatus(result)
        guard status != PGRES_COMMAND_OK, status != PGRES_TUPLES_OK else {
            lastSQLState = nil
            return
        }
        let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
        lastSQLState = state
        let detail = PQresultErrorMessage(result).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? errorMessage
        let kind: OutboxError.Kind = state == "23505" ? .conflict : .storage
        throw OutboxError(kind, "PostgreSQL: \(detail.trimmingCharacters(in: .whitespacesAndNewlines)) [\(sql.prefix(120))]")
    }

    /// `?` → `$n` outside quotes; `INSERT OR IGNORE INTO …` → `INSERT INTO … ON CONFLICT DO NOTHING`.
    func translate(_ sql: String) -> String {
        if let cached = translations[sql] { return cached }
        var out = ""
        out.reserveCapacity(sql.utf8.count + 16)
        var number = 0
        var quoted = false
        for character in sql {
            if character == "'" { quoted.toggle() }
            if character == "?", !quoted {
                number += 1
                out += "$\(number)"
            } else {
                out.append(character)
            }
        }
        if out.hasPrefix("INSERT OR IGNORE ") {
            out = "INSERT " + out.dropFirst("INSERT OR IGNORE ".count) + " ON CONFLICT DO NOTHING"
        }
        translations[sql] = out
        return out
    }

    /// Runs one statement with typed parameters and returns its result (the caller clears it).
    private func perform(_ sql: String, _ values: [SQLValue]) throws(OutboxError) -> OpaquePointer? {
        ensureConnected()
        let text = translate(sql)
        // All parameter bytes in one buffer (text NUL-terminated), then pointers into it.
        var buffer: [UInt8] = []
        var offsets: [Int?] = []
        var lengths: [Int32] = []
        var types: [Oid] = []
        var formats: [Int32] = []
        for value in values {
            switch value {
            case .integer(let number):
                offsets.append(buffer.count)
                buffer.append(contentsOf: String(number).utf8)
                buffer.append(0)
                lengths.append(0)
                types.append(20)
                formats.append(0)
            case .text(let string):
                offsets.append(buffer.count)
                buffer.append(contentsOf: string.utf8)
                buffer.append(0)
                lengths.append(0)
                types.append(25)
                formats.append(0)
            case .blob(let data):
                offsets.append(buffer.count)
                buffer.append(contentsOf: data)
                lengths.append(Int32(data.count))
                types.append(17)
                formats.append(1)
            case .null:
                offsets.append(nil)
                lengths.append(0)
                types.append(0)
                formats.append(0)
            }
        }
        if buffer.isEmpty { buffer.append(0) }
        let result = buffer.withUnsafeBufferPointer { bytes -> OpaquePointer? in
            let base = UnsafeRawPointer(bytes.baseAddress)
            let pointers: [UnsafePointer<CChar>?] = offsets.map { offset in
                offset.flatMap { base?.advanced(by: $0).assumingMemoryBound(to: CChar.self) }
            }
            if let name = prepared[text] {
                return PQexecPrepared(handle, name, Int32(values.count), pointers, lengths, formats, 0)
            }
            if prepared.count < Self.preparedLimit {
                let name = "s\(prepared.count + 1)"
                let preparation = PQprepare(handle, name, text, Int32(values.count), types)
                // A statement that cannot be prepared cannot run either: its error is the answer
                // (and in a transaction, trying again unprepared would only report the abort).
                guard PQresultStatus(preparation) == PGRES_COMMAND_OK else { return preparation }
                PQclear(preparation)
                prepared[text] = name
                return PQexecPrepared(handle, name, Int32(values.count), pointers, lengths, formats, 0)
            }
            return PQexecParams(handle, text, Int32(values.count), types, pointers, lengths, formats, 0)
        }
        do {
            try check(result, text)
        } catch {
            PQclear(result)
            throw error
        }
        return result
    }

    /// Runs one statement over `rows` (their values in order, as one parameter list).
    func run(_ sql: String, rows: ArraySlice<[SQLValue]>, width: Int) throws(OutboxError) {
        var values: [SQLValue] = []
        values.reserveCapacity(rows.count * width)
        for row in rows { values.append(contentsOf: row) }
        try run(sql, values)
    }

    @discardableResult
    func run(_ sql: String, _ values: [SQLValue]) throws(OutboxError) -> Int {
        let result = try perform(sql, values)
        defer { PQclear(result) }
        return Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    func query(_ sql: String, _ values: [SQLValue]) throws(OutboxError) -> [[SQLValue]] {
        let result = try perform(sql, values)
        defer { PQclear(result) }
        let rowCount = PQntuples(result)
        let columnCount = PQnfields(result)
        let columnTypes = (0..<columnCount).map { PQftype(result, $0) }
        var rows: [[SQLValue]] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [SQLValue] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if PQgetisnull(result, row, column) == 1 {
                    values.append(.null)
                    continue
                }
                guard let raw = PQgetvalue(result, row, column) else {
                    values.append(.null)
                    continue
                }
                values.append(Self.value(raw, length: Int(PQgetlength(result, row, column)), type: columnTypes[Int(column)]))
            }
            rows.append(values)
        }
        return rows
    }

    /// A text-format result value by its column type: integers, `numeric` sums that are whole,
    /// booleans as 0/1, `bytea` from its hex form; everything else text.
    static func value(_ raw: UnsafePointer<CChar>, length: Int, type: Oid) -> SQLValue {
        let text = String(cString: raw)
        switch type {
        case 20, 21, 23, 26:
            return Int64(text).map { .integer($0) } ?? .text(text)
        case 1700:
            return Int64(text).map { .integer($0) } ?? .text(text)
        case 16:
            return .integer(text == "t" ? 1 : 0)
        case 17:
            return .blob(hexDecode(raw, length: length))
        default:
            return .text(text)
        }
    }

    /// `\x48656c6c6f` → the bytes.
    static func hexDecode(_ raw: UnsafePointer<CChar>, length: Int) -> Data {
        guard length >= 2 else { return Data() }
        let count = (length - 2) / 2
        return raw.withMemoryRebound(to: UInt8.self, capacity: length) { text in
            var bytes = [UInt8](repeating: 0, count: count)
            bytes.withUnsafeMutableBufferPointer { out in
                for index in 0..<count {
                    out[index] = nibble(text[2 + 2 * index]) << 4 | nibble(text[3 + 2 * index])
                }
            }
            return Data(bytes)
        }
    }

    @inline(__always)
    private static func nibble(_ u: UInt8) -> UInt8 {
        switch u {
        case 48...57: u &- 48
        case 97...102: u &- 87
        case 65...70: u &- 55
        default: 0
        }
    }

    func insertReturningID(_ sql: String, _ values: [SQLValue]) throws(OutboxError) -> Int64 {
        guard let id = try query(sql + " RETURNING id", values).first?.first?.int else {
            throw OutboxError(.storage, "PostgreSQL: no id returned [\(sql.prefix(80))]")
        }
        return id
    }

    /// PostgreSQL takes up to 65,535 parameters a statement; a few hundred rows is plenty.
    func rowsPerStatement(columns: Int) -> Int { max(1, min(500, 60_000 / max(1, columns))) }

    /// Runs `body` in a transaction, again from the start (up to 10 times) when PostgreSQL picked
    /// it as the victim of a deadlock or a serialisation failure — workers on several hosts touch
    /// the same rows, and the server resolves their conflicts by aborting one of them.
    func transaction<T>(_ body: () throws(OutboxError) -> T) throws(OutboxError) -> T {
        var tries = 0
        while true {
            tries += 1
            try execute("BEGIN")
            do {
                let result = try body()
                try execute("COMMIT")
                return result
            } catch {
                let state = lastSQLState
                try? execute("ROLLBACK")
                guard tries < 10, state == "40P01" || state == "40001" else { throw error }
                usleep(UInt32.random(in: 1_000...20_000) * UInt32(tries))
            }
        }
    }
}
