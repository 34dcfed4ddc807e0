/// A dictionary of at most `capacity` entries, the store behind every cache. A new key beyond that displaces the oldest
/// key (first in, first out) in O(1), instead of a pause to empty or halve the cache.
struct BoundedDictionary<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private var values: [Key: Value] = [:]
    /// Keys in insertion order, as a ring; a key removed early leaves its slot to be skipped later.
    private var order: [Key?]
    private var next = 0

    init(capacity: Int) {
        order = Array(repeating: nil, count: max(capacity, 1))
    }

    subscript(key: Key) -> Value? { values[key] }

    /// Stores `value` under `key`. A new key takes the oldest key's slot; that entry, if still present, is removed and
    /// returned.
    @discardableResult
    mutating func insert(_ value: Value, forKey key: Key) -> (key: Key, value: Value)? {
        guard values.updateValue(value, forKey: key) == nil else { return nil }
        let displaced = order[next]
        order[next] = key
        next = (next + 1) % order.count
        guard let displaced, displaced != key, let old = values.removeValue(forKey: displaced) else { return nil }
        return (displaced, old)
    }

    @discardableResult
    mutating func removeValue(forKey key: Key) -> Value? {
        values.removeValue(forKey: key)
    }
}
