import Gateway
import Testing

@Suite("Exit statuses")
struct ExitStatusTests {
    @Test(
        "a run's exit status from what it left behind",
        arguments: [
            (true, 0, 0, Gateway.ExitStatus.done),
            (true, 3, 0, .dead),
            (true, 0, 12, .notificationsUndelivered),
            (true, 3, 12, .dead),
            (false, 0, 0, .timedOut),
            (false, 5, 5, .timedOut),
        ]
    )
    func run(settled: Bool, dead: Int, undelivered: Int, expected: Gateway.ExitStatus) {
        #expect(Gateway.ExitStatus.ofRun(settled: settled, deadMessages: dead, undeliveredNotifications: undelivered) == expected)
    }

    @Test("every status is distinct and documented")
    func table() {
        #expect(Set(Gateway.ExitStatus.allCases.map(\.rawValue)).count == Gateway.ExitStatus.allCases.count)
        #expect(Gateway.ExitStatus.allCases.allSatisfy { !$0.meaning.isEmpty })
        #expect(Gateway.ExitStatus.usage.rawValue == 2, "argument errors exit 2, as git and POSIX tools do")
    }
}
