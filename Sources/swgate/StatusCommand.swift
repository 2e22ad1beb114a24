import CEBMessages
import Adapters
import ArgumentParser
import Foundation
import Gateway
import Outbox
import Signing
import JSONWriting

/// `swgate status`: how much is where, at a glance.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Count documents by customs status and messages by state and type.",
        discussion: """
            JSON: {"documents": {"total": N, "byStatus": {…}}, "messages": {"total": M, "byState": {…}, "byType": {…}}, "oldestWaitingSeconds": S, "overdueDocuments": O,
                   "signingCertificate": {"keyName": …, "expiresInDays": D, "warning": …}}
            The signing certificate is reported when a profile is found (--config, $SWGATE_CONFIG or ./swgate.json);
            a certificate that expires within 30 days is a warning: customs refuses signatures made with an expired one.
            Overdue: delivered documents still waiting for a final customs status past their --deadline (swgate list --overdue lists them).

            Example:
              swgate status --outbox outbox/ --json
            """
    )

    @OptionGroup var outbox: OutboxOptions

    @Option(
        name: .long, help: "The enterprise profile, for its signing certificate (default: $SWGATE_CONFIG, else ./swgate.json if present).",
        completion: .file(extensions: ["json"]))
    var config: String?

    @OptionGroup var deadlines: DeadlineOptions

    @Flag(help: "Print one JSON document (the output contract: README, schemas/cli/).")
    var json = false

    func run() throws {
        let explicitProfile = config ?? ProcessInfo.processInfo.environment["SWGATE_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        let store = try outbox.openExisting(profileDefault: ProfileOptions.outboxSetting(in: explicitProfile ?? ProfileOptions.defaultPath))
        let status: OutboxStatus
        let overdue: Int
        let notifications: NotificationBacklog
        let tax: TaxLedgerCounts
        let platformData: PlatformRequestCounts
        // The thresholds from a readable profile, read once; the defaults without one.
        let profile = ProfileDefaults.profile(at: explicitProfile ?? ProfileOptions.defaultPath)
        let sendFolder = profile?.folderTransport.map { SendFolderProbe(settings: $0).check(writeTest: false) }
        do {
            status = try store.status(now: Date())
            overdue = try store.overdueCount(try deadlines.deadlines(), now: Date())
            notifications = try store.notificationBacklog()
            let thresholds = profile?.tax ?? TaxSettings()
            tax = try store.taxLedgerCounts(missingAfter: thresholds.billWithin, tolerance: thresholds.tolerance, now: Date())
            let uploadWithin = (profile?.platformData ?? PlatformDataSettings()).uploadWithin
            platformData = try store.platformRequestCounts(now: Date(), uploadWithin: uploadWithin)
        } catch {
            Console.error("swgate status: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        if json {
            func counts(_ values: [String: Int]) -> JSONOutput {
                var object = JSONObject()
                for key in values.keys.sorted() { object.append(key, .number(String(values[key] ?? 0))) }
                return .object(object)
            }
            var documents = JSONObject()
            documents.append("total", .number(String(status.documentsTotal)))
            documents.append("byStatus", counts(status.documentsByStatus))
            var messages = JSONObject()
            messages.append("total", .number(String(status.messagesTotal)))
            messages.append("byState", counts(status.messagesByState))
            messages.append("byType", counts(status.messagesByType))
            var root = JSONObject()
            root.append("documentCounts", .object(documents))
            root.append("messageCounts", .object(messages))
            root.append("oldestWaitingSeconds", status.oldestWaitingSeconds.map { .number(String(format: "%.0f", $0)) } ?? .null)
            root.append("overdueDocuments", .number(String(overdue)))
            var backlog = JSONObject()
            backlog.append("undelivered", .number(String(notifications.waiting)))
            backlog.append(
                "oldestUndeliveredSeconds",
                notifications.oldestCreatedAt.map { .number(String(format: "%.0f", max(0, Date().timeIntervalSince($0)))) } ?? .null)
            backlog.append("lastError", notifications.lastError.map { .string(PersonalData.maskText($0)) } ?? .null)
            root.append("notificationBacklog", .object(backlog))
            var ledger = JSONObject()
            ledger.append(
                "billsByStatus", .object(JSONObject(TaxBillStatus.allCases.map { ($0.label, JSONOutput.int(tax.bills[$0] ?? 0)) })))
            ledger.append("unmatched", .int(tax.unmatched))
            ledger.append("missing", .int(tax.missing))
            ledger.append("notVoided", .int(tax.notVoided))
            ledger.append("mismatched", .int(tax.mismatched))
            root.append("taxBills", .object(ledger))
            var requests = JSONObject()
            for state in PlatformRequest.State.allCases { requests.append(state.rawValue, .int(platformData.byState[state] ?? 0)) }
            var fetch = JSONObject()
            fetch.append("byState", .object(requests))
            fetch.append("oldestPendingSeconds", platformData.oldestPendingAge.map { .number(String(format: "%.0f", $0)) } ?? .null)
            fetch.append("overdueCount", .int(platformData.overdue))
            root.append("platformData", .object(fetch))
            if let sendFolder {
                var folder = JSONObject()
                folder.append("waitingCount", .int(sendFolder.waiting))
                folder.append("oldestWaitingSeconds", sendFolder.oldestWaiting.map { .number(String(format: "%.0f", $0)) } ?? .null)
                folder.append("clientDown", .bool(sendFolder.clientDown))
                folder.append("blocked", sendFolder.blocked.map { .string($0) } ?? .null)
                folder.append("freeBytes", sendFolder.freeBytes.map { .number(String($0)) } ?? .null)
                root.append("sendFolder", .object(folder))
            } else {
                root.append("sendFolder", .null)
            }
            if let certificate = try signingCertificate() {
                var object = JSONObject()
                object.append("keyName", .string(certificate.keyName))
                object.append("expiresInDays", .number(String(certificate.days)))
                object.append("warning", certificate.warning.map { .string($0) } ?? .null)
                root.append("signingCertificate", .object(object))
            } else {
                root.append("signingCertificate", .null)
            }
            Console.json(root)
            return
        }
        Console.output("documents: \(status.documentsTotal)")
        for (key, count) in status.documentsByStatus.sorted(by: { $0.key < $1.key }) {
            let label = "customs \(key) \(ReturnStatus.meaning(of: key, for: .ceb621))"
            Console.output("  \(label.padding(toLength: 44, withPad: " ", startingAt: 0)) \(count)")
        }
        Console.output("messages: \(status.messagesTotal)")
        for (key, count) in status.messagesByState.sorted(by: { $0.key < $1.key }) {
            Console.output("  \(key.padding(toLength: 17, withPad: " ", startingAt: 0)) \(count)")
        }
        if let oldest = status.oldestWaitingSeconds {
            Console.output("oldest waiting: \(Int(oldest)) s")
        }
        if overdue > 0 {
            Console.output(
                "overdue: \(overdue) document\(overdue == 1 ? "" : "s") waiting for customs past the deadline (swgate list --overdue)")
        }
        if notifications.waiting > 0 {
            let age = notifications.oldestCreatedAt.map { Int(max(0, Date().timeIntervalSince($0))) } ?? 0
            Console.output("notifications: \(notifications.waiting) undelivered, the oldest for \(age) s (swgate notifications list)")
            if let error = notifications.lastError { Console.output("  last error: \(LogText.escaped(PersonalData.maskText(error)))") }
        }
        let bills = tax.bills.values.reduce(0, +)
        if bills > 0 || tax.missing > 0 {
            Console.output(
                "tax bills: \(bills) (\(TaxBillStatus.allCases.map { "\(tax.bills[$0] ?? 0) \($0.label)" }.joined(separator: ", ")))"
                    + "; \(tax.mismatched) mismatched, \(tax.unmatched) unmatched, \(tax.missing) released without a bill, \(tax.notVoided) cancelled or returned but not void"
                    + (tax.mismatched + tax.unmatched + tax.missing + tax.notVoided > 0 ? " (swgate tax report --mismatches)" : ""))
        }
        if let sendFolder {
            Console.output(
                "send folder: \(sendFolder.waiting) message file\(sendFolder.waiting == 1 ? "" : "s") waiting for the E-Port client"
                    + (sendFolder.oldestWaiting.map { ", the oldest for \(Int($0)) s" } ?? ""))
            for problem in sendFolder.problems { Console.output("  \(problem)") }
        }
        let requests = platformData.byState.values.reduce(0, +)
        if requests > 0 {
            let pending = platformData.byState[.pending] ?? 0
            var line =
                "payment data (179): \(requests) requests, \(platformData.byState[.uploaded] ?? 0) uploaded, \(pending) pending, "
                + "\(platformData.byState[.dead] ?? 0) dead, \(platformData.byState[.unknownOrder] ?? 0) for unknown orders"
            if let age = platformData.oldestPendingAge { line += "; the oldest pending for \(Int(age)) s" }
            if platformData.overdue > 0 { line += "; \(platformData.overdue) overdue (swgate platform-data list --state pending)" }
            Console.output(line)
        }
        if let certificate = try signingCertificate() {
            Console.output("signing certificate \(certificate.keyName): expires in \(certificate.days) days")
            if let warning = certificate.warning { Console.error("warning: \(warning)") }
        }
    }

    /// The profile's signing certificate and how long it has left, when there is a profile to read.
    private func signingCertificate() throws -> (keyName: String, days: Int64, warning: String?)? {
        let explicit = config ?? ProcessInfo.processInfo.environment["SWGATE_CONFIG"]
        let path = explicit ?? ProfileOptions.defaultPath
        if explicit == nil, !FileManager.default.fileExists(atPath: path) { return nil }
        var options = try ProfileOptions.parse([])
        options.config = path
        guard let signing = try options.load().signing else { return nil }
        let certificate: Certificate
        do {
            certificate = try Certificate(contentsOf: signing.certificateFile)
        } catch {
            Console.error("swgate status: the signing certificate \(signing.certificateFile.path): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        let days = certificate.secondsUntilExpiry / 86_400
        let keyName = signing.keyName ?? certificate.serialNumber
        var warning: String?
        if certificate.secondsUntilExpiry <= 0 {
            warning =
                "the signing certificate \(keyName) has expired: customs refuses its signatures (-621029); install the renewed certificate"
        } else if days < 30 {
            warning = "the signing certificate \(keyName) expires in \(days) days; renew it before then"
        }
        return (keyName, days, warning)
    }
}
