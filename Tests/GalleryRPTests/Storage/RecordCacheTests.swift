import Foundation
import Testing

@testable import GalleryRP

/// The SQLite store's write-through cache: bounded, never stale.
@Suite struct RecordCacheTests {
    static func record(_ key: String, parent: String? = nil, version: Int = 1) -> ResourceRecord {
        var record = ResourceStoreContractTests.record(key, parent: parent)
        record.version = version
        return record
    }

    @Test func holdsAtMostItsCapacityAndDropsTheOldestFirst() {
        let cache = RecordCache(capacity: 3)
        cache.apply((1...5).map { .put(Self.record("/k\($0)")) }, deleted: [])
        let (records, _) = cache.lookup((1...5).map { "/k\($0)" })
        #expect(records.map { $0?.key } == [nil, nil, "/k3", "/k4", "/k5"])
    }

    @Test func aReadThatRacedACommitDoesNotFill() {
        let cache = RecordCache(capacity: 10)
        let (_, generation) = cache.lookup(["/a"])
        cache.apply([.put(Self.record("/a", version: 2))], deleted: [])
        cache.fill([Self.record("/a", version: 1)], readAt: generation)  // read before the commit: stale
        #expect(cache.lookup(["/a"]).records.first??.version == 2)
    }

    @Test func treeDeletesDropCachedDescendants() {
        let cache = RecordCache(capacity: 10)
        cache.apply([.put(Self.record("/g")), .put(Self.record("/g/i", parent: "/g")), .put(Self.record("/h"))], deleted: [])
        cache.apply([.deleteTree(key: "/g")], deleted: [])
        #expect(cache.lookup(["/g", "/g/i", "/h"]).records.map { $0?.key } == [nil, nil, "/h"])
    }
}
