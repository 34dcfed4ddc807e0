/// The insertion order of a bounded cache's keys. When a new key takes a slot it displaces the oldest one, which the
/// cache then drops: eviction costs O(1) per insert instead of a pause to empty or halve the cache.
struct EvictionRing<Key: Sendable>: Sendable {
    private var slots: [Key?]
    private var next = 0

    init(capacity: Int) {
        slots = Array(repeating: nil, count: max(capacity, 1))
    }

    /// Records `key` as newly cached; returns the key whose slot it took, for the cache to drop if still present.
    mutating func insert(_ key: Key) -> Key? {
        let displaced = slots[next]
        slots[next] = key
        next = (next + 1) % slots.count
        return displaced
    }
}
