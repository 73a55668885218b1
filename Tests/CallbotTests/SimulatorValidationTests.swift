// The simulator's request validation: which retCode each malformed listOrder
// or listTask body gets (2 missing, 3 wrong type, 4 bad value, 4001 too long),
// and that a stopped simulator no longer answers.

import CallbotAPI
import CallbotClient
import CallqJSON
import Testing

@testable import CallbotSimulator

struct SimulatorValidationTests {
    func code(_ body: String, task: Bool = false) -> RetCode? {
        do {
            let json = try JSONParser.parse(body)
            if task {
                _ = try RequestValidation.listTask(json, pageSizeLimit: 100, listLimit: 3)
            } else {
                _ = try RequestValidation.listOrder(json, pageSizeLimit: 100, listLimit: 3)
            }
            return nil
        } catch let failure as APIFailure {
            return failure.retCode
        } catch {
            return .generalError
        }
    }

    @Test func listOrderBodies() {
        let ok = #""productID":"callbot","userTaskID":"t","page":1,"size":10,"options":{}"#
        let noOptions = #""productID":"callbot","userTaskID":"t","page":1,"size":10"#
        #expect(code("{\(ok)}") == nil)
        #expect(code("{\(noOptions)}") == .missingParameter)  // required, as at the vendor
        #expect(code("{\(noOptions),\"options\":null}") == .missingParameter)
        #expect(code(#"{"userTaskID":"t","page":1,"size":10}"#) == .missingParameter)
        #expect(code(#"{"productID":"callbot","page":1,"size":10}"#) == .missingParameter)
        #expect(code(#"{"productID":"callbot","userTaskID":7,"page":1,"size":10}"#) == .formatError)
        #expect(code(#"{"productID":"other","userTaskID":"t","page":1,"size":10}"#) == .invalidValue)
        #expect(code(#"{"productID":"callbot","userTaskID":"t","page":0,"size":10}"#) == .invalidValue)
        #expect(code(#"{"productID":"callbot","userTaskID":"t","page":1,"size":101}"#) == .invalidValue)
        #expect(code(#"{"productID":"callbot","userTaskID":"t","page":"1","size":10}"#) == .formatError)
        #expect(code("[1]") == .formatError)
        #expect(code("{\(noOptions),\"options\":[]}") == .formatError)
        #expect(code("{\(noOptions),\"options\":{\"callStatus\":[\"6\"]}}") == .formatError)
        #expect(code("{\(noOptions),\"options\":{\"orderID\":[\"a\",\"b\",\"c\",\"d\"]}}") == .tooManyElements)
        #expect(code("{\(noOptions),\"options\":{\"finish\":3}}") == .invalidValue)
        #expect(code("{\(noOptions),\"options\":{\"callDuration\":{\"gt\":\"1\"}}}") == .formatError)
        #expect(code("{\(noOptions),\"options\":{\"turnTime\":{\"gt\":1,\"lt\":5,\"enable\":\"yes\"}}}") == .formatError)
    }

    @Test func listTaskBodies() {
        #expect(code(#"{"productID":"callbot","page":1,"size":10,"queryConditions":{}}"#, task: true) == nil)
        #expect(code(#"{"productID":"callbot","page":1,"size":10}"#, task: true) == .missingParameter)
        #expect(code(#"{"productID":"callbot","page":1,"size":10,"queryConditions":null}"#, task: true) == .missingParameter)
        #expect(
            code(#"{"productID":"callbot","page":1,"size":10,"queryConditions":{"taskStatus":[1,2,3,4]}}"#, task: true)
                == .tooManyElements)
        #expect(code(#"{"productID":"callbot","page":1,"size":10,"queryConditions":{"sceneID":5}}"#, task: true) == .formatError)
        #expect(code(#"{"productID":"callbot","size":10,"queryConditions":{}}"#, task: true) == .missingParameter)
    }

    @Test func stoppedSimulatorClosesItsPort() async throws {
        let sim = try await SimulatorServer.start(SimulatorConfig(tasks: 1, orders: 5))
        let c = client(for: sim, maxAttempts: 1)
        _ = try await c.ping()
        await sim.stop()
        let error = await #expect(throws: CallbotError.self) { _ = try await c.ping() }
        #expect(error?.kind == .transport)
    }
}
