import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresNIO
import Testing

@testable import GalleryRP

/// Round trips the PostgreSQL store makes, as `/metrics` counts them: a read is one, and a create or update (its
/// locking reads, checks and writes) is one statement.
@Suite(.enabled(if: ResourceStoreContractTests.postgresURL != nil, "needs GALLERYRP_TEST_POSTGRES_URL"))
struct PostgresRoundTripTests {
    @Test func aReadIsOneRoundTripAndACreateOrUpdateOneMore() async throws {
        let count = NIOLockedValueBox(0)
        let (store, _) = try await PostgresTestDatabase.freshStore(roundTrips: { n in count.withLockedValue { $0 += n } })
        func roundTrips(_ body: () async throws -> Void) async throws -> Int {
            let before = count.withLockedValue { $0 }
            try await body()
            return count.withLockedValue { $0 } - before
        }
        let group = ResourceStoreContractTests.record("/subscriptions/s/resourcegroups/rg", type: .resourceGroup)
        let gallery = ResourceStoreContractTests.record(group.key + "/g", parent: group.key)
        try await store.commit(ResourceStoreContractTests.insert(group))

        // A create as the service makes it: the parent unchanged, the key absent, the operation stored with it.
        let create = WriteBatch(
            expectations: [.resource(key: group.key, version: 1), .resource(key: gallery.key, version: nil)],
            resources: [.put(gallery)],
            operations: [ResourceStoreContractTests.operation("op-1", due: Date(), resource: gallery.key)]
        )
        #expect(try await roundTrips { try await store.commit(create) } == 1)
        #expect(try await roundTrips { _ = try await store.resources(keys: [group.key, gallery.key]) } == 1)
        var changed = gallery
        changed.version = 2
        changed.location = "eastus"
        #expect(try await roundTrips { try await store.commit(ResourceStoreContractTests.update(changed, from: 1)) } == 1)
        // A refused one-statement write wrote nothing, and names what changed.
        await #expect(throws: StoreError.conflict("\(gallery.key) changed")) {
            try await store.commit(ResourceStoreContractTests.update(gallery, from: 1))
        }
        #expect(try await store.resource(key: gallery.key)?.location == "eastus")
        // A delete checks for children after its lock: a transaction of several statements.
        let delete = WriteBatch(
            expectations: [.resource(key: gallery.key, version: 2), .noChildren(key: gallery.key)],
            resources: [.deleteTree(key: gallery.key)]
        )
        #expect(try await roundTrips { try await store.commit(delete) } == 5)  // BEGIN, lock, children, DELETE, COMMIT
        #expect(try await store.resource(key: gallery.key) == nil)
    }
}
