// Enumerations with names: callStatus, agentCallStatus, manualHangupBy and
// taskStatus. A name may stand for one code or a group (`rejected` = 12, 13;
// `failed` = 8…25). Names are case-insensitive and `-` equals `_`.

import CallqResult
import Foundation

/// A coded enumeration of the catalog with its names and groups.
public struct CatalogEnum: Sendable, Hashable {
    /// The enumeration's name (`callStatus`).
    public let name: String
    /// Each code with its name, in code order (`(10, "busy")`). Codes may share a name.
    public let cases: [(code: Int, name: String)]
    /// Names that stand for several codes (`in_progress` = 1…5).
    public let groups: [(name: String, codes: [Int])]

    public init(name: String, cases: [(Int, String)], groups: [(String, [Int])] = []) {
        self.name = name
        self.cases = cases.map { (code: $0.0, name: $0.1) }
        self.groups = groups.map { (name: $0.0, codes: $0.1) }
    }

    public static func == (a: CatalogEnum, b: CatalogEnum) -> Bool { a.name == b.name }
    public func hash(into h: inout Hasher) { h.combine(name) }

    /// `In-Call` → `in_call`.
    public static func normalize(_ s: String) -> String {
        s.lowercased().replacingOccurrences(of: "-", with: "_")
    }

    /// The codes a name stands for (a case or a group), or nil when unknown.
    public func codes(for name: String) -> [Int]? {
        let n = CatalogEnum.normalize(name)
        let direct = cases.filter { $0.name == n }.map(\.code)
        if !direct.isEmpty { return direct }
        return groups.first { $0.name == n }?.codes
    }

    /// The name of a code (`10` → `busy`), or nil when the catalog does not know it.
    public func name(of code: Int) -> String? { cases.first { $0.code == code }?.name }

    /// The name that stands for exactly this code and no other, if any (for printing back).
    public func uniqueName(of code: Int) -> String? {
        guard let n = name(of: code), cases.filter({ $0.name == n }).count == 1 else { return nil }
        return n
    }

    /// Every name, cases then groups, without repeats.
    public var allNames: [String] {
        var seen = Set<String>()
        return (cases.map(\.name) + groups.map(\.name)).filter { seen.insert($0).inserted }
    }

    /// Every known code, ascending.
    public var allCodes: [Int] { cases.map(\.code) }

    /// `busy(10)` for a known code, `99` otherwise.
    public func display(_ code: Int) -> String { name(of: code).map { "\($0)(\(code))" } ?? String(code) }
}

extension CatalogEnum {
    /// Status of an order's last call (SPEC §1.3).
    public static let callStatus = CatalogEnum(
        name: "callStatus",
        cases: [
            (1, "ready"), (2, "dispatching"), (3, "dialing"), (4, "ringing"), (5, "in_call"), (6, "completed"),
            (8, "invalid_number"), (9, "unreachable"), (10, "busy"), (11, "busy_rejected"), (12, "rejected"),
            (13, "rejected"), (15, "tts_failed"), (16, "unknown"), (17, "blacklisted"), (18, "stopped"),
            (21, "invalid_range"), (22, "ring_missed"), (23, "no_response"), (24, "voicemail"),
            (25, "ring_too_long")
        ],
        // Groups are the ranges of SPEC §3.4, codes the catalog does not name included.
        groups: [("in_progress", Array(1...5)), ("ended", Array(6...25)), ("failed", Array(8...25))])

    /// Status of the human agent's leg of a call.
    public static let agentCallStatus = CatalogEnum(
        name: "agentCallStatus",
        cases: [
            (1, "dialing"), (2, "ringing"), (3, "connected"), (4, "completed"), (10, "agent_busy"),
            (12, "user_rejected")
        ],
        groups: [("in_progress", [1, 2, 3]), ("ended", [4, 10, 12]), ("failed", [10, 12])])

    /// Who hung up a transferred call.
    public static let manualHangupBy = CatalogEnum(
        name: "manualHangupBy", cases: [(0, "none"), (1, "agent"), (2, "user")])

    /// Status of a task (listTask).
    public static let taskStatus = CatalogEnum(
        name: "taskStatus",
        cases: [(1, "pending"), (2, "running"), (3, "completed"), (4, "failed"), (5, "paused")],
        groups: [("active", [1, 2, 5]), ("ended", [3, 4])])

    /// Every enumeration of the catalog.
    public static let all: [CatalogEnum] = [.callStatus, .agentCallStatus, .manualHangupBy, .taskStatus]
}

extension CatalogEnum {
    /// The output kind of a field of this enumeration: its codes with their names.
    public var columnKind: ColumnKind {
        .enumeration(Dictionary(cases.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a }))
    }
}
