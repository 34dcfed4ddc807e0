/// `properties` of a gallery (schema `GalleryProperties`); `identifier.uniqueName` is derived, never taken from requests.
public struct GalleryProperties: Codable, Sendable, Equatable, JSONNetTypeNamed {
    public static let jsonNetTypeName = GalleryImageVersionProperties.model("GalleryProperties")

    public struct SharingProfile: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = GalleryImageVersionProperties.model("SharingProfile")
        public var permissions: String?
        public var communityGalleryInfo: CommunityGalleryInfo?
        public var groups: ReadOnlyMember?
    }
    public struct CommunityGalleryInfo: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = GalleryImageVersionProperties.model("CommunityGalleryInfo")
        public var publisherUri: String?
        public var publisherContact: String?
        public var eula: String?
        public var publicNamePrefix: String?
        public var communityGalleryEnabled: ReadOnlyMember?
        public var publicNames: ReadOnlyMember?
    }
    public struct SoftDeletePolicy: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = GalleryImageVersionProperties.model("SoftDeletePolicy")
        public var isSoftDeleteEnabled: Bool?
        public var gracePeriodInDays: Int32?
        public var retentionPeriodInDays: Int32?
    }

    public var description: String?
    public var sharingProfile: SharingProfile?
    public var softDeletePolicy: SoftDeletePolicy?
    public var identifier: ReadOnlyMember?
    public var provisioningState: ReadOnlyMember?
    public var sharingStatus: ReadOnlyMember?

    /// Azure's unique name: `{subscriptionId}-{GALLERYNAME}`.
    static func uniqueName(subscriptionID: String, gallery: String) -> String { "\(subscriptionID)-\(gallery.uppercased())" }

    /// The response form; members the api-version lacks are left out (``WireSchema``).
    func json(uniqueName: String, provisioningState: ProvisioningState, apiVersion: String) -> JSONValue {
        func has(_ type: String, _ member: String) -> Bool { WireSchema.has(type, member, at: apiVersion) }
        let community = sharingProfile?.communityGalleryInfo.map { info -> JSONValue in
            .object([
                ("publisherUri", info.publisherUri.map(JSONValue.string)), ("publisherContact", info.publisherContact.map(JSONValue.string)),
                ("eula", info.eula.map(JSONValue.string)), ("publicNamePrefix", info.publicNamePrefix.map(JSONValue.string)),
                ("communityGalleryEnabled", .bool(sharingProfile?.permissions == "Community")),
            ])
        }
        let softDelete = softDeletePolicy.map { policy -> JSONValue in
            .object([
                ("isSoftDeleteEnabled", policy.isSoftDeleteEnabled.map(JSONValue.bool)),
                ("gracePeriodInDays", has("SoftDeletePolicy", "gracePeriodInDays") ? policy.gracePeriodInDays.map { .number(Double($0)) } : nil),
                (
                    "retentionPeriodInDays",
                    has("SoftDeletePolicy", "retentionPeriodInDays") ? policy.retentionPeriodInDays.map { .number(Double($0)) } : nil
                ),
            ])
        }
        return .object([
            ("description", description.map(JSONValue.string)),
            ("identifier", .object([("uniqueName", .string(uniqueName))])),
            (
                "sharingProfile",
                !has("GalleryProperties", "sharingProfile")
                    ? nil
                    : sharingProfile.map {
                        .object([
                            ("permissions", $0.permissions.map(JSONValue.string)),
                            ("communityGalleryInfo", has("SharingProfile", "communityGalleryInfo") ? community : nil),
                        ])
                    }
            ),
            ("softDeletePolicy", has("GalleryProperties", "softDeletePolicy") ? softDelete : nil),
            ("provisioningState", .string(provisioningState.rawValue)),
        ])
    }
}
