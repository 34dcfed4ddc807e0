import Foundation

/// A fault rule: which requests it matches, how often, and what it does to them. Rules live in the node's memory
/// (`/_galleryrp/faults`); the first rule that matches a request applies.
public struct FaultRule: Sendable, Equatable {
    /// What a request must be for the rule to match; a nil member matches anything.
    public struct Match: Sendable, Equatable {
        /// `GET`, `PUT`, `PATCH`, `DELETE`, … (any case).
        public var method: String?
        /// An ARM type (`Microsoft.Compute/galleries/images`), compared ignoring case; lists count as their items' type,
        /// operation polls as `Microsoft.Compute/locations/capsOperations`.
        public var resourceType: String?
        /// The resource name, with `*` and `?` wildcards (ignoring case).
        public var name: String?
        public var subscription: String?
        public var apiVersion: String?
    }

    /// What the rule does to a matching request.
    public enum Effect: Sendable, Equatable {
        /// Answers at once with ARM's error body (and `Retry-After` when given); nothing is changed.
        case error(status: Int, code: String, message: String, retryAfter: Int?)
        /// Waits, then handles the request as usual.
        case latency(milliseconds: Int)
        /// Handles the request as usual, but the long-running operation it starts ends this way.
        case operation(Outcome)
    }

    /// How a long-running operation ends when a rule planned it.
    public enum Outcome: Sendable, Equatable {
        case failed(code: String, message: String)
        case canceled
        /// Stays `InProgress` for this many status polls, then finishes as usual.
        case inProgress(polls: Int)
    }

    public var id: String
    public var match: Match
    /// Chance of applying to a matching request, 0 to 1.
    public var probability: Double
    /// How many more requests it applies to; nil: no limit.
    public var remaining: Int?
    public var effect: Effect
    /// How many requests it has applied to.
    public var hits: Int = 0
}

/// What a fault rule is matched against.
public struct FaultRequest: Sendable {
    public var method: String
    public var resourceType: String
    public var name: String?
    public var subscription: String?
    public var apiVersion: String?

    /// Whether the rule applies: its match holds, and an operation outcome only to requests that can start one.
    func matches(_ rule: FaultRule) -> Bool {
        if case .operation = rule.effect, method == "GET" || method == "HEAD" { return false }
        return matches(rule.match)
    }

    func matches(_ match: FaultRule.Match) -> Bool {
        if let method = match.method, !method.caseInsensitiveEquals(self.method) { return false }
        if let type = match.resourceType, !type.caseInsensitiveEquals(resourceType) { return false }
        if let pattern = match.name { guard let name, Wildcard.matches(pattern, name) else { return false } }
        if let subscription = match.subscription { guard let own = self.subscription, own.caseInsensitiveEquals(subscription) else { return false } }
        if let version = match.apiVersion { guard let own = apiVersion, own == version else { return false } }
        return true
    }
}

/// `*` (any run) and `?` (any one character) patterns, ignoring case.
enum Wildcard {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.lowercased())
        let t = Array(text.lowercased())
        var (pi, ti) = (0, 0)
        var star: (p: Int, t: Int)?
        while ti < t.count {
            if pi < p.count, p[pi] == "?" || p[pi] == t[ti] {
                pi += 1
                ti += 1
            } else if pi < p.count, p[pi] == "*" {
                star = (pi, ti)
                pi += 1
            } else if let s = star {
                pi = s.p + 1
                ti = s.t + 1
                star = (s.p, s.t + 1)
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}

// MARK: JSON

extension FaultRule {
    /// The rule as the API shows it.
    var json: JSONValue {
        let effectJSON: JSONValue
        switch effect {
        case .error(let status, let code, let message, let retryAfter):
            effectJSON = .object([
                ("kind", .string("error")), ("status", .number(Double(status))), ("code", .string(code)), ("message", .string(message)),
                ("retryAfter", retryAfter.map { .number(Double($0)) }),
            ])
        case .latency(let milliseconds):
            effectJSON = .object([("kind", .string("latency")), ("milliseconds", .number(Double(milliseconds)))])
        case .operation(.failed(let code, let message)):
            effectJSON = .object([
                ("kind", .string("operation")), ("outcome", .string("Failed")), ("code", .string(code)), ("message", .string(message)),
            ])
        case .operation(.canceled):
            effectJSON = .object([("kind", .string("operation")), ("outcome", .string("Canceled"))])
        case .operation(.inProgress(let polls)):
            effectJSON = .object([("kind", .string("operation")), ("outcome", .string("InProgress")), ("polls", .number(Double(polls)))])
        }
        return .object([
            ("id", .string(id)),
            (
                "match",
                .object([
                    ("method", match.method.map(JSONValue.string)), ("resourceType", match.resourceType.map(JSONValue.string)),
                    ("name", match.name.map(JSONValue.string)), ("subscription", match.subscription.map(JSONValue.string)),
                    ("apiVersion", match.apiVersion.map(JSONValue.string)),
                ])
            ),
            ("probability", .number(probability)),
            ("count", remaining.map { .number(Double($0)) }),
            ("effect", effectJSON),
            ("hits", .number(Double(hits))),
        ])
    }

    /// The error code an error rule answers when it names none: ARM's for the status.
    static let defaultCodes: [Int: String] = [
        400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 408: "RequestTimeout", 409: "Conflict",
        412: "PreconditionFailed", 429: "TooManyRequests", 500: "InternalServerError", 502: "BadGateway", 503: "ServiceUnavailable",
        504: "GatewayTimeout",
    ]

    /// Reads a rule from the body of `POST /_galleryrp/faults`; throws 400 `InvalidFaultRule` naming the member.
    static func read(_ body: JSONValue, id: String) throws -> FaultRule {
        guard case .object = body else { throw ARMError.invalidFaultRule("must be a JSON object.", path: "rule") }
        let matchJSON = body["match"] ?? .object([])
        guard case .object = matchJSON else { throw ARMError.invalidFaultRule("must be an object.", path: "match") }
        func text(_ value: JSONValue?, _ path: String) throws -> String? {
            switch value {
            case nil, .null?: return nil
            case .string(let text)?: return text
            default: throw ARMError.invalidFaultRule("must be a string.", path: path)
            }
        }
        func integer(_ value: JSONValue?, _ path: String, in range: ClosedRange<Int>) throws -> Int? {
            switch value {
            case nil, .null?: return nil
            case .number(let n)? where n.rounded() == n && range.contains(Int(exactly: n) ?? Int.min): return Int(n)
            default: throw ARMError.invalidFaultRule("must be a whole number from \(range.lowerBound) to \(range.upperBound).", path: path)
            }
        }
        let match = Match(
            method: try text(matchJSON["method"], "match.method")?.uppercased(),
            resourceType: try text(matchJSON["resourceType"], "match.resourceType"),
            name: try text(matchJSON["name"], "match.name"),
            subscription: try text(matchJSON["subscription"], "match.subscription"),
            apiVersion: try text(matchJSON["apiVersion"], "match.apiVersion")
        )
        var probability = 1.0
        if let value = body["probability"], value != .null {
            guard case .number(let p) = value, p >= 0, p <= 1 else {
                throw ARMError.invalidFaultRule("must be a number from 0 to 1.", path: "probability")
            }
            probability = p
        }
        let count = try integer(body["count"], "count", in: 1...1_000_000)
        guard let effectJSON = body["effect"], case .object = effectJSON else {
            throw ARMError.invalidFaultRule("must be an object.", path: "effect")
        }
        let effect: Effect
        switch try text(effectJSON["kind"], "effect.kind") {
        case "error":
            guard let status = try integer(effectJSON["status"], "effect.status", in: 400...599) else {
                throw ARMError.invalidFaultRule("is required for an error.", path: "effect.status")
            }
            let code = try text(effectJSON["code"], "effect.code") ?? Self.defaultCodes[status] ?? "HttpStatus\(status)"
            let message = try text(effectJSON["message"], "effect.message") ?? "A fault rule of the emulator answered \(status)."
            let retryAfter = try integer(effectJSON["retryAfter"], "effect.retryAfter", in: 0...3600) ?? (status == 429 || status == 503 ? 1 : nil)
            effect = .error(status: status, code: code, message: message, retryAfter: retryAfter)
        case "latency":
            guard let milliseconds = try integer(effectJSON["milliseconds"], "effect.milliseconds", in: 0...120_000) else {
                throw ARMError.invalidFaultRule("is required for a latency.", path: "effect.milliseconds")
            }
            effect = .latency(milliseconds: milliseconds)
        case "operation":
            switch try text(effectJSON["outcome"], "effect.outcome") {
            case "Failed":
                effect = .operation(
                    .failed(
                        code: try text(effectJSON["code"], "effect.code") ?? "InternalOperationError",
                        message: try text(effectJSON["message"], "effect.message") ?? "The operation failed (a fault rule of the emulator)."
                    )
                )
            case "Canceled": effect = .operation(.canceled)
            case "InProgress":
                guard let polls = try integer(effectJSON["polls"], "effect.polls", in: 1...10_000) else {
                    throw ARMError.invalidFaultRule("is required for InProgress.", path: "effect.polls")
                }
                effect = .operation(.inProgress(polls: polls))
            default: throw ARMError.invalidFaultRule("must be 'Failed', 'Canceled' or 'InProgress'.", path: "effect.outcome")
            }
        default:
            throw ARMError.invalidFaultRule("must be 'error', 'latency' or 'operation'.", path: "effect.kind")
        }
        return FaultRule(id: id, match: match, probability: probability, remaining: count, effect: effect)
    }
}
