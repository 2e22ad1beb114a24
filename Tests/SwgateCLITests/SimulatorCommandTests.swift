import SwgateTestSupport
import Testing

@Suite("swgate simulator")
struct SimulatorCommandTests {
    @Test("it binds to loopback unless told otherwise, and off loopback only with a caller token")
    func binding() throws {
        let remote = try SwgateProcess.run(["simulator", "--host", "0.0.0.0", "--port", "0"])
        #expect(remote.status == 64 || remote.status == 2)
        #expect(remote.stderr.contains("--allow-remote"))
        let anonymous = try SwgateProcess.run(
            ["simulator", "--host", "0.0.0.0", "--port", "0", "--allow-remote"], environment: ["SWGATE_SIMULATOR_TOKEN": ""])
        #expect(anonymous.status != 0)
        #expect(anonymous.stderr.contains("--token"))
    }

    @Test("a receipt retention that is not a positive number of seconds is refused, saying what to give")
    func retention() throws {
        let zero = try SwgateProcess.run(["simulator", "--port", "0", "--receipt-retention", "0"])
        #expect(zero.status == 64 || zero.status == 2)
        #expect(zero.stderr.contains("--receipt-retention must be a positive number of seconds"))
    }
}
