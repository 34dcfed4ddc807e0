import Foundation
import NIOConcurrencyHelpers

/// The node's fault rules, in the order they were added. Matching a request and counting the hit happen under one
/// lock, so a rule with a count applies to exactly that many requests however many arrive at once.
public final class FaultRules: Sendable {
    private struct State {
        var rules: [FaultRule] = []
        var nextID = 1
    }

    private let state = NIOLockedValueBox(State())
    /// Draws a number in 0..<1 for each probability check (replaceable in tests).
    private let random: @Sendable () -> Double

    public init(random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.random = random
    }

    public var all: [FaultRule] { state.withLockedValue { $0.rules } }

    /// Adds a rule read from `body` and returns it with its id.
    func add(_ body: JSONValue) throws -> FaultRule {
        try state.withLockedValue { state in
            let rule = try FaultRule.read(body, id: "rule-\(state.nextID)")
            state.nextID += 1
            state.rules.append(rule)
            return rule
        }
    }

    /// Removes one rule; false if there is none with this id.
    func remove(id: String) -> Bool {
        state.withLockedValue { state in
            guard let index = state.rules.firstIndex(where: { $0.id == id }) else { return false }
            state.rules.remove(at: index)
            return true
        }
    }

    /// Removes every rule; returns how many there were.
    func removeAll() -> Int {
        state.withLockedValue { state in
            defer { state.rules = [] }
            return state.rules.count
        }
    }

    /// The effect of the first rule that matches the request and wins its probability draw; counts the hit. A rule
    /// whose count is used up stays listed (count 0) but no longer applies.
    func effect(for request: FaultRequest) -> FaultRule.Effect? {
        state.withLockedValue { state in
            for index in state.rules.indices where state.rules[index].remaining != 0 && request.matches(state.rules[index]) {
                let rule = state.rules[index]
                guard rule.probability >= 1 || random() < rule.probability else { continue }
                state.rules[index].hits += 1
                if let remaining = rule.remaining { state.rules[index].remaining = remaining - 1 }
                return rule.effect
            }
            return nil
        }
    }
}
