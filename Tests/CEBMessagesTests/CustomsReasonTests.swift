import CEBMessages
import Testing

/// Customs' reason split into the code a program matches on and the text a person reads.
@Suite("Customs reasons")
struct CustomsReasonTests {
    @Test(
        "code and text, with and without the bracket form",
        arguments: [
            ("[Code:1313;Desc:订购人购买超过年度限额]", "1313", "订购人购买超过年度限额"),
            (
                "[Code:1332;Desc:支付单支付金额与订单支付金额不一致],[OrderHead.acturalPaid:561.89,PaymentHead.amountPaid3197.95]", "1332",
                "支付单支付金额与订单支付金额不一致,[OrderHead.acturalPaid:561.89,PaymentHead.amountPaid3197.95]"
            ),
            ("  [Code:2600;Desc:放行]  ", "2600", "放行"),
            ("清单新增申报成功", nil, "清单新增申报成功"),
            ("[Code:abc;Desc:x]", nil, "[Code:abc;Desc:x]"),
            ("[Code:1800]", "1800", ""),
            ("[Code:-1;Desc:系统异常]", "-1", "系统异常"),
            ("[Code:1313;订购人] 附注", "1313", "订购人 附注"),
            ("[Code:１３１３;Desc:全角]", nil, "[Code:１３１３;Desc:全角]"),
        ] as [(String, String?, String)]
    )
    func parse(info: String, code: String?, text: String) {
        let reason = CustomsReason.parse(info)
        #expect(reason?.code == code)
        #expect(reason?.text == text)
    }

    @Test("an empty text has no reason")
    func empty() {
        #expect(CustomsReason.parse("  ") == nil)
    }
}
