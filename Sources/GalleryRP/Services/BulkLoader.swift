import Foundation

/// Writes many image definitions straight into a store, past HTTP, for the benchmark's scaling runs: a resource group,
/// a gallery, and images `<prefix><n>` with unique identifiers, each validated and stored exactly as a PUT stores it
/// (already `Succeeded`, so there are no operations to finish).
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
        let groupPath = ResourcePath(subscriptionID: subscriptionID, resourceGroup: resourceGroup)
        let galleryPath = ResourcePath(subscriptionID: subscriptionID, resourceGroup: resourceGroup, gallery: gallery)
        if try await store.resource(key: groupPath.key) == nil {
            try await store.commit(WriteBatch(resources: [.insert(record(groupPath, properties: Data("{}".utf8), uniqueKey: nil))]))
        }
        if try await store.resource(key: galleryPath.key) == nil {
            try await store.commit(WriteBatch(resources: [.insert(record(galleryPath, properties: try JSONEncoder().encode(GalleryProperties()), uniqueKey: nil))]))
        }
        let kind = GalleryImageKind()
        var done = 0
        while done < count {
            let range = (start + done)..<(start + min(count, done + batchSize))
            let writes: [ResourceWrite] = try range.map { n in
                let path = ResourcePath(subscriptionID: subscriptionID, resourceGroup: resourceGroup, gallery: gallery, image: "\(prefix)\(n)")
                var properties = GalleryImageProperties()
                properties.osType = "Linux"
                properties.osState = "Generalized"
                properties.hyperVGeneration = "V1"
                properties.identifier = .init(publisher: "bench", offer: "bench", sku: "\(prefix)\(n)")
                let (data, uniqueKey) = try kind.prepare(properties, existing: nil, path: path, apiVersion: "2023-07-03")
                return .insert(record(path, properties: data, uniqueKey: uniqueKey))
            }
            try await store.commit(WriteBatch(resources: writes))
            done += range.count
            progress(done)
        }
    }

    private func record(_ path: ResourcePath, properties: Data, uniqueKey: String?) -> ResourceRecord {
        ResourceRecord(
            key: path.key, id: path.id, name: path.name, type: path.type, parentKey: path.parent?.key,
            subscriptionKey: ResourcePath.subscriptionKey(path.subscriptionID), location: location, tags: nil, properties: properties,
            provisioningState: .succeeded, operationID: nil, uniqueKey: uniqueKey, version: 1)
    }
}
