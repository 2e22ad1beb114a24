import CEBMessages
import Foundation
import Gateway
import Outbox
import Simulator
import SwgateTestSupport
import Testing
import HTTPClient
import Transport

@Suite("Dispatch over real HTTP on loopback", .serialized)
struct DispatchTests {
    @Test("the bonded example reaches its final statuses; inventories go only after their documents are accepted")
    func happyPath() async throws {
        let harness = try await GatewayHarness.start()
        defer { harness.stop() }
        #expect(try await harness.runUntilSettled(harness.settings()))
        let status = try harness.store.status(now: Date())
        #expect(status.documentsByStatus["800"] == 24)
        #expect(status.documentsByStatus["120"] == 72)
        #expect(status.messagesByState["acknowledged"] == 96)
        // Gating: for every order, the inventory arrived after the order, payment and waybill.
        let log = await harness.simulator.customs.transmissionLog()
        var firstSeen: [String: Date] = [:]
        for entry in log where firstSeen[entry.type] == nil { firstSeen[entry.type] = entry.at }
        let inventoryTimes = log.filter { $0.type == "CEB621Message" }.map(\.at)
        let lastOther = log.filter { $0.type != "CEB621Message" }.map(\.at).max()
        #expect(inventoryTimes.count == 24)
        #expect(inventoryTimes.min().map { time in lastOther.map { time >= $0.addingTimeInterval(-5) } ?? false } == true)
        // Every attempt keeps the exact bytes it sent: an inventory's are stamped and signed, unlike the queued payload.
        let inventory = try #require(try harness.store.details("HT2026112500000003").first { $0.summary.messageType == .ceb621 })
        let sent = try #require(inventory.attempts.last?.sent)
        #expect(String(decoding: sent, as: UTF8.self).contains("SignatureValue"))
        #expect(!String(decoding: inventory.payload, as: UTF8.self).contains("SignatureValue"))
        // Pruning older messages keeps the sent bytes of the attempts that remain.
        #expect(try harness.store.prune(before: Date().addingTimeInterval(-86_400)) == 0)
        #expect(try harness.store.details("HT2026112500000003").first { $0.summary.messageType == .ceb621 }?.attempts.last?.sent == sent)
        #expect(try harness.store.check().isEmpty)
    }

    @Test("transient failures (HTTP 500, timeouts) are retried until they succeed; nothing ends dead")
    func transientFailures() async throws {
        let harness = try await GatewayHarness.start { configuration in
            configuration.http500Rate = 0.4
            configuration.timeoutRate = 0.05
            configuration.timeoutHold = 2.5
            configuration.seed = 11
        }
        defer { harness.stop() }
        let settings = harness.settings { settings in
            settings.http.totalTimeout = 1.5
            settings.maxAttempts = 60
        }
        #expect(try await harness.runUntilSettled(settings, seconds: 60))
        let status = try harness.store.status(now: Date())
        #expect(status.messagesByState["dead"] == nil)
        #expect(status.documentsByStatus["800"] == 24)
        let details = try harness.store.details("HT2026112500000003")
        #expect(!details.isEmpty)
    }

    @Test("permanent failures are not retried: dead with the reason, then rejected by customs' CEB900 receipt")
    func permanentFailures() async throws {
        let harness = try await GatewayHarness.start { configuration in configuration.failRate = 1 }
        defer { harness.stop() }
        _ = try await harness.runUntilSettled(harness.settings(), seconds: 5)
        let dead = try harness.store.documents(DocumentFilter(limit: 1000)).filter { $0.state == .dead || $0.state == .rejected }
        #expect(dead.count == 72, "orders, payments and waybills fail; inventories never become due")
        #expect(dead.allSatisfy { $0.customsStatus == "-1" }, "the format-check receipt (CEB900) is applied by its transmission id")
        #expect(dead.allSatisfy { $0.attempts == 1 })
        let detail = try #require(try harness.store.details(String(dead[0].id)).first)
        #expect(detail.attempts.first?.outcome == "permanent")
        #expect(detail.attempts.first?.error?.contains("0002") == true)
        #expect(try harness.store.documents(DocumentFilter(state: .queued, type: .ceb621, limit: 100)).count == 24)
    }

    @Test("a simulator with a token refuses callers without it (401, nothing processed) and serves those with it")
    func bearerToken() async throws {
        let harness = try await GatewayHarness.start({ $0.token = "s3cret-token" })
        defer { harness.stop() }
        let dispatcher = try Dispatcher(
            store: harness.store, settings: harness.settings(), signer: try SignerFactory.signer(for: harness.profile))
        let tried = try await dispatcher.sendEverythingDue()
        #expect(tried == 72)
        let refused = try harness.store.documents(DocumentFilter(state: .dead, limit: 1000))
        #expect(refused.count == 72, "orders, payments and waybills were tried and refused")
        let detail = try #require(try harness.store.details(String(refused[0].id)).first)
        #expect(detail.attempts.first?.error?.contains("HTTP 401") == true)
        #expect(await harness.simulator.customs.transmissionLog().isEmpty)
        #expect(try harness.store.retry(state: .dead, type: nil, dryRun: false, now: Date()) == 72)
        let settled = try await harness.runUntilSettled(harness.settings { $0.http.bearerToken = "s3cret-token" })
        #expect(settled)
        #expect(try harness.store.status(now: Date()).documentsByStatus["800"] == 24)
    }

    @Test("inventories whose orders were cancelled do not wait forever: the worker makes them dead with the reason, and the run settles")
    func blockedInventories() async throws {
        let harness = try await GatewayHarness.start()
        defer { harness.stop() }
        let orders = try harness.store.documents(DocumentFilter(type: .ceb311, limit: 100))
        #expect(try harness.store.cancel(messageIDs: orders.map(\.messageID), now: Date()) == 24)
        #expect(try await harness.runUntilSettled(harness.settings(), seconds: 30))
        let inventories = try harness.store.documents(DocumentFilter(type: .ceb621, limit: 100))
        #expect(inventories.count == 24)
        #expect(inventories.allSatisfy { $0.state == .dead && $0.attempts == 0 }, "never sent: customs would have refused them")
        let detail = try #require(try harness.store.details(String(inventories[0].id)).first)
        #expect(detail.audit.last { $0.entity == "message" }?.reason?.contains("CEB311Message") == true)
        #expect(await !harness.simulator.customs.transmissionLog().contains { $0.type == "CEB621Message" })
    }

    @Test("an inventory without a signing key is never sent unsigned: it ends dead with the reason")
    func unsignedInventory() async throws {
        let harness = try await GatewayHarness.start(signing: false)
        defer { harness.stop() }
        _ = try await harness.runUntilSettled(harness.settings(), seconds: 10)
        let inventories = try harness.store.documents(DocumentFilter(type: .ceb621, limit: 100))
        #expect(inventories.count == 24)
        #expect(inventories.allSatisfy { $0.state == .dead })
        let detail = try #require(try harness.store.details(String(inventories[0].id)).first)
        #expect(detail.attempts.first?.error?.contains("must be signed") == true)
        let log = await harness.simulator.customs.transmissionLog()
        #expect(!log.contains { $0.type == "CEB621Message" })
    }

    @Test("20 % transient failures with duplicated and reordered receipts: right final statuses, sends explained by attempts")
    func faultTolerance() async throws {
        let harness = try await GatewayHarness.start { configuration in
            configuration.http500Rate = 0.2
            configuration.duplicateReceipts = true
            configuration.reorderReceipts = true
            configuration.seed = 5
        }
        defer { harness.stop() }
        #expect(try await harness.runUntilSettled(harness.settings { $0.maxAttempts = 30 }, seconds: 60))
        let status = try harness.store.status(now: Date())
        #expect(status.documentsByStatus["800"] == 24)
        #expect(status.documentsByStatus["120"] == 72)
        // Every transmission the simulator received is an attempt the outbox recorded.
        let received = Set(await harness.simulator.customs.transmissionLog().map(\.copMsgId))
        var recorded = Set<String>()
        for document in try harness.store.documents(DocumentFilter(limit: 1000)) {
            for attempt in try harness.store.details(String(document.id)).first?.attempts ?? [] {
                if let id = attempt.transmissionID { recorded.insert(id) }
            }
        }
        #expect(received.isSubset(of: recorded))
    }

    @Test(
        "a claimed message whose send could no longer finish inside its lease goes back to the queue unsent, and is not counted as an attempt"
    )
    func releasedUnsent() async throws {
        let harness = try await GatewayHarness.start { $0.latency = 0.2 }
        defer { harness.stop() }
        // A 0.3 s lease: sends may start for 0.15 s after each claim; each takes 0.2 s, so with one
        // at a time only the first message of each claim starts and the rest is given back.
        let dispatcher = try Dispatcher(
            store: harness.store,
            settings: harness.settings {
                $0.lease = 0.3; $0.concurrency = 1
            }, signer: nil)
        let tried = try await dispatcher.sendDue()
        let status = try harness.store.status(now: Date())
        let sent = try #require(status.messagesByState["sent"])
        #expect(sent >= 1)
        #expect(tried > sent, "the round claimed more than it could start")
        #expect(status.messagesByState["queued"] == 96 - sent, "\(status.messagesByState)")
        #expect(status.messagesByState["sending"] == nil)
        let log = await harness.simulator.customs.transmissionLog()
        #expect(log.count == sent, "only the messages recorded as sent reached the endpoint")
        let queued = try harness.store.documents(DocumentFilter(state: .queued, limit: 200))
        #expect(queued.allSatisfy { $0.attempts == 0 }, "a message given back unsent has no attempt")
        let first = try #require(queued.first)
        let detail = try #require(try harness.store.details(String(first.id)).first)
        #expect(detail.attempts.isEmpty)
        for document in try harness.store.documents(DocumentFilter(state: .sent, limit: 200)) {
            #expect(document.attempts == 1)
        }
        #expect(try harness.store.check().isEmpty)
    }
}
