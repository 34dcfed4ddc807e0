import Foundation
import NIOConcurrencyHelpers

/// One request as the journal keeps it.
public struct JournalEntry: Sendable {
    /// Numbers every request the node journals, from 1.
    public var sequence: Int
    public var time: Date
    public var method: String
    /// Path and query as sent.
    public var uri: String
    public var apiVersion: String?
    public var status: Int
    public var durationMilliseconds: Double
    public var requestID: String?
    public var clientRequestID: String?
    public var correlationRequestID: String?
    public var userAgent: String?
    /// Who the token says the caller is (its claims as sent; verified in strict mode).
    public var caller: Identity?
    /// Bodies, with `--journal-bodies` (truncated at ``RequestJournal/bodyLimit`` bytes).
    public var requestBody: String?
    public var responseBody: String?

    var json: JSONValue {
        .object([
            ("sequence", .number(Double(sequence))),
            ("time", .string(Timestamp.dotNet(time))),
            ("method", .string(method)),
            ("uri", .string(uri)),
            ("apiVersion", apiVersion.map(JSONValue.string)),
            ("status", .number(Double(status))),
            ("durationMs", .number((durationMilliseconds * 1000).rounded() / 1000)),
            ("requestId", requestID.map(JSONValue.string)),
            ("clientRequestId", clientRequestID.map(JSONValue.string)),
            ("correlationRequestId", correlationRequestID.map(JSONValue.string)),
            ("userAgent", userAgent.map(JSONValue.string)),
            (
                "caller",
                caller.map { identity in
                    .object([
                        ("objectId", identity.objectID.map(JSONValue.string)), ("appId", identity.clientID.map(JSONValue.string)),
                        ("tenantId", identity.tenantID.map(JSONValue.string)), ("verified", .bool(identity.verified)),
                    ])
                }
            ),
            ("requestBody", requestBody.map(JSONValue.string)),
            ("responseBody", responseBody.map(JSONValue.string)),
        ])
    }
}

/// The last requests the node answered, in a bounded ring (`--journal-size`), oldest first.
public final class RequestJournal: Sendable {
    private struct State {
        var entries: [JournalEntry] = []
        /// Index of the oldest entry once the ring is full.
        var start = 0
        var nextSequence = 1
    }

    public let capacity: Int
    /// Whether bodies are kept (`--journal-bodies`).
    public let keepsBodies: Bool
    /// Longest body kept, in bytes.
    public static let bodyLimit = 64 * 1024
    private let state = NIOLockedValueBox(State())

    public init(capacity: Int, keepsBodies: Bool) {
        self.capacity = capacity
        self.keepsBodies = keepsBodies
    }

    /// Adds an entry (its sequence number is assigned here) and returns the number.
    @discardableResult
    func record(_ entry: JournalEntry) -> Int {
        guard capacity > 0 else { return 0 }
        return state.withLockedValue { state in
            var entry = entry
            entry.sequence = state.nextSequence
            state.nextSequence += 1
            if state.entries.count < capacity {
                state.entries.append(entry)
            } else {
                state.entries[state.start] = entry
                state.start = (state.start + 1) % capacity
            }
            return entry.sequence
        }
    }

    /// Adds the response body to an entry still in the ring (bodies are written after the entry is recorded).
    func attachResponseBody(_ body: String, to sequence: Int) {
        state.withLockedValue { state in
            guard let index = state.entries.firstIndex(where: { $0.sequence == sequence }) else { return }
            state.entries[index].responseBody = body
        }
    }

    /// Entries after sequence number `after` (all when nil), oldest first, at most `limit` of the newest.
    public func entries(after: Int? = nil, limit: Int? = nil) -> [JournalEntry] {
        state.withLockedValue { state in
            let ordered = Array(state.entries[state.start...] + state.entries[..<state.start])
            let newer = after.map { after in ordered.filter { $0.sequence > after } } ?? ordered
            return limit.map { Array(newer.suffix($0)) } ?? newer
        }
    }

    /// Empties the journal; returns how many entries it held. Sequence numbers keep counting.
    func clear() -> Int {
        state.withLockedValue { state in
            defer { (state.entries, state.start) = ([], 0) }
            return state.entries.count
        }
    }

    /// Text of a body for the journal: UTF-8 as is, cut at ``bodyLimit``.
    static func text(_ bytes: some Collection<UInt8>) -> String {
        let cut = bytes.prefix(bodyLimit)
        let text = String(decoding: cut, as: UTF8.self)
        return cut.count < bytes.count ? text + "…(\(bytes.count) bytes)" : text
    }
}
