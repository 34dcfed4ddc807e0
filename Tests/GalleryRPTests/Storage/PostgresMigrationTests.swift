import Foundation
import Logging
import PostgresNIO
import Testing

@testable import GalleryRP

/// A PostgreSQL schema written by the previous layout (v1: each record a JSON document with base64 properties) reads
/// back with every record intact after `galleryrp migrate`.
@Suite(.enabled(if: ResourceStoreContractTests.postgresURL != nil, "needs GALLERYRP_TEST_POSTGRES_URL"))
struct PostgresMigrationTests {
    @Test func aVersion1SchemaMigratesWithEveryRecordIntact() async throws {
        let (client, _) = try await PostgresTestDatabase.freshClient()
        let logger = PostgresTestDatabase.logger

        let records = SQLiteMigrationTests.sampleTree()
        let image = records[2]
        // The previous layout, written as the previous release wrote it.
        try await PostgresMigrations.apply(client, logger: logger, upTo: 1)
        for r in records {
            let doc = String(decoding: try JSONEncoder().encode(r), as: UTF8.self)
            try await client.query(
                """
                INSERT INTO resources (key, parent_key, type, subscription_key, unique_key, version, doc)
                VALUES (\(r.key), \(r.parentKey), \(r.type.rawValue), \(r.subscriptionKey), \(r.uniqueKey), \(r.version), \(doc))
                """,
                logger: logger
            )
        }
        await #expect(throws: StoreConfigurationError.self) { try await PostgresMigrations.check(client, logger: logger) }

        #expect(try await PostgresMigrations.apply(client, logger: logger) == [2])
        try await PostgresMigrations.check(client, logger: logger)
        let store = PostgresResourceStore(client: client, logger: logger)
        let subscription = SQLiteMigrationTests.subscription
        #expect(try await store.snapshot(subscriptionKey: nil).resources == records)
        #expect(try await store.resource(uniqueKey: image.uniqueKey!) == image)
        #expect(try await store.resources(subscriptionKey: subscription, type: .gallery, after: nil, limit: 10) == [records[1]])
        #expect(try await store.children(parentKey: records[1].key, type: .galleryImage, after: nil, limit: 10) == [image])
        // The unique key still holds; deleting the resource group takes the tree.
        var twin = image
        twin.key = image.key + "-twin"
        twin.id = image.id + "-twin"
        await #expect(throws: StoreError.self) {
            try await store.commit(WriteBatch(expectations: [.resource(key: twin.key, version: nil)], resources: [.put(twin)]))
        }
        try await store.commit(WriteBatch(resources: [.deleteTree(key: records[0].key)]))
        #expect(try await store.snapshot(subscriptionKey: nil).resources.isEmpty)
    }
}
