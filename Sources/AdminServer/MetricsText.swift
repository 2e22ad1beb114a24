import Foundation
import Gateway
import Outbox

/// The Prometheus text exposition of the outbox and the dispatcher.
enum MetricsText {
    static func render(
        status: OutboxStatus, dispatch: DispatchMetrics.Snapshot?, notifications: NotificationBacklog? = nil, tax: TaxLedgerCounts? = nil,
        platformData: PlatformRequestCounts? = nil, sendFolder: SendFolderProbe.Report? = nil, now: Date = Date()
    ) -> String {
        var lines: [String] = []
        func family(_ name: String, _ type: String, _ help: String) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
        }
        family("swgate_messages", "gauge", "Messages in the outbox by state.")
        for (state, count) in status.messagesByState.sorted(by: { $0.key < $1.key }) {
            lines.append("swgate_messages{state=\"\(label(state))\"} \(count)")
        }
        family("swgate_documents", "gauge", "Documents in the outbox by latest customs status (none: no receipt yet).")
        for (code, count) in status.documentsByStatus.sorted(by: { $0.key < $1.key }) {
            lines.append("swgate_documents{customs_status=\"\(label(code))\"} \(count)")
        }
        family("swgate_oldest_waiting_seconds", "gauge", "Age of the oldest message not yet delivered (0 when none).")
        lines.append("swgate_oldest_waiting_seconds \(Int(status.oldestWaitingSeconds ?? 0))")
        if let notifications {
            family("swgate_notifications_undelivered", "gauge", "Final-status notifications not yet delivered to the platform.")
            lines.append("swgate_notifications_undelivered \(notifications.waiting)")
            family("swgate_notifications_oldest_undelivered_seconds", "gauge", "Age of the oldest undelivered notification (0 when none).")
            lines.append(
                "swgate_notifications_oldest_undelivered_seconds \(Int(notifications.oldestCreatedAt.map { max(0, now.timeIntervalSince($0)) } ?? 0))"
            )
        }
        if let platformData {
            family("swgate_platform_data_requests", "gauge", "Customs' requests for payment data (announcement 179) by upload state.")
            for state in PlatformRequest.State.allCases {
                lines.append("swgate_platform_data_requests{state=\"\(state.rawValue)\"} \(platformData.byState[state] ?? 0)")
            }
            family("swgate_platform_data_oldest_pending_seconds", "gauge", "Age of the oldest request not yet uploaded (0 when none).")
            lines.append("swgate_platform_data_oldest_pending_seconds \(Int(platformData.oldestPendingAge ?? 0))")
            family("swgate_platform_data_overdue", "gauge", "Requests still pending past platformData.uploadWithinSeconds.")
            lines.append("swgate_platform_data_overdue \(platformData.overdue)")
        }
        if let sendFolder {
            family("swgate_send_folder_waiting", "gauge", "Message files in the E-Port client's send folder, not yet picked up.")
            lines.append("swgate_send_folder_waiting \(sendFolder.waiting)")
            family("swgate_send_folder_oldest_waiting_seconds", "gauge", "Age of the oldest of them (0 when none).")
            lines.append("swgate_send_folder_oldest_waiting_seconds \(Int(sendFolder.oldestWaiting ?? 0))")
            family("swgate_send_folder_client_down", "gauge", "1 when the oldest file has waited past transport.pickupWithinSeconds.")
            lines.append("swgate_send_folder_client_down \(sendFolder.clientDown ? 1 : 0)")
            family(
                "swgate_send_folder_blocked", "gauge", "1 when the send folder cannot take files (missing, not writable, short of space).")
            lines.append("swgate_send_folder_blocked \(sendFolder.blocked == nil ? 0 : 1)")
            if let free = sendFolder.freeBytes {
                family("swgate_send_folder_free_bytes", "gauge", "Free space in the send folder's file system.")
                lines.append("swgate_send_folder_free_bytes \(free)")
            }
        }
        if let tax {
            family("swgate_tax_bills", "gauge", "Tax bills (CEB816/818) in the ledger by status.")
            for status in TaxBillStatus.allCases { lines.append("swgate_tax_bills{status=\"\(status.label)\"} \(tax.bills[status] ?? 0)") }
            family("swgate_tax_bill_alerts", "gauge", "Tax bills that need a person, by kind.")
            lines.append("swgate_tax_bill_alerts{kind=\"mismatched\"} \(tax.mismatched)")
            lines.append("swgate_tax_bill_alerts{kind=\"unmatched\"} \(tax.unmatched)")
            lines.append("swgate_tax_bill_alerts{kind=\"missing\"} \(tax.missing)")
            lines.append("swgate_tax_bill_alerts{kind=\"not_voided\"} \(tax.notVoided)")
        }
        if let dispatch {
            family("swgate_send_attempts_total", "counter", "Send attempts by this worker, by outcome.")
            for (outcome, count) in dispatch.outcomes.sorted(by: { $0.key < $1.key }) {
                lines.append("swgate_send_attempts_total{outcome=\"\(label(outcome))\"} \(count)")
            }
            family("swgate_send_duration_seconds", "histogram", "Time from claim to outcome of one send, including signing.")
            for (index, bound) in DispatchMetrics.bounds.enumerated() {
                lines.append("swgate_send_duration_seconds_bucket{le=\"\(bound)\"} \(dispatch.buckets[index])")
            }
            lines.append("swgate_send_duration_seconds_bucket{le=\"+Inf\"} \(dispatch.count)")
            lines.append("swgate_send_duration_seconds_sum \(dispatch.sum)")
            lines.append("swgate_send_duration_seconds_count \(dispatch.count)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Label values are swgate's own words and codes; escaped anyway.
    static func label(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(
            of: "\n", with: "\\n")
    }
}
