import Foundation

/// Writes many image definitions and versions straight into a store, past HTTP, for the benchmark's scaling runs: a
/// resource group, a gallery, images `<prefix><n>` with unique identifiers, and versions `1.0.<n>` of one image, each
/// validated and stored exactly as a PUT stores it (already `Succeeded`, so there are no operations to finish).
public struct BulkLoader: Sendable {
    public var subscriptionID: String
    public var resourceGroup: String
    public var gallery: String
    public var location = "westus"
    public var prefix = "seed"
    /// Images per write batch (one transaction).
    public var batchSize = 2_000

    public init(subscriptionID: String, resourceGroup: String, gallery: String) {
        self.subscriptionID = subscriptionID
        self.resourceGroup = resourceGroup
        self.gallery = gallery
    }

    /// Stores images `start..<start+count`, creating the resource group and gallery if they are missing.
    /// `progress` is told the running total after each batch.
    public func load(into store: any ResourceStore, start: Int = 0, count: Int, progress: (Int) -> Void = { _ in }) async throws {
        let group = ResourceAddress(.resourceGroup, subscriptionID: subscriptionID, names: [resourceGroup])
        let galleryAddress = group.child(.gallery, named: gallery)
        if try await store.resource(key: group.key) == nil {
            try await insert([record(group, properties: Data("{}".utf8), uniqueKey: nil)], into: store)
        }
        if try await store.resource(key: galleryAddress.key) == nil {
            try await insert([record(galleryAddress, properties: try JSONEncoder().encode(GalleryProperties()), uniqueKey: nil)], into: store)
        }
        let schema = GalleryImageSchema()
        let context = ValidationContext(apiVersion: "2023-07-03", now: Date())
        var done = 0
        while done < count {
            let range = (start + done)..<(start + min(count, done + batchSize))
            let records = try range.map { n in
                let image = galleryAddress.child(.galleryImage, named: "\(prefix)\(n)")
                var properties = GalleryImageProperties()
                properties.osType = "Linux"
                properties.osState = "Generalized"
                properties.hyperVGeneration = "V1"
                properties.identifier = .init(publisher: "bench", offer: "bench", sku: "\(prefix)\(n)")
                let valid = try schema.validate(properties, previous: nil, context: context)
                let stored = try AnyResourceSchema.stored(valid, of: schema)
                return record(
                    image,
                    properties: stored.properties,
                    uniqueKey: schema.uniqueKey(valid, parentKey: galleryAddress.key),
                    wireForm: stored.wireForm
                )
            }
            try await insert(records, into: store)
            done += range.count
            progress(done)
        }
    }

    /// Stores versions `1.0.<start>`…`1.0.<start+count-1>` of the (already loaded) image `image`, each made from a
    /// managed image and replicated to the loader's location, as `az sig image-version create --managed-image` makes them.
    public func loadVersions(
        into store: any ResourceStore,
        image: String,
        start: Int = 0,
        count: Int,
        progress: (Int) -> Void = { _ in }
    ) async throws {
        let imageAddress = ResourceAddress(.resourceGroup, subscriptionID: subscriptionID, names: [resourceGroup])
            .child(.gallery, named: gallery).child(.galleryImage, named: image)
        guard let definition = try await store.resource(key: imageAddress.key) else {
            throw BulkLoaderError.missingImage(imageAddress.id)
        }
        let schema = GalleryImageVersionSchema()
        let context = ValidationContext(apiVersion: "2023-07-03", now: Date(), location: location, parent: definition)
        var properties = GalleryImageVersionProperties()
        properties.publishingProfile = .init(targetRegions: [.init(name: location)])
        properties.storageProfile = .init(
            source: .init(id: "/subscriptions/\(subscriptionID)/resourceGroups/\(resourceGroup)/providers/Microsoft.Compute/images/bench")
        )
        let stored = try JSONEncoder().encode(try schema.validate(properties, previous: nil, context: context))
        var done = 0
        while done < count {
            let range = (start + done)..<(start + min(count, done + batchSize))
            try await insert(
                range.map { record(imageAddress.child(.galleryImageVersion, named: "1.0.\($0)"), properties: stored, uniqueKey: nil) },
                into: store
            )
            done += range.count
            progress(done)
        }
    }

    /// Inserts new records in one batch; the batch is refused if any key is taken.
    private func insert(_ records: [ResourceRecord], into store: any ResourceStore) async throws {
        try await store.commit(WriteBatch(expectations: records.map { .resource(key: $0.key, version: nil) }, resources: records.map { .put($0) }))
    }

    private func record(_ address: ResourceAddress, properties: Data, uniqueKey: String?, wireForm: Bool? = nil) -> ResourceRecord {
        ResourceRecord(
            key: address.key,
            id: address.id,
            name: address.name,
            type: address.kind.type,
            parentKey: address.parent?.key,
            subscriptionKey: address.subscriptionKey,
            location: location,
            tags: nil,
            properties: properties,
            provisioningState: .succeeded,
            operationID: nil,
            uniqueKey: uniqueKey,
            version: 1,
            wireForm: wireForm
        )
    }
}

enum BulkLoaderError: Error, CustomStringConvertible {
    case missingImage(String)

    var description: String {
        switch self {
        case .missingImage(let id): "The image definition \(id) is not stored; load images first."
        }
    }
}
