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
}
