import ArgumentParser
import CEBMessages
import CSQLite
import Foundation
import Gateway
import Outbox
import SchemaValidation

/// `swgate-bench submit`: durable documents/s into the outbox, against raw batched SQLite
/// inserts measured in the same run; `status` on a large outbox; `retry --state dead` in bulk.
struct SubmitBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit", abstract: "Outbox: submit rate, status latency at scale, bulk retry.")

    @Option(help: "Parcels in the submitted batch (four documents each).") var parcels = 10_000
    @Option(help: "Documents in the large outbox for the status measurement.") var statusDocuments = 1_000_000
    @Option(help: "Dead messages for the bulk retry measurement.") var deadMessages = 100_000
    @Flag(help: "One JSON object per line.") var json = false

    func run() throws {
        let folder = try BenchSupport.scratch("submit")
        defer { try? FileManager.default.removeItem(at: folder) }
        let profile = try BenchSupport.profile(signing: false)
        let validator = try SchemaValidator()
        let batch = try BenchSupport.batch(parcels: parcels, seed: 7, in: folder)

        // End to end: convert + preflight + validate + one transaction.
        let store = try SQLOutbox(directory: folder.appendingPathComponent("outbox"))
        var report: Submission.Report?
        let total = try Stopwatch.time { report = try Submission(profile: profile, validator: validator, store: store).run(batch) }
        let documents = report?.result?.enqueuedDocuments ?? 0
        guard documents == parcels * 4 else { throw ValidationError("submitted \(documents) documents, expected \(parcels * 4)") }

        // The durable part alone: the same messages into a fresh outbox.
        let messages = (try store.documents(DocumentFilter(limit: documents))).map { summary -> SubmissionMessage in
            SubmissionMessage(
                guid: summary.messageGuid + "", type: summary.messageType, xml: Data("<x>\(summary.id)</x>".utf8),
                documents: [
                    SubmissionDocument(
                        key: DocumentKey(type: summary.messageType, businessKey: summary.businessKey), orderNo: summary.orderNo,
                        guid: summary.guid, contentHash: "h", record: "r")
                ]
            )
        }
        let fresh = try SQLOutbox(directory: folder.appendingPathComponent("outbox-2"))
        let durable = try Stopwatch.time { _ = try fresh.submit(file: "bench", messages: messages, now: Date()) }

        // Baseline: raw SQLite, the same number of rows, WAL + synchronous=FULL, one transaction.
        let baseline = try Self.rawInsert(rows: documents, path: folder.appendingPathComponent("raw.sqlite").path)

        // Status on a large outbox.
        let large = try SQLOutbox(directory: folder.appendingPathComponent("outbox-large"))
        var built = 0
        // Peak memory of a `swgate status` process as the outbox grows: it must stay flat.
        let checkpoints = Set([statusDocuments / 10, statusDocuments / 2, statusDocuments].filter { $0 > 0 })
        var statusMemory: [(documents: Int, bytes: Int)] = []
        while built < statusDocuments {
            let count = min(50_000, statusDocuments - built)
            let chunk = (built..<(built + count)).map { index in
                SubmissionMessage(
                    guid: String(format: "B%035d", index), type: .ceb311, xml: Data("<x>\(index % 1000)</x>".utf8),
                    documents: [
                        SubmissionDocument(
                            key: DocumentKey(type: .ceb311, businessKey: "E:\(index)"), orderNo: "O\(index)",
                            guid: String(format: "D%035d", index), contentHash: "h", record: "r", lookupKeys: [])
                    ])
            }
            _ = try large.submit(file: "large", messages: chunk, now: Date())
            built += count
            if checkpoints.contains(built), let bytes = try Self.statusPeakMemory(outbox: folder.appendingPathComponent("outbox-large")) {
                statusMemory.append((built, bytes))
            }
        }
        var statusSeconds = Double.infinity
        for _ in 0..<5 { statusSeconds = min(statusSeconds, try Stopwatch.time { _ = try large.status(now: Date()) }) }
        // What an operator sees: a fresh `swgate status --json` process (open, read, print), when
        // the CLI was built beside the benchmark.
        let processSeconds = try Self.statusProcess(outbox: folder.appendingPathComponent("outbox-large"))

        // Bulk retry of dead messages.
        let dead = try SQLOutbox(directory: folder.appendingPathComponent("outbox-dead"))
        let deadBatch = (0..<deadMessages).map { index in
            SubmissionMessage(
                guid: String(format: "X%035d", index), type: .ceb311, xml: Data("<x/>".utf8),
                documents: [
                    SubmissionDocument(
                        key: DocumentKey(type: .ceb311, businessKey: "D:\(index)"), orderNo: "D\(index)",
                        guid: String(format: "Y%035d", index), contentHash: "h", record: "r", lookupKeys: [])
                ])
        }
        _ = try dead.submit(file: "dead", messages: deadBatch, now: Date())
        let claimed = try dead.claim(limit: deadMessages, worker: "bench", lease: 600, gate: DispatchGate(acceptanceRank: 0), now: Date())
        for message in claimed {
            let report = AttemptReport(
                startedAt: Date(), finishedAt: Date(), endpoint: nil, transmissionID: nil, httpStatus: 400, outcome: .permanent,
                error: "bench", sentSHA256: nil, appTime: nil)
            try dead.finish(message, attempt: report, event: .permanentFailure, nextAttemptAt: nil, now: Date())
        }
        var retried = 0
        let retrySeconds = try Stopwatch.time { retried = try dead.retry(state: .dead, type: nil, dryRun: false, now: Date()) }

        var result = BenchmarkResult(
            benchmark: "submit", unit: "documents/s", rate: Double(documents) / durable, baseline: "sqlite-raw-batched",
            baselineRate: Double(documents) / baseline, seconds: durable
        )
        result.extra = [
            ("documents", String(documents)),
            ("endToEndRate", BenchmarkResult.number(Double(documents) / total)), ("endToEndSeconds", BenchmarkResult.number(total)),
            ("statusDocuments", String(statusDocuments)), ("statusMilliseconds", BenchmarkResult.number(statusSeconds * 1000)),
            ("statusProcessMilliseconds", processSeconds.map { BenchmarkResult.number($0 * 1000) } ?? "null"),
            (
                "statusPeakRSSBytes",
                json
                    ? "{" + statusMemory.map { "\"\($0.documents)\": \($0.bytes)" }.joined(separator: ", ") + "}"
                    : statusMemory.map { "\($0.documents) docs: \($0.bytes / 1_048_576) MiB" }.joined(separator: ", ")
            ),
            ("retriedDead", String(retried)), ("retrySeconds", BenchmarkResult.number(retrySeconds)),
        ]
        result.print(json: json)
    }

    /// The best of three wall-clock times of `swgate status --json` run as its own process, or nil
    /// when no `swgate` executable sits beside this benchmark.
    static func statusProcess(outbox: URL) throws -> Double? {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("swgate")
        guard FileManager.default.isExecutableFile(atPath: executable.path) else { return nil }
        var best = Double.infinity
        for _ in 0..<3 {
            best = min(best, try runStatus(executable, outbox: outbox))
        }
        return best
    }

    /// The peak resident memory of one `swgate status --json` process on `outbox`, as the process
    /// itself reports it (`SWGATE_PEAK_MEMORY_FILE`); nil when no `swgate` sits beside the benchmark.
    static func statusPeakMemory(outbox: URL) throws -> Int? {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("swgate")
        guard FileManager.default.isExecutableFile(atPath: executable.path) else { return nil }
        let report = outbox.deletingLastPathComponent().appendingPathComponent("status-peak-memory")
        _ = try runStatus(executable, outbox: outbox, environment: ["SWGATE_PEAK_MEMORY_FILE": report.path])
        let text = try String(contentsOf: report, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Int(text) else { throw ValidationError("swgate status reported no peak memory") }
        return bytes
    }

    /// Runs `swgate status --json` on `outbox` and returns its wall-clock seconds. When it fails,
    /// the error carries what it wrote to standard error: most often the `swgate` beside the
    /// benchmark is from an older build than the outbox's schema (build both products).
    static func runStatus(_ executable: URL, outbox: URL, environment: [String: String] = [:]) throws -> Double {
        let errors = outbox.deletingLastPathComponent().appendingPathComponent("status-stderr")
        guard FileManager.default.createFile(atPath: errors.path, contents: nil), let errorFile = FileHandle(forWritingAtPath: errors.path)
        else { throw ValidationError("cannot create \(errors.path)") }
        defer {
            try? errorFile.close()
            try? FileManager.default.removeItem(at: errors)
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["status", "--outbox", outbox.path, "--json"]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errorFile
        let seconds = try Stopwatch.time {
            try process.run()
            process.waitUntilExit()
        }
        guard process.terminationStatus == 0 else {
            let said = (try? String(contentsOf: errors, encoding: .utf8))?.split(separator: "\n").first.map(String.init) ?? ""
            throw ValidationError(
                "\(executable.path) status failed on the large outbox (exit \(process.terminationStatus)): \(said.isEmpty ? "nothing on standard error" : said) — if it is from an older build than this benchmark, build both: swift build -c release --product swgate && swift build -c release --product swgate-bench"
            )
        }
        return seconds
    }

    /// Inserts `rows` document-sized rows with the C API in one transaction, WAL + FULL.
    static func rawInsert(rows: Int, path: String) throws -> Double {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw ValidationError("cannot open \(path)") }
        defer { sqlite3_close(db) }
        sqlite3_exec(
            db,
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t(id INTEGER PRIMARY KEY, k TEXT UNIQUE, o TEXT, g TEXT, body BLOB);",
            nil, nil, nil)
        var statement: OpaquePointer?
        sqlite3_prepare_v2(db, "INSERT INTO t(k, o, g, body) VALUES (?, ?, ?, ?)", -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        let body = [UInt8](repeating: 0x41, count: 2000)
        return try Stopwatch.time {
            sqlite3_exec(db, "BEGIN", nil, nil, nil)
            for index in 0..<rows {
                sqlite3_reset(statement)
                swgate_bind_text(statement, 1, "K\(index)", -1)
                swgate_bind_text(statement, 2, "O\(index)", -1)
                swgate_bind_text(statement, 3, "G\(index)", -1)
                swgate_bind_blob(statement, 4, body, Int32(body.count))
                guard sqlite3_step(statement) == SQLITE_DONE else { throw ValidationError("raw insert failed") }
            }
            sqlite3_exec(db, "COMMIT", nil, nil, nil)
        }
    }
}
