/// The console's labels in Chinese (the default) and English (`?lang=en`).
struct ConsoleText: Sendable {
    let language: String

    init(_ requested: String?) { language = requested == "en" ? "en" : "zh" }

    subscript(_ key: String) -> String {
        (language == "en" ? Self.english[key] : Self.chinese[key]) ?? key
    }

    static let chinese: [String: String] = [
        "title": "swgate 单一窗口网关控制台", "overview": "总览", "search": "查询", "dead": "死信与退单", "tax": "税单核对",
        "login": "登录", "logout": "退出", "token": "令牌", "name": "操作员姓名", "documents": "单证（按海关状态）",
        "messages": "报文（按状态）", "deadCount": "死信报文", "overdue": "超时未回执", "notifications": "未送达通知",
        "platformData": "179 支付数据请求", "breaker": "熔断器", "certificate": "签名证书剩余天数", "throughput": "近一小时发送",
        "order": "订单号", "type": "类型", "state": "报文状态", "customs": "海关状态", "reason": "海关回执说明", "updated": "更新时间",
        "retry": "重发", "cancel": "取消", "retrySelected": "重发所选", "cancelSelected": "取消所选", "attempts": "发送记录",
        "timeline": "回执与状态时间线", "payload": "报文（个人信息已脱敏）", "readOnly": "只读模式：登录后才能重发或取消",
        "query": "订单号、运单号、清单编号、企业内部编号或 guid", "from": "起始日期", "to": "截止日期", "find": "查询", "next": "下一页",
        "none": "无", "open": "断开（端点持续失败）", "closed": "闭合（正常）", "noReceipt": "尚无回执", "rejected": "海关退单", "done": "已完成",
        "notAvailable": "（控制台单独运行时不可用）", "loggedInAs": "已登录：",
        "mismatched": "税额不符", "missing": "放行后无税单", "unmatched": "无对应清单", "notVoided": "已撤销或退货但未作废",
    ]

    static let english: [String: String] = [
        "title": "swgate single-window gateway console", "overview": "Overview", "search": "Search", "dead": "Dead letters and rejections",
        "tax": "Tax bills", "login": "Log in", "logout": "Log out", "token": "Token", "name": "Operator name",
        "documents": "Documents by customs status", "messages": "Messages by state", "deadCount": "Dead messages",
        "overdue": "Overdue receipts", "notifications": "Undelivered notifications", "platformData": "179 payment-data requests",
        "breaker": "Circuit breaker", "certificate": "Signing certificate days left", "throughput": "Sent in the last hour",
        "order": "Order", "type": "Type", "state": "Message state", "customs": "Customs status", "reason": "Customs' reason",
        "updated": "Updated", "retry": "Retry", "cancel": "Cancel", "retrySelected": "Retry selected", "cancelSelected": "Cancel selected",
        "attempts": "Send attempts", "timeline": "Receipts and states", "payload": "Payload (personal data masked)",
        "readOnly": "Read-only: log in to retry or cancel", "query": "order, waybill, inventory number, copNo or guid", "from": "From",
        "to": "To",
        "find": "Search", "next": "Next page", "none": "none", "open": "open (the endpoint keeps failing)", "closed": "closed",
        "noReceipt": "no receipt yet", "rejected": "Rejected by customs",
        "done": "Done",
        "notAvailable": "(not available when the console runs alone)", "loggedInAs": "Logged in as ", "mismatched": "Mismatched",
        "missing": "Released without a bill", "unmatched": "Unmatched", "notVoided": "Cancelled or returned, not void",
    ]
}

/// Text for HTML: every value the console shows goes through here.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
