import Adapters
import AdminServer
import ArgumentParser
import Console
import Foundation
import JSONWriting
import Gateway
import Outbox
import Signing
import HTTPClient
import Transport

/// `swgate run`: the long-running worker — send what is due, take in receipts, repeat.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Send due messages and take in receipts until stopped (or until everything is settled).",
        discussion: """
            Messages left in `sending` by a stopped worker go back to the queue when their lease runs out. \
            SIGINT/SIGTERM stop after the sends in flight finish.

            Examples:
              swgate run --endpoint http://127.0.0.1:8080 --config examples/swgate.json
              swgate run --endpoint http://127.0.0.1:8080 --until-settled --max-wait 120
            """
    )

    @OptionGroup var dispatch: DispatchOptions
    @OptionGroup var profile: ProfileOptions
    @OptionGroup var outbox: OutboxOptions

    @Flag(help: "Exit 0 once every document has a final customs status or is dead; 1 on timeout.")
    var untilSettled = false

    @Option(help: "With --until-settled: give up after this many seconds.")
    var maxWait = 300.0

    @Option(help: "Seconds between rounds when there is nothing to do.")
    var idle = 0.1

    @Option(
        help:
            "Dispatch loops in this worker: while one waits for its round's replies, another claims and sends. They share the rate limit and circuit breaker."
    )
    var dispatchers = 1

    @Option(help: "Serve /healthz and Prometheus /metrics on this port (0: any free port).")
    var adminPort: Int?

    @Option(help: "Address for the admin endpoint; anything but loopback needs --admin-token.")
    var adminHost = "127.0.0.1"

    @Option(help: "Bearer token for the admin endpoint (or $SWGATE_ADMIN_TOKEN).")
    var adminToken: String?

    @Option(
        help: ArgumentHelp(
            "A shell command run for every final customs status, with a JSON object on standard input; exit 0 = delivered, anything else is retried.",
            valueName: "command"))
    var onStatus: String?

    @Option(
        help: ArgumentHelp(
            "A URL POSTed the same JSON for every final customs status (default: the profile's statusWebhook); any 2xx = delivered, anything else is retried. Token: $SWGATE_STATUS_TOKEN.",
            valueName: "url"))
    var onStatusURL: String?

    @Flag(
        help:
            "Also serve the operator console on the --admin-port (as swgate console; operators' token: $SWGATE_CONSOLE_TOKEN), with the breaker's state."
    )
    var console = false

    @Flag(name: .shortAndLong, help: "No live status line on a terminal.")
    var quiet = false

    @Flag(help: "When the run ends, print one JSON document: how it ended and what it left.")
    var json = false

    @OptionGroup var logging: LogOptions

    func validate() throws {
        if !(1...16).contains(dispatchers) { throw ValidationError("--dispatchers must be 1 to 16") }
        if console, adminPort == nil { throw ValidationError("--console is served on the admin endpoint: add --admin-port PORT") }
        if let onStatusURL, URL(string: onStatusURL)?.scheme?.hasPrefix("http") != true {
            throw ValidationError("--on-status-url must be an http(s) URL")
        }
        if onStatus != nil, onStatusURL != nil {
            throw ValidationError("--on-status and --on-status-url: choose one (each notification is delivered once, to one place)")
        }
    }

    func run() async throws {
        LogSetup.bootstrap(logging)
        let profile = try self.profile.load()
        let store = try outbox.openExisting(profileDefault: self.profile.outboxDefault(profile))
        let signer: (any Signer)?
        do {
            signer = try SignerFactory.signer(for: profile, allowPlainHTTP: dispatch.allowPlainHTTP)
        } catch {
            Console.error("swgate run: the profile's signing key cannot be used: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        let settings = try dispatch.settings(profile: profile)
        let worker = try Worker(store: store, settings: settings, signer: signer, pollInBackground: true, dispatchers: dispatchers) {
            Console.error("swgate: \($0)")
        }
        defer { worker.stop() }
        var admin: AdminServer?
        if let adminPort {
            do {
                let token = try Secrets.value(adminToken, option: "--admin-token", environment: "SWGATE_ADMIN_TOKEN")
                let governor = worker.dispatcher.governor
                let probe = AdminServer.WorkerProbe(
                    heartbeat: worker.heartbeat, polling: settings.receiptsURL != nil || settings.folder?.receive != nil,
                    breakerOpen: { governor.isOpen(at: Date()) },
                    certificateDaysLeft: signer.flatMap { try? Certificate(bytes: $0.certificate) }.map { $0.secondsUntilExpiry / 86_400 },
                    sendFolder: settings.folder == nil ? nil : worker.dispatcher.folderState
                )
                var console: ConsoleConfiguration?
                if self.console {
                    var mounted = ConsoleConfiguration()
                    mounted.token = try Secrets.value(nil, option: "--console", environment: "SWGATE_CONSOLE_TOKEN")
                    mounted.taxTolerance = profile.tax.tolerance
                    mounted.taxBillWithin = profile.tax.billWithin
                    mounted.certificateDaysLeft = probe.certificateDaysLeft
                    mounted.breakerOpen = { governor.isOpen(at: Date()) }
                    console = mounted
                }
                admin = try await AdminServer.start(
                    host: adminHost, port: adminPort, token: token, store: store, metrics: worker.dispatcher.metrics, worker: probe,
                    tax: profile.tax, platformData: profile.platformData, console: console)
            } catch {
                Console.error("swgate run: \(error.localizedDescription)")
                throw ExitCode(1)
            }
            Console.error("swgate run: admin endpoint \(admin?.baseURL.absoluteString ?? "")/metrics")
        }
        defer { admin?.stop() }

        let stop = LockedFlag()
        let signals = await StopSignals.trap(setting: stop)
        defer { signals.cancel() }
        var hook: NotifierThread?
        if let onStatus {
            hook = NotifierThread(StatusNotifier(store: store, shellCommand: onStatus)) { Console.error("swgate: \($0)") }
        } else if let url = onStatusURL ?? profile.statusWebhook {
            if let problem = PlainHTTPPolicy.problem(url, what: "the status webhook", allowPlain: dispatch.allowPlainHTTP) {
                Console.error("swgate run: \(problem)")
                throw ExitCode(1)
            }
            var http = settings.http
            http.bearerToken = ProcessInfo.processInfo.environment["SWGATE_STATUS_TOKEN"]
            http.headers = [:]
            hook = NotifierThread(try StatusNotifier(store: store, webhook: url, http: http)) { Console.error("swgate: \($0)") }
        }
        hook?.start()
        defer { hook?.finish() }
        let live = RunLiveView(quiet: quiet)
        let governor = worker.dispatcher.governor
        let notifying = hook != nil
        live.start { try RunLiveView.sample(store: store, breakerOpen: governor.isOpen(at: Date()), notifying: notifying) }
        let limits = RunLimits(untilSettled: untilSettled, maxWait: maxWait, idle: idle)
        let end = try await worker.runOnOwnThread(limits, stop: stop)
        live.finish()
        switch end {
        case .stopped:
            Console.error("swgate run: stopped")
            if json { Console.json(try Self.summary(store: store, end: "stopped", notifying: notifying)) }
            return
        case .settled(let dead):
            Console.error(
                dead == 0
                    ? "swgate run: every document is settled" : "swgate run: every document is settled or dead (\(dead) dead messages)")
        case .timedOut(let open):
            Console.error("swgate run: \(open) documents still unsettled after \(Int(maxWait)) s")
        }
        // The hook's last pass first: the exit status says whether the platform was told.
        hook?.finish()
        let verdict = try Self.verdict(store: store, settled: end.isSettled, notifying: hook != nil)
        if json { Console.json(try Self.summary(store: store, end: end.isSettled ? "settled" : "timedOut", notifying: notifying)) }
        guard verdict != .done else { return }
        throw ExitCode(verdict.rawValue)
    }

    /// What a run (or `send`) left behind, as its JSON answer: how it ended (`settled`, `stopped`,
    /// `timedOut`, `round` for send), documents by customs status, messages by state, dead
    /// messages and undelivered notifications.
    static func summary(store: SQLOutbox, end: String, notifying: Bool) throws -> JSONObject {
        let status = try store.status(now: Date())
        func counts(_ values: [String: Int]) -> JSONOutput {
            .object(JSONObject(values.keys.sorted().map { ($0, JSONOutput.int(values[$0] ?? 0)) }))
        }
        return [
            ("end", .string(end)),
            ("documentCounts", .object([("total", .int(status.documentsTotal)), ("byStatus", counts(status.documentsByStatus))])),
            ("messageCounts", .object([("total", .int(status.messagesTotal)), ("byState", counts(status.messagesByState))])),
            ("deadMessages", .int(status.messagesByState[MessageState.dead.rawValue] ?? 0)),
            ("undeliveredNotifications", .int(notifying ? try store.notificationBacklog().waiting : 0)),
        ]
    }

    /// The exit status of a run that ended (``ExitStatus/ofRun(settled:deadMessages:undeliveredNotifications:)``),
    /// with a line saying what it left behind. Undelivered notifications count only when a hook or
    /// webhook is there to deliver them.
    static func verdict(store: SQLOutbox, settled: Bool, notifying: Bool) throws -> ExitStatus {
        let status = try store.status(now: Date())
        let dead = status.messagesByState["dead"] ?? 0
        let backlog = notifying ? try store.notificationBacklog() : NotificationBacklog(waiting: 0, oldestCreatedAt: nil, lastError: nil)
        let verdict = ExitStatus.ofRun(settled: settled, deadMessages: dead, undeliveredNotifications: backlog.waiting)
        switch verdict {
        case .dead:
            Console.error(
                "swgate: \(dead) messages are dead (customs never took them): swgate list --state dead shows why; fix, then swgate retry")
        case .notificationsUndelivered:
            Console.error(
                "swgate: \(backlog.waiting) status notifications are undelivered\(backlog.lastError.map { " (last error: \(LogText.escaped($0)))" } ?? ""); swgate notifications list shows them"
            )
        case .done, .problem, .usage, .timedOut:
            break
        }
        return verdict
    }
}
