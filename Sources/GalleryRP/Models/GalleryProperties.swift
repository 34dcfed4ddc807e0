/// `properties` of a gallery (schema `GalleryProperties`); `identifier.uniqueName` is derived, never taken from requests.
public struct GalleryProperties: Codable, Sendable, Equatable, JSONNetTypeNamed {
    public static let jsonNetTypeName = "GalleryProperties"
    public struct SharingProfile: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = "SharingProfile"
        public var permissions: String?
    }
    public struct SoftDeletePolicy: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = "SoftDeletePolicy"
        public var isSoftDeleteEnabled: Bool?
    }

    public var description: String?
    public var sharingProfile: SharingProfile?
    public var softDeletePolicy: SoftDeletePolicy?

    /// Azure's unique name: `{subscriptionId}-{GALLERYNAME}`.
    static func uniqueName(subscriptionID: String, gallery: String) -> String { "\(subscriptionID)-\(gallery.uppercased())" }

    func json(uniqueName: String, provisioningState: ProvisioningState) -> JSONValue {
        .object([
            ("description", description.map(JSONValue.string)),
            ("identifier", .object([("uniqueName", .string(uniqueName))])),
            ("sharingProfile", sharingProfile.map { .object([("permissions", $0.permissions.map(JSONValue.string))]) }),
            ("softDeletePolicy", softDeletePolicy.map { .object([("isSoftDeleteEnabled", $0.isSoftDeleteEnabled.map(JSONValue.bool))]) }),
            ("provisioningState", .string(provisioningState.rawValue)),
        ])
    }
}
