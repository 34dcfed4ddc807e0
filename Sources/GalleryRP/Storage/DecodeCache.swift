import Foundation
import NIOConcurrencyHelpers

/// A bounded, thread-safe cache of values decoded from stored documents, keyed by the exact document bytes, so a
/// cached value can never be stale (a changed or re-created resource has different bytes).
final class DecodeCache<Value: Sendable>: Sendable {
    private let entries = NIOLockedValueBox<[Data: Value]>([:])
    private let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    func value(for document: Data, decode: (Data) throws -> Value) rethrows -> Value {
        if let hit = entries.withLockedValue({ $0[document] }) { return hit }
        let value = try decode(document)
        entries.withLockedValue { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[document] = value
        }
        return value
    }
}
