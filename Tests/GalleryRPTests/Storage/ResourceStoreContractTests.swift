import Foundation
import Logging
import PostgresNIO
import Testing

@testable import GalleryRP

/// The storage contract: every backend must pass the same tests.
/// PostgreSQL joins when `GALLERYRP_TEST_POSTGRES_URL` names a server (the test script starts one); each test then
/// gets a schema of its own.
@Suite struct ResourceStoreContractTests {
    enum Backend: String, Sendable, CustomTestStringConvertible {
        case memory, sqlite, postgres
        var testDescription: String { rawValue }
        static var allCases: [Backend] { postgresURL == nil ? [.memory, .sqlite] : [.memory, .sqlite, .postgres] }
    }

    static let postgresURL = ProcessInfo.processInfo.environment["GALLERYRP_TEST_POSTGRES_URL"]

    static func makeStore(_ backend: Backend) async throws -> any ResourceStore {
        try await makeTestStore(backend).store
    }

    /// A fresh store and where it lives: the SQLite file, or the PostgreSQL schema.
    static func makeTestStore(_ backend: Backend) async throws -> (store: any ResourceStore, location: String) {
        switch backend {
        case .memory: return (MemoryResourceStore(), "")
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("galleryrp-contract-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent("db.sqlite").path
            return (try SQLiteResourceStore(path: path), path)
        case .postgres:
            return try await PostgresTestDatabase.freshStore()
        }
    }

    static func record(_ key: String, parent: String? = nil, type: ResourceType = .gallery, unique: String? = nil, version: Int = 1) -> ResourceRecord
    {
        ResourceRecord(
            key: key,
            id: key,
            name: String(key.split(separator: "/").last ?? ""),
            type: type,
            parentKey: parent,
            subscriptionKey: "/subscriptions/s",
            location: "westus",
            tags: [Tag(name: "a", value: "1")],
            properties: Data("{}".utf8),
            provisioningState: .succeeded,
            operationID: nil,
            uniqueKey: unique,
            version: version
        )
    }

    /// New records, each expected absent (the batch is refused if any key is taken).
    static func insert(_ records: ResourceRecord...) -> WriteBatch { insert(records) }
    static func insert(_ records: [ResourceRecord], operations: [OperationRecord] = []) -> WriteBatch {
        WriteBatch(expectations: records.map { .resource(key: $0.key, version: nil) }, resources: records.map { .put($0) }, operations: operations)
    }

    /// A replacement expected to find `version` stored.
    static func update(_ record: ResourceRecord, from version: Int) -> WriteBatch {
        WriteBatch(expectations: [.resource(key: record.key, version: version)], resources: [.put(record)])
    }

    static func operation(_ id: String, due: Date, resource: String = "/subscriptions/s/resourcegroups/rg") -> OperationRecord {
        OperationRecord(
            id: id,
            subscriptionKey: "/subscriptions/s",
            kind: .create,
            resourceKey: resource,
            resourceType: .gallery,
            location: "westus",
            status: .inProgress,
            startTime: due.addingTimeInterval(-1),
            endTime: nil,
            dueTime: due
        )
    }

    @Test(arguments: Backend.allCases)
    func insertReadAndConflicts(backend: Backend) async throws {
        let store = try await Self.makeStore(backend)
        let a = Self.record("/subscriptions/s/resourcegroups/rg")
        try await store.commit(Self.insert(a))
        #expect(try await store.resource(key: a.key) == a)
        await #expect(throws: StoreError.self) { try await store.commit(Self.insert(a)) }
        var b = a
        b.version = 2
        b.location = "eastus"
        await #expect(throws: StoreError.conflict("\(a.key) changed")) { try await store.commit(Self.update(b, from: 7)) }
        #expect(try await store.resource(key: a.key) == a, "a refused batch changes nothing")
        try await store.commit(Self.update(b, from: 1))
        #expect(try await store.resource(key: a.key)?.location == "eastus")
        #expect(try await store.resource(key: "/nope") == nil)
        let many = try await store.resources(keys: [a.key, "/nope"])
        #expect(many.count == 1 && many[a.key]?.location == "eastus")
    }

    @Test(arguments: Backend.allCases)
    func uniqueKeysAreEnforced(backend: Backend) async throws {
        let store = try await Self.makeStore(backend)
        try await store.commit(Self.insert(Self.record("/g")))
        let one = Self.record("/g/images/one", parent: "/g", type: .galleryImage, unique: "p|o|s")
        let two = Self.record("/g/images/two", parent: "/g", type: .galleryImage, unique: "p|o|s")
        try await store.commit(Self.insert(one))
        await #expect(throws: StoreError.uniqueKeyConflict(uniqueKey: "p|o|s")) { try await store.commit(Self.insert(two)) }
        #expect(try await store.resource(key: two.key) == nil)
        #expect(try await store.resource(uniqueKey: "p|o|s")?.key == one.key)
        // Updating the holder itself keeps its key; deleting frees it.
        var same = one
        same.version = 2
        try await store.commit(Self.update(same, from: 1))
        try await store.commit(WriteBatch(resources: [.deleteTree(key: one.key)]))
        try await store.commit(Self.insert(two))
        #expect(try await store.resource(uniqueKey: "p|o|s")?.key == two.key)
    }

    @Test(arguments: Backend.allCases)
    func batchesAreAtomic(backend: Backend) async throws {
        let store = try await Self.makeStore(backend)
        let existing = Self.record("/a")
        try await store.commit(Self.insert(existing))
        let fresh = Self.record("/b")
        let op = Self.operation("op1", due: Date())
        await #expect(throws: StoreError.self) {
            try await store.commit(Self.insert([fresh, existing], operations: [op]))
        }
        #expect(try await store.resource(key: "/b") == nil)
        #expect(try await store.operation(id: "op1") == nil)
    }

    @Test(arguments: Backend.allCases)
    func childrenAndSubscriptionListsPage(backend: Backend) async throws {
        let store = try await Self.makeStore(backend)
        let keys = (0..<7).map { "/g/images/i\($0)" }
        try await store.commit(Self.insert(Self.record("/g"), Self.record("/g2")))
        try await store.commit(Self.insert(keys.reversed().map { Self.record($0, parent: "/g", type: .galleryImage) }))
        try await store.commit(Self.insert(Self.record("/g2/images/x", parent: "/g2", type: .galleryImage)))
        let first = try await store.children(parentKey: "/g", type: .galleryImage, after: nil, limit: 3)
        #expect(first.map(\.key) == Array(keys[0..<3]))
        let rest = try await store.children(parentKey: "/g", type: .galleryImage, after: first.last!.key, limit: 10)
        #expect(rest.map(\.key) == Array(keys[3...]))
        #expect(try await store.resources(subscriptionKey: "/subscriptions/s", type: .galleryImage, after: nil, limit: 100).count == 8)
        #expect(try await store.resources(subscriptionKey: "/subscriptions/other", type: .galleryImage, after: nil, limit: 100).isEmpty)
    }

    @Test(arguments: Backend.allCases)
    func childrenNeedTheirParent(backend: Backend) async throws {
        let store = try await Self.makeStore(backend)
        let child = Self.record("/p/images/c", parent: "/p", type: .galleryImage)
        await #expect(throws: StoreError.parentMissing(key: child.key)) { try await store.commit(Self.insert(child)) }
        try await store.commit(Self.insert(Self.record("/p"), child))
        #expect(try await store.resource(key: child.key) != nil)
        try await store.commit(WriteBatch(resources: [.deleteTree(key: "/p")]))
        #expect(try await store.resource(key: child.key) == nil)
        var orphanUpdate = child
        orphanUpdate.version = 2
        await #expect(throws: StoreError.self) { try await store.commit(Self.update(orphanUpdate, from: 1)) }
    }

    @Test(arguments: Backend.allCases)
    func deleteTreeRemovesDescendantsOnly(backend: Backend) async throws {
        let store = try await Self.makeStore(backend)
        let keys = ["/s/rg", "/s/rg/g", "/s/rg/g/images/i", "/s/rg2", "/s/rg2/g", "/s/rg_x", "/s/rg%"]
        try await store.commit(Self.insert(keys.map { Self.record($0) }))
        try await store.commit(WriteBatch(resources: [.deleteTree(key: "/s/rg")]))
        for key in keys {
            let expected = !(key == "/s/rg" || key.hasPrefix("/s/rg/"))
            #expect((try await store.resource(key: key) != nil) == expected, "\(key)")
        }
    }

    @Test(arguments: Backend.allCases)
    func operationsAreStoredAndDueInOrder(backend: Backend) async throws {
        let store = try await Self.makeStore(backend)
        let now = Date()
        let late = Self.operation("late", due: now.addingTimeInterval(60))
        let early = Self.operation("early", due: now.addingTimeInterval(-2))
        let middle = Self.operation("middle", due: now.addingTimeInterval(-1))
        try await store.commit(WriteBatch(operations: [late, middle, early]))
        #expect(try await store.operation(id: "late") == late)
        #expect(try await store.dueOperations(now: now, limit: 10).map(\.id) == ["early", "middle"])
        var done = early
        done.status = .succeeded
        done.endTime = now
        try await store.commit(WriteBatch(operations: [done]))
        #expect(try await store.dueOperations(now: now, limit: 10).map(\.id) == ["middle"])
        #expect(try await store.operation(id: "early")?.status == .succeeded)
    }

    @Test(arguments: Backend.allCases)
    func finishedOperationsArePurged(backend: Backend) async throws {
        let store = try await Self.makeStore(backend)
        let now = Date()
        var old = Self.operation("old", due: now.addingTimeInterval(-100_000))
        old.status = .succeeded
        let running = Self.operation("running", due: now.addingTimeInterval(-100_000))
        var recent = Self.operation("recent", due: now)
        recent.status = .succeeded
        try await store.commit(WriteBatch(operations: [old, running, recent]))
        #expect(try await store.purgeOperations(dueBefore: now.addingTimeInterval(-86_400)) == 1)
        #expect(try await store.operation(id: "old") == nil)
        #expect(try await store.operation(id: "running") != nil, "in-progress operations are never purged")
        #expect(try await store.operation(id: "recent") != nil)
    }

    /// Many batches at once (SQLite commits them as one group): each succeeds or fails on its own, and a refused
    /// batch leaves nothing behind while its neighbours land.
    @Test(arguments: Backend.allCases)
    func concurrentBatchesSucceedOrFailEachOnTheirOwn(backend: Backend) async throws {
        let store = try await Self.makeStore(backend)
        try await store.commit(Self.insert(Self.record("/g")))
        try await store.commit(Self.insert(Self.record("/g/images/taken", parent: "/g", type: .galleryImage)))
        let results = await withTaskGroup(of: (Int, Bool).self) { group in
            for i in 0..<64 {
                group.addTask {
                    // Every fourth batch also re-inserts an existing key, so the whole batch must be refused.
                    var records = [Self.record("/g/images/i\(i)", parent: "/g", type: .galleryImage)]
                    if i % 4 == 0 { records.append(Self.record("/g/images/taken", parent: "/g", type: .galleryImage)) }
                    let op = Self.operation("op\(i)", due: Date())
                    do {
                        try await store.commit(Self.insert(records, operations: [op]))
                        return (i, true)
                    } catch {
                        return (i, false)
                    }
                }
            }
            return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
        }
        for i in 0..<64 {
            #expect(results[i] == (i % 4 != 0), "batch \(i)")
            let stored = try await store.resource(key: "/g/images/i\(i)")
            #expect((stored != nil) == (i % 4 != 0), "batch \(i) is all or nothing")
            #expect((try await store.operation(id: "op\(i)") != nil) == (i % 4 != 0))
        }
    }

    /// Reads by key, then a tree delete: nothing under the deleted key is served afterwards, however it was read before.
    @Test(arguments: Backend.allCases)
    func treeDeletesHideEverythingReadBefore(backend: Backend) async throws {
        let store = try await Self.makeStore(backend)
        let group = Self.record("/rg", type: .resourceGroup)
        let gallery = Self.record("/rg/g", parent: "/rg")
        let image = Self.record("/rg/g/images/i", parent: "/rg/g", type: .galleryImage)
        try await store.commit(Self.insert(group, gallery, image))
        #expect(try await store.resources(keys: ["/rg", "/rg/g", "/rg/g/images/i"]).count == 3)
        #expect(try await store.resource(key: image.key) == image)
        try await store.commit(WriteBatch(resources: [.deleteTree(key: "/rg/g")]))
        #expect(try await store.resources(keys: ["/rg", "/rg/g", "/rg/g/images/i"]).keys.sorted() == ["/rg"])
        #expect(try await store.children(parentKey: "/rg/g", type: .galleryImage, after: nil, limit: 10).isEmpty)
    }

    /// Each kind of expectation refuses the whole batch when it no longer holds, and lets it through when it does.
    @Test(arguments: Backend.allCases)
    func expectationsAreCheckedInTheCommit(backend: Backend) async throws {
        let store = try await Self.makeStore(backend)
        let parent = Self.record("/p")
        try await store.commit(Self.insert(parent))
        let child = Self.record("/p/images/c", parent: "/p", type: .galleryImage)
        var deleting = parent
        deleting.provisioningState = .deleting
        deleting.version = 2
        try await store.commit(Self.insert(child))
        let guarded = WriteBatch(expectations: [.resource(key: "/p", version: 1), .noChildren(key: "/p")], resources: [.put(deleting)])
        await #expect(throws: StoreError.conflict("/p has children")) { try await store.commit(guarded) }
        #expect(try await store.resource(key: "/p")?.version == 1, "a refused batch changes nothing")
        try await store.commit(WriteBatch(expectations: [.resource(key: child.key, version: 1)], resources: [.deleteTree(key: child.key)]))
        try await store.commit(guarded)
        #expect(try await store.resource(key: "/p")?.provisioningState == .deleting)

        let running = Self.operation("running", due: Date())
        try await store.commit(WriteBatch(operations: [running]))
        var done = running
        done.status = .succeeded
        let finish = WriteBatch(expectations: [.operationInProgress(id: "running")], operations: [done])
        try await store.commit(finish)
        await #expect(throws: StoreError.conflict("operation running finished")) { try await store.commit(finish) }
        await #expect(throws: StoreError.conflict("operation unknown finished")) {
            try await store.commit(WriteBatch(expectations: [.operationInProgress(id: "unknown")]))
        }
    }

    /// A parent marked for deletion (expecting no children) racing a child's insert (expecting the parent unchanged):
    /// exactly one of the two commits in every round, on every backend.
    @Test(arguments: Backend.allCases)
    func aParentDeleteAndAChildInsertNeverBothCommit(backend: Backend) async throws {
        let store = try await Self.makeStore(backend)
        var outcomes: [String: Int] = [:]
        for round in 0..<40 {
            let parent = Self.record("/r\(round)")
            try await store.commit(Self.insert(parent))
            let child = Self.record("/r\(round)/images/c", parent: parent.key, type: .galleryImage)
            var deleting = parent
            deleting.provisioningState = .deleting
            deleting.version = 2
            async let insertChild = Self.succeeds {
                try await store.commit(
                    WriteBatch(
                        expectations: [.resource(key: parent.key, version: 1), .resource(key: child.key, version: nil)],
                        resources: [.put(child)]
                    )
                )
            }
            async let markParent = Self.succeeds {
                try await store.commit(
                    WriteBatch(expectations: [.resource(key: parent.key, version: 1), .noChildren(key: parent.key)], resources: [.put(deleting)])
                )
            }
            let (inserted, marked) = await (insertChild, markParent)
            #expect(inserted != marked, "round \(round): child \(inserted), parent delete \(marked)")
            outcomes["child \(inserted) / delete \(marked)", default: 0] += 1
        }
        print("\(backend): \(outcomes)")
    }

    /// Sixteen writers append to one record at once through the store's write helper: every append survives, because a
    /// writer whose read went stale decides again on the new state.
    @Test(arguments: Backend.allCases)
    func writesDecideAgainOnConflictAndLoseNothing(backend: Backend) async throws {
        let store = try await Self.makeStore(backend)
        var record = Self.record("/counter")
        record.tags = []
        try await store.commit(Self.insert(record))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<16 {
                group.addTask {
                    try await store.write { transaction in
                        var current = try #require(try await transaction.resources(["/counter"])["/counter"])
                        current.tags?.append(Tag(name: "w\(writer)", value: "\(current.version)"))
                        current.version += 1
                        return .commit(WriteBatch(resources: [.put(current)]), ())
                    }
                }
            }
            try await group.waitForAll()
        }
        let final = try #require(try await store.resource(key: "/counter"))
        #expect(Set(final.tags?.map(\.name) ?? []) == Set((0..<16).map { "w\($0)" }))
        #expect(final.version == 17)
    }

    /// Export, reset and import: a snapshot lists a scope's resources by key and its operations by id; replacing a
    /// scope removes only it, and a refused replacement changes nothing.
    @Test(arguments: Backend.allCases)
    func snapshotsAndReplacementsWorkByScope(backend: Backend) async throws {
        let store = try await Self.makeStore(backend)
        func tree(_ subscription: String) -> [ResourceRecord] {
            let group = "/subscriptions/\(subscription)/resourcegroups/rg"
            return [
                Self.record(group, type: .resourceGroup), Self.record(group + "/g", parent: group),
                Self.record(group + "/g/images/i", parent: group + "/g", type: .galleryImage, unique: "\(subscription)|p|o|s"),
            ].map { record in
                var record = record
                record.subscriptionKey = "/subscriptions/\(subscription)"
                return record
            }
        }
        func operation(_ id: String, _ subscription: String) -> OperationRecord {
            var operation = Self.operation(id, due: Date(timeIntervalSince1970: 1_700_000_000))
            operation.subscriptionKey = "/subscriptions/\(subscription)"
            return operation
        }
        let (a, b) = (tree("a"), tree("b"))
        try await store.commit(Self.insert(b + a, operations: [operation("op-b", "b"), operation("op-a", "a")]))
        #expect(try await store.subscriptionKeys() == ["/subscriptions/a", "/subscriptions/b"])
        let everything = try await store.snapshot(subscriptionKey: nil)
        #expect(everything.resources == a + b, "ordered by key")
        #expect(everything.operations.map(\.id) == ["op-a", "op-b"])
        let onlyA = try await store.snapshot(subscriptionKey: "/subscriptions/a")
        #expect(onlyA == StoreSnapshot(resources: a, operations: [operation("op-a", "a")]))

        #expect(try await store.replace(subscriptionKey: "/subscriptions/a", with: StoreSnapshot()) == StoreCounts(resources: 3, operations: 1))
        #expect(try await store.resource(key: a[2].key) == nil)
        #expect(try await store.resource(uniqueKey: "a|p|o|s") == nil)
        #expect(try await store.snapshot(subscriptionKey: nil).resources == b, "the other subscription is untouched")
        #expect(try await store.subscriptionKeys() == ["/subscriptions/b"])

        // An orphan in the snapshot refuses the whole replacement.
        let orphan = StoreSnapshot(resources: [a[2]])
        await #expect(throws: StoreError.self) { try await store.replace(subscriptionKey: nil, with: orphan) }
        #expect(try await store.snapshot(subscriptionKey: nil).resources == b, "a refused replacement changes nothing")

        #expect(try await store.replace(subscriptionKey: nil, with: everything) == StoreCounts(resources: 3, operations: 1))
        #expect(try await store.snapshot(subscriptionKey: nil) == everything)
        #expect(try await store.resource(uniqueKey: "a|p|o|s")?.key == a[2].key)
        #expect(try await store.operation(id: "op-a")?.subscriptionKey == "/subscriptions/a")
        #expect(try await store.replace(subscriptionKey: nil, with: StoreSnapshot()) == StoreCounts(resources: 6, operations: 2))
        #expect(try await store.snapshot(subscriptionKey: nil) == StoreSnapshot())
    }

    private static func succeeds(_ body: () async throws -> Void) async -> Bool {
        do {
            try await body()
            return true
        } catch {
            return false
        }
    }

    @Test func sqliteKeepsDataAcrossReopen() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("galleryrp-reopen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("db.sqlite").path
        let record = Self.record("/persisted")
        do {
            let store = try SQLiteResourceStore(path: path)
            try await store.commit(Self.insert([record], operations: [Self.operation("op", due: Date())]))
            #expect(throws: StoreConfigurationError.self, "a second store on the same file would make the record cache stale") {
                try SQLiteResourceStore(path: path)
            }
        }
        // The lock goes with the last reference, which the commit queue's task may hold a moment longer.
        var attempt: SQLiteResourceStore?
        for _ in 0..<100 where attempt == nil {
            attempt = try? SQLiteResourceStore(path: path)
            if attempt == nil { try await Task.sleep(for: .milliseconds(10)) }
        }
        let reopened = try #require(attempt)
        #expect(try await reopened.resource(key: "/persisted") == record)
        #expect(try await reopened.operation(id: "op")?.status == .inProgress)
    }
}

/// Fresh PostgreSQL stores for tests: one schema each, with a client running for the rest of the process.
enum PostgresTestDatabase {
    static let logger = Logger(label: "galleryrp.tests.postgres")

    /// A client whose search path is a new, empty schema, and the schema's name.
    static func freshClient() async throws -> (client: PostgresClient, schema: String) {
        let url = try #require(ResourceStoreContractTests.postgresURL)
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        _ = try await GalleryRPServer.withPostgres(url: url, logger: logger) { client in
            try await client.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA \(schema)"), logger: logger)
        }
        var configuration = try PostgresResourceStore.configuration(url: url, maxConnections: 4)
        configuration.options.additionalStartupParameters = [("search_path", schema)]
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        Task { await client.run() }
        return (client, schema)
    }

    /// A migrated store in a schema of its own, and the schema's name.
    static func freshStore(roundTrips: (@Sendable (Int) -> Void)? = nil) async throws -> (store: any ResourceStore, location: String) {
        let (client, schema) = try await freshClient()
        try await PostgresMigrations.apply(client, logger: logger)
        return (PostgresResourceStore(client: client, logger: logger, roundTrips: roundTrips), schema)
    }
}
