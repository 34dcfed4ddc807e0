import NIOConcurrencyHelpers

/// Resources by key, in memory, in front of an embedded database that only this process writes. Commits write through
/// (``apply(_:deleted:)``), so hot reads never touch the database. A read that missed fills the cache only if no commit landed
/// while it read (the generation check), so a stale row can never overwrite a newer one.
final class RecordCache: Sendable {
    private struct State {
        var records: BoundedDictionary<String, ResourceRecord>
        /// Cached keys by parent key, so deleting a tree finds its cached descendants without a scan.
        var children: [String: Set<String>] = [:]
        var generation: UInt64 = 0
    }

    private let state: NIOLockedValueBox<State>
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        state = NIOLockedValueBox(State(records: BoundedDictionary(capacity: capacity)))
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
            for record in records { Self.insert(record, into: &state) }
        }
    }

    /// Applies one committed batch: its writes, and every key its tree deletes removed (`deleted`).
    func apply(_ writes: [ResourceWrite], deleted: [String]) {
        state.withLockedValue { state in
            state.generation &+= 1
            for write in writes {
                switch write {
                case .put(let record):
                    if capacity > 0 { Self.insert(record, into: &state) }
                case .deleteTree(let key):
                    Self.removeTree(key, from: &state)
                }
            }
            for key in deleted { Self.removeTree(key, from: &state) }
        }
    }

    /// Forgets everything (the store was reset or replaced); reads already under way do not fill it afterwards.
    func removeAll() {
        state.withLockedValue { state in
            state.generation &+= 1
            state.records = BoundedDictionary(capacity: capacity)
            state.children = [:]
        }
    }

    private static func insert(_ record: ResourceRecord, into state: inout State) {
        let known = state.records[record.key] != nil
        // A new key displaces the oldest cached record; a miss later costs one indexed read.
        if let displaced = state.records.insert(record, forKey: record.key) { unlink(displaced.value, from: &state) }
        if !known, let parent = record.parentKey { state.children[parent, default: []].insert(record.key) }
    }

    private static func remove(_ key: String, from state: inout State) {
        if let record = state.records.removeValue(forKey: key) { unlink(record, from: &state) }
    }

    /// Drops a record that has left the cache from its parent's set of cached children.
    private static func unlink(_ record: ResourceRecord, from state: inout State) {
        guard let parent = record.parentKey else { return }
        state.children[parent]?.remove(record.key)
        if state.children[parent]?.isEmpty == true { state.children[parent] = nil }
    }

    private static func removeTree(_ key: String, from state: inout State) {
        for child in state.children.removeValue(forKey: key) ?? [] { removeTree(child, from: &state) }
        remove(key, from: &state)
    }
}
