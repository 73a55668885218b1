// Seeded generator of realistic tasks and orders: status mix, durations,
// intents (some non-ASCII), sms, agents, params, CJK/accented names, text
// with quotes, commas, tabs and newlines, missing and null fields.

import CallbotAPI
import CallqJSON

/// Makes tasks and orders from a seed; the same seed always gives the same data.
struct DataGenerator {
    var random: SeededRandom
    /// Epoch seconds around which calls happen (2024-11-24 00:00 UTC).
    let baseTs = 1_732_406_400
    private var serial = 0

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    /// Makes later order ids start after `serial` (orders added while paging).
    mutating func startSerial(at serial: Int) { self.serial = serial }

    static let firstNames = [
        "王", "李娜", "张伟", "陈静", "Budi", "Siti", "Dewi", "Agus", "José", "Zoë",
        "François", "Ngozi", "Ann", "Liam", "Øyvind", "Mİnh", "佐藤", "김민준"
    ]
    static let lastNames = [
        "小明", "Santoso", "Wijaya", "Álvarez", "O'Brien", "Müller", "Nguyễn",
        "Smith, Jr.", "\"Annie\" Lee", "Kusuma", "花子", "Lefèvre", "Tan"
    ]
    /// Intents with their level as the vendor sends it, an integer: 3 high, 2 medium, 1 low.
    static let intents: [(id: String, tag: String, name: String, level: Int)] = [
        ("I01", "A", "interested", 3), ("I02", "B", "callback later", 2),
        ("I03", "C", "not interested", 1), ("I04", "A", "意向强烈", 3),
        ("I05", "B", "tertarik", 2), ("I06", "D", "salah sambung", 1),
        ("I07", "C", "déjà client", 1), ("I08", "B", "price, too high", 2)
    ]
    static let taskNames = [
        "Renewal reminder 续费提醒", "Penagihan Jakarta", "Café promo «été»",
        "Survey \"NPS\" Q4", "Collections, wave 2", "回访\t满意度"
    ]
    static let hangupCauses = [
        "NORMAL_CLEARING", "USER_BUSY", "NO_ANSWER", "CALL_REJECTED",
        "UNALLOCATED_NUMBER", "NO_USER_RESPONSE"
    ]

    /// callStatus by weight: mostly completed or failed, a few still in progress.
    static let statusMix: [(Int, Int)] = [
        (38, 6), (9, 10), (6, 11), (4, 12), (3, 13), (10, 22), (8, 23), (3, 8), (4, 9),
        (2, 24), (2, 25), (1, 15), (1, 16), (1, 17), (1, 18), (1, 21),
        (2, 1), (1, 2), (1, 3), (1, 4), (1, 5)
    ]

    mutating func task(index: Int, orders count: Int) -> SimulatorTask {
        let userTaskID = index == 0 ? SimulatorConfig.demoTaskID : "task-\(random.hex(8))"
        let taskID = String(100_000 + index * 17 + random.int(0...16))
        let sceneID = "scene-\(random.int(1...9))"
        var orders: [Order] = []
        var turns: [Int] = []
        orders.reserveCapacity(count)
        turns.reserveCapacity(count)
        for _ in 0..<count {
            let (o, t) = order(userTaskID: userTaskID, taskID: taskID, sceneID: sceneID)
            orders.append(o)
            turns.append(t)
        }
        let status = index == 0 ? 2 : random.weighted([(3, 2), (3, 3), (1, 1), (1, 4), (1, 5)])
        // `taskName` is optional at the vendor: every other task from the fourth on has none.
        // (`taskStat` is added when listTask is answered, from the orders as they are then.)
        var record: JSONObject = [
            "userTaskID": .string(userTaskID), "taskID": .string(taskID), "sceneID": .string(sceneID),
            "taskName": .string(Self.taskNames[index % Self.taskNames.count]),
            "taskStatus": .int(status), "createTs": .int(baseTs - 86_400 * (index + 1))
        ]
        if Self.hasNoName(taskIndex: index) { record["taskName"] = nil }
        return SimulatorTask(record: TaskRecord(json: .object(record)), orders: orders, turns: turns)
    }

    /// Whether the task made `index`-th has no `taskName` (the first three always have one).
    static func hasNoName(taskIndex index: Int) -> Bool { index >= 3 && index % 2 == 1 }

    /// One new order of a task and its hidden turn count.
    mutating func order(userTaskID: String, taskID: String, sceneID: String) -> (Order, Int) {
        serial += 1
        let orderID = "\(userTaskID.suffix(4))-\(String(serial, radix: 10))-\(random.hex(6))"
        let status = random.weighted(Self.statusMix)
        let answered = status == 6
        let finished = status >= 6
        let start = baseTs + random.int(0...86_400 * 3)
        let (short, medium, long) = (random.int(1...15), random.int(16...120), random.int(121...900))
        let duration = answered ? random.weighted([(5, short), (8, medium), (3, long)]) : 0
        let ring = random.int(3...25)
        let turnCount = answered ? max(1, duration / 12 + random.int(0...4)) : 0
        var detail: JSONObject = [
            "callID": .string("c-\(random.hex(16))"),
            "callingNumber": .string("+6221\(random.int(1_000_000...9_999_999))"),
            "lineAddress": .string(random.pick(["sip:gw1.nx:5060", "sip:gw2.nx:5060", "jkt-trunk-3"])),
            "callStatus": .int(status),
            "callStartTs": status >= 3 ? .int(start) : .null,
            "callAnswerTs": answered ? .int(start + ring) : .null,
            "callEndTs": finished ? .int(start + ring + duration) : .null,
            "callDuration": .int(duration),
            "callAudioUrl": answered ? .string("https://audio.example/rec/\(orderID).mp3") : .string(""),
            "hangupCause": finished ? .string(random.pick(Self.hangupCauses)) : .null,
            "termSipCode": finished ? .string(random.pick(["200", "486", "480", "404", "603"])) : .null
        ]
        if random.chance(0.03) { detail["hangupCause"] = nil }  // field missing entirely
        if answered {
            let n = random.weighted([(2, 0), (5, 1), (3, 2), (1, 3)])
            var chosen: [JSONValue] = []
            var used = Set<String>()
            for _ in 0..<n {
                let i = random.pick(Self.intents)
                guard used.insert(i.id).inserted else { continue }
                chosen.append(
                    .object([
                        "intentID": .string(i.id), "intentTag": .string(i.tag),
                        "intentName": .string(i.name), "intentLevel": .int(i.level)
                    ]))
            }
            detail["intents"] = .array(chosen)
        } else {
            detail["intents"] = random.chance(0.5) ? .array([]) : .null
        }
        if answered && random.chance(0.4) {
            detail["sms"] = .array([
                .object([
                    "smsSendTs": .int(start + ring + duration + 5),
                    "sysMessageID": .string("m\(random.hex(10))"),
                    "smsContent": .string(
                        random.pick([
                            "Terima kasih, Bapak/Ibu.", "您好，您的账单已到期。\n请尽快还款。",
                            "Hi, call us back: \"+62 21 555\", thanks!"
                        ]))
                ])
            ])
        }
        if answered && random.chance(0.25) {
            let agentAnswer = start + ring + duration / 2
            detail["agent"] = .object([
                "agentName": .string(random.pick(["ann", "budi", "李雷", "José"])),
                "agentGroup": .string(random.pick(["sales", "collections", "客服"])),
                "agentCallStatus": .int(random.pick([3, 4, 4, 4, 10, 12])),
                "agentCallElapsed": .int(random.int(5...300)),
                "agentLabel": random.chance(0.2) ? .null : .string(random.pick(["vip", "follow-up", "done"])),
                "manualCallStart": .int(agentAnswer - 3), "manualCallAnswer": .int(agentAnswer),
                "manualCallEnd": .int(agentAnswer + random.int(10...200)),
                "manualHangupBy": .int(random.int(0...2))
            ])
        } else if random.chance(0.05) {
            detail["agent"] = .null
        }
        if random.chance(0.6) {
            var params: [JSONValue] = [
                .object([
                    "name": .string("amount"),
                    "value": .string("\(random.int(1...9)),\(random.int(100...999)).00")
                ])
            ]
            if random.chance(0.5) {
                params.append(.object(["name": .string("due"), "value": .string("2024-12-0\(random.int(1...9))")]))
            }
            if random.chance(0.2) {
                params.append(.object(["name": .string("note"), "value": .string("say \"hi\"\tthen\nwait")]))
            }
            detail["params"] = .array(params)
        }
        let name = random.pick(Self.firstNames) + " " + random.pick(Self.lastNames)
        let order: JSONObject = [
            "orderID": .string(orderID),
            "userPhone": .string("+628\(random.int(10_000_000_000...99_999_999_999))"),
            "userName": random.chance(0.03) ? .null : .string(name),
            "sceneID": .string(sceneID),
            "userTaskID": .string(userTaskID),
            "taskID": .string(taskID),
            "finish": .bool(finished),
            "other": random.chance(0.3) ? .null : .string(random.pick(["", "ref=A1, batch 7", "{\"k\":\"v\"}", "行\t2"])),
            "callInfoDetail": .object(detail)
        ]
        return (Order(json: .object(order)), turnCount)
    }
}
