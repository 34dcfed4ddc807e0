import Foundation

/// What differs between the Compute resource types served by ``TrackedResourceController``.
protocol TrackedResourceKind: Sendable {
    associatedtype Properties: Codable & Sendable
    var type: ResourceType { get }
    /// The resource path from the route's parameters.
    func path(_ parameters: (String) throws -> String) throws -> ResourcePath
    /// Throws the name-rule error for an invalid name.
    func checkName(_ path: ResourcePath) throws
    /// Validates request properties against the stored resource and returns what to store plus its unique key.
    func prepare(_ properties: Properties?, existing: ResourceRecord?, path: ResourcePath, apiVersion: String) throws -> (Data, uniqueKey: String?)
    /// The response `properties`.
    func render(_ record: ResourceRecord, apiVersion: String) throws -> JSONValue
    /// The error for a unique-key clash with `holder`.
    func uniqueKeyConflict(holder: ResourceRecord?, properties: Data) -> ARMError
}

/// Rendered bodies of both kinds (keys are unique across types).
private let renderCache = RenderCache()

extension TrackedResourceKind {
    /// The whole response body: ARM's envelope around ``render(_:apiVersion:)``, rendered once per stored version.
    func envelope(_ record: ResourceRecord, apiVersion: String) throws -> JSONValue {
        .serialized(try renderCache.bytes(for: record, apiVersion: apiVersion) { record.envelope(properties: try render(record, apiVersion: apiVersion)) })
    }
}

/// Gallery image definitions: `Microsoft.Compute/galleries/images`.
struct GalleryImageKind: TrackedResourceKind {
    var type: ResourceType { .galleryImage }

    func path(_ parameters: (String) throws -> String) throws -> ResourcePath {
        ResourcePath(
            subscriptionID: try parameters("subscriptionId"), resourceGroup: try parameters("resourceGroupName"),
            gallery: try parameters("galleryName"), image: try parameters("galleryImageName"))
    }

    func checkName(_ path: ResourcePath) throws { try NameRules.checkImage(path.name) }

    func prepare(_ properties: GalleryImageProperties?, existing: ResourceRecord?, path: ResourcePath, apiVersion: String) throws -> (Data, uniqueKey: String?) {
        let validator = GalleryImageValidator(apiVersion: apiVersion, now: Date())
        let previous = try existing.map { try JSONDecoder().decode(GalleryImageProperties.self, from: $0.properties) }
        let valid = try validator.validate(properties, previous: previous)
        if let previous { try validator.checkChanges(from: previous, to: valid) }
        var stored = valid
        stored.allowUpdateImage = nil
        let id = valid.identifier!
        let unique = [path.parent!.key, id.publisher!, id.offer!, id.sku!].joined(separator: "|").lowercased()
        let data = try JSONEncoder().encode(stored)
        Self.decoded.insert(stored, for: data)
        return (data, unique)
    }

    /// Decoded properties by their stored bytes (every GET and list renders them).
    private static let decoded = DecodeCache<GalleryImageProperties>()

    func render(_ record: ResourceRecord, apiVersion: String) throws -> JSONValue {
        try Self.decoded.value(for: record.properties) { try JSONDecoder().decode(GalleryImageProperties.self, from: $0) }
            .json(apiVersion: apiVersion, provisioningState: record.provisioningState)
    }

    func uniqueKeyConflict(holder: ResourceRecord?, properties: Data) -> ARMError {
        let id = (try? JSONDecoder().decode(GalleryImageProperties.self, from: properties))?.identifier
        return .duplicateImageIdentifier(image: holder?.name ?? "", publisher: id?.publisher ?? "", offer: id?.offer ?? "", sku: id?.sku ?? "")
    }
}

/// Galleries: `Microsoft.Compute/galleries`.
struct GalleryKind: TrackedResourceKind {
    var type: ResourceType { .gallery }

    func path(_ parameters: (String) throws -> String) throws -> ResourcePath {
        ResourcePath(subscriptionID: try parameters("subscriptionId"), resourceGroup: try parameters("resourceGroupName"), gallery: try parameters("galleryName"))
    }

    func checkName(_ path: ResourcePath) throws { try NameRules.checkGallery(path.name) }

    func prepare(_ properties: GalleryProperties?, existing: ResourceRecord?, path: ResourcePath, apiVersion: String) throws -> (Data, uniqueKey: String?) {
        var p = properties ?? GalleryProperties()
        if let permissions = p.sharingProfile?.permissions {
            p.sharingProfile?.permissions = try EnumRules.canonical(
                permissions, allowed: EnumRules.sharingPermissions, target: "gallery.properties.sharingProfile.permissions")
        }
        return (try JSONEncoder().encode(p), nil)
    }

    func render(_ record: ResourceRecord, apiVersion: String) throws -> JSONValue {
        let subscriptionID = String(record.id.split(separator: "/")[1])
        return try JSONDecoder().decode(GalleryProperties.self, from: record.properties).json(
            uniqueName: GalleryProperties.uniqueName(subscriptionID: subscriptionID, gallery: record.name), provisioningState: record.provisioningState)
    }

    func uniqueKeyConflict(holder: ResourceRecord?, properties: Data) -> ARMError { .internalError }
}
