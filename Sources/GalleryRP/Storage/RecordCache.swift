import NIOConcurrencyHelpers

/// Resources by key, in memory, in front of an embedded database that only this process writes. Commits write through
/// (``apply(_:)``), so hot reads never touch the database. A read that missed fills the cache only if no commit landed
/// while it read (the generation check), so a stale row can never overwrite a newer one.
final class RecordCache: Sendable {
    private struct State {
        var records: [String: ResourceRecord] = [:]
        /// Cached keys by parent key, so deleting a tree finds its cached descendants without a scan.
        var children: [String: Set<String>] = [:]
        var generation: UInt64 = 0
        var order: EvictionRing<String>
    }

    private let state: NIOLockedValueBox<State>
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        state = NIOLockedValueBox(State(order: EvictionRing(capacity: capacity)))
    }

    /// The cached record for each of `keys` (nil where it missed), and the generation to hand back to ``fill(_:readAt:)``.
    func lookup(_ keys: [String]) -> (records: [ResourceRecord?], generation: UInt64) {
        state.withLockedValue { state in (keys.map { state.records[$0] }, state.generation) }
    }

    /// The cached records for `keys` in order if every one is cached (one copy each, for list pages), else nil.
    func lookupAll(_ keys: [String]) -> [ResourceRecord]? {
        state.withLockedValue { state in
            var records: [ResourceRecord] = []
            records.reserveCapacity(keys.count)
            for key in keys {
                guard let record = state.records[key] else { return nil }
                records.append(record)
            }
            return records
        }
    }

    /// Caches records read from the database at `generation`, unless a commit has changed the cache since.
    func fill(_ records: some Collection<ResourceRecord>, readAt generation: UInt64) {
        guard !records.isEmpty, capacity > 0 else { return }
        state.withLockedValue { state in
            guard state.generation == generation else { return }
            for record in records { Self.insert(record, into: &state, capacity: capacity) }
        }
    }

    /// Applies one committed batch: its writes, and every key its tree deletes removed (`deleted`).
    func apply(_ writes: [ResourceWrite], deleted: [String]) {
        state.withLockedValue { state in
            state.generation &+= 1
            for write in writes {
                switch write {
                case .insert(let record), .update(let record, _):
                    if capacity > 0 { Self.insert(record, into: &state, capacity: capacity) }
                case .deleteTree(let key):
                    Self.removeTree(key, from: &state)
                }
            }
            for key in deleted { Self.removeTree(key, from: &state) }
        }
    }

    private static func insert(_ record: ResourceRecord, into state: inout State, capacity: Int) {
        if state.records.updateValue(record, forKey: record.key) != nil { return }
        if let parent = record.parentKey { state.children[parent, default: []].insert(record.key) }
        // The oldest cached key makes room; a miss later costs one indexed read.
        if let displaced = state.order.insert(record.key), displaced != record.key { remove(displaced, from: &state) }
    }

    private static func remove(_ key: String, from state: inout State) {
        guard let record = state.records.removeValue(forKey: key), let parent = record.parentKey else { return }
        state.children[parent]?.remove(key)
        if state.children[parent]?.isEmpty == true { state.children[parent] = nil }
    }

    private static func removeTree(_ key: String, from state: inout State) {
        for child in state.children.removeValue(forKey: key) ?? [] { removeTree(child, from: &state) }
        remove(key, from: &state)
    }
}
