import Foundation
import NIOConcurrencyHelpers

/// A bounded, thread-safe cache of values decoded from stored documents, keyed by the exact document bytes, so a
/// cached value can never be stale (a changed or re-created resource has different bytes).
final class DecodeCache<Value: Sendable>: Sendable {
    private let entries: NIOLockedValueBox<BoundedDictionary<Document, Value>>

    init(capacity: Int = 10_000) {
        entries = NIOLockedValueBox(BoundedDictionary(capacity: capacity))
    }

    func value(for document: Data, decode: (Data) throws -> Value) rethrows -> Value {
        let key = Document(bytes: document)
        if let hit = entries.withLockedValue({ $0[key] }) { return hit }
        let value = try decode(document)
        entries.withLockedValue { _ = $0.insert(value, forKey: key) }
        return value
    }

    /// Caches a value the caller has just encoded into `document`, so rendering it never decodes.
    func insert(_ value: Value, for document: Data) {
        entries.withLockedValue { _ = $0.insert(value, forKey: Document(bytes: document)) }
    }

    /// Document bytes hashed in full. `Data`'s own hash covers only its first 80 bytes, and stored documents share long
    /// prefixes (`{"key":"/subscriptions/…`), so keying by `Data` made every lookup a linear scan of colliding entries.
    struct Document: Hashable, Sendable {
        let bytes: Data

        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }
}
