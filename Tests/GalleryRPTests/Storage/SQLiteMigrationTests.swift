import Foundation
import GRDB
import Testing

@testable import GalleryRP

/// A database written by the previous schema (v3: each record a JSON document with base64 properties) opens with
/// every record intact in the current row layout.
@Suite struct SQLiteMigrationTests {
    static let subscription = "/subscriptions/5b5b5b5b-0000-4000-8000-000000000001"

    static func record(_ path: String, parent: String?, type: ResourceType, properties: String, unique: String? = nil) -> ResourceRecord {
        let id = "/subscriptions/5B5B5B5B-0000-4000-8000-000000000001" + path
        return ResourceRecord(
            key: id.lowercased(),
            id: id,
            name: String(path.split(separator: "/").last ?? ""),
            type: type,
            parentKey: parent?.lowercased(),
            subscriptionKey: subscription,
            location: "westus",
            tags: type == .galleryImage ? [Tag(name: "env", value: "test")] : nil,
            properties: Data(properties.utf8),
            provisioningState: .succeeded,
            operationID: type == .resourceGroup ? nil : UUID().uuidString.lowercased(),
            uniqueKey: unique,
            version: 1_700_000_000_000_000
        )
    }

    /// A resource group, a gallery, an image definition (with a unique key, tags and a settling state) and a version.
    static func sampleTree() -> [ResourceRecord] {
        let group = Self.record("/resourceGroups/Rg-One", parent: nil, type: .resourceGroup, properties: "{}")
        let gallery = Self.record(
            "/resourceGroups/Rg-One/providers/Microsoft.Compute/galleries/myGallery",
            parent: group.id,
            type: .gallery,
            properties: #"{"description":"a/b"}"#
        )
        var image = Self.record(
            "/resourceGroups/Rg-One/providers/Microsoft.Compute/galleries/myGallery/images/myImage",
            parent: gallery.id,
            type: .galleryImage,
            properties: #"{"osType":"Linux","identifier":{"publisher":"p","offer":"o","sku":"s"}}"#,
            unique: gallery.key + "|p|o|s"
        )
        image.provisioningState = .succeeded
        image.settling = .init(state: .creating, until: Date(timeIntervalSince1970: 1_800_000_000))
        let version = Self.record(
            "/resourceGroups/Rg-One/providers/Microsoft.Compute/galleries/myGallery/images/myImage/versions/1.0.0",
            parent: image.id,
            type: .galleryImageVersion,
            properties: #"{"publishingProfile":{"targetRegions":[{"name":"westus"}]}}"#
        )
        return [group, gallery, image, version]
    }

    @Test func aVersion3DatabaseMigratesWithEveryRecordIntact() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("galleryrp-migrate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("galleryrp.sqlite").path

        let records = Self.sampleTree()
        let (group, gallery, image) = (records[0], records[1], records[2])

        // The previous schema, written as the previous release wrote it.
        do {
            let pool = try DatabasePool(path: path)
            try SQLiteMigrations.migrator.migrate(pool, upTo: "v3")
            try await pool.write { db in
                for record in records {
                    try db.execute(
                        sql: "INSERT INTO resources (key, parent_key, type, subscription_key, unique_key, version, doc) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        arguments: [
                            record.key, record.parentKey, record.type.rawValue, record.subscriptionKey, record.uniqueKey, record.version,
                            try JSONEncoder().encode(record),
                        ]
                    )
                }
            }
            try pool.close()
        }

        let store = try SQLiteResourceStore(path: path)
        #expect(try await store.snapshot(subscriptionKey: nil).resources == records)
        #expect(try await store.snapshot(subscriptionKey: Self.subscription).resources == records)
        #expect(try await store.resource(uniqueKey: image.uniqueKey!) == image)
        #expect(try await store.resources(subscriptionKey: Self.subscription, type: .gallery, after: nil, limit: 10) == [gallery])
        #expect(try await store.resources(subscriptionKey: Self.subscription, type: .galleryImage, after: nil, limit: 10) == [image])
        #expect(try await store.children(parentKey: gallery.key, type: .galleryImage, after: nil, limit: 10) == [image])
        #expect(try await store.subscriptionKeys() == [Self.subscription])
        // The unique key still holds: another image with the same identifier is refused.
        var twin = image
        twin.key = image.key + "-twin"
        twin.id = image.id + "-twin"
        await #expect(throws: StoreError.self) {
            try await store.commit(WriteBatch(expectations: [.resource(key: twin.key, version: nil)], resources: [.put(twin)]))
        }
        // Deleting the resource group takes the tree.
        try await store.commit(WriteBatch(resources: [.deleteTree(key: group.key)]))
        #expect(try await store.snapshot(subscriptionKey: nil).resources.isEmpty)
    }
}
