// The simulator's check of a request's authentication headers (SPEC §1.1):
// which retCode a bad request gets. Pure, so tests can call it without HTTP.

import CallbotAPI

/// Request authentication as the simulator performs it.
public enum SimulatorAuth {
    /// Why a request was refused: its retCode and message.
    public struct Failure: Error, Sendable, Hashable {
        public var retCode: RetCode
        public var message: String
    }

    /// Checks the headers (read through `header`, case-insensitive) of a request
    /// with `body` against the one account `credentials`, at time `now` (epoch seconds).
    /// Returns the request's headers when they are valid.
    public static func check(
        header: (String) -> String?, body: [UInt8], credentials: Credentials,
        now: Int, window: Int = 300
    ) -> Result<SignedHeaders, Failure> {
        guard let sign = header(CallbotHeader.sign), !sign.isEmpty else {
            return .failure(Failure(retCode: .missingSignature, message: "missing signature"))
        }
        guard let uuid = header(CallbotHeader.uuid), !uuid.isEmpty, uuid == credentials.uuid else {
            return .failure(Failure(retCode: .noAccount, message: "account does not exist"))
        }
        guard let requestID = header(CallbotHeader.requestID), !requestID.isEmpty else {
            return .failure(Failure(retCode: .missingParameter, message: "missing header requestID"))
        }
        guard let createTs = header(CallbotHeader.createTs), !createTs.isEmpty else {
            return .failure(Failure(retCode: .missingParameter, message: "missing header createTs"))
        }
        var algorithm = SignAlgorithm.md5
        if let name = header(CallbotHeader.algorithm), !name.isEmpty {
            guard let a = SignAlgorithm(headerValue: name) else {
                return .failure(Failure(retCode: .formatError, message: "unknown algorithm \(name)"))
            }
            algorithm = a
        }
        guard let ts = Int(createTs) else {
            return .failure(Failure(retCode: .formatError, message: "createTs is not an integer"))
        }
        guard abs(ts - now) <= window else {
            return .failure(
                Failure(
                    retCode: .badSignature,
                    message: "incorrect signature: createTs outside ±\(window) s"))
        }
        let headers = SignedHeaders(
            requestID: requestID, uuid: uuid, createTs: createTs, sign: sign,
            algorithm: algorithm)
        guard headers.verifies(body: body, secretKey: credentials.secretKey) else {
            return .failure(Failure(retCode: .badSignature, message: "incorrect signature"))
        }
        return .success(headers)
    }
}
