import Foundation

/// `properties` of a gallery image definition (schema `GalleryImageProperties`, 2023-07-03 plus 2024-03-03 fields).
/// Decoded from requests with every member optional; the validator fills defaults and checks required members.
public struct GalleryImageProperties: Codable, Sendable, Equatable, JSONNetTypeNamed {
    public static let jsonNetTypeName = GalleryImageVersionProperties.model("GalleryImageProperties")
    public struct Identifier: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = GalleryImageVersionProperties.model("GalleryImageIdentifier")
        public var publisher: String?
        public var offer: String?
        public var sku: String?
    }
    public struct ResourceRange: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = GalleryImageVersionProperties.model("ResourceRange")
        public var min: Int32?
        public var max: Int32?
    }
    public struct Recommended: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = GalleryImageVersionProperties.model("RecommendedMachineConfiguration")
        public var vCPUs: ResourceRange?
        public var memory: ResourceRange?
    }
    public struct Disallowed: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = GalleryImageVersionProperties.model("Disallowed")
        public var diskTypes: [String]?
    }
    public struct PurchasePlan: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = GalleryImageVersionProperties.model("ImagePurchasePlan")
        public var name: String?
        public var publisher: String?
        public var product: String?
    }
    public struct Feature: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = GalleryImageVersionProperties.model("GalleryImageFeature")
        public var name: String?
        public var value: String?
        /// Since 2024-03-03.
        public var startsAtVersion: String?
    }

    public var description: String?
    public var eula: String?
    public var privacyStatementUri: String?
    public var releaseNoteUri: String?
    public var osType: String?
    public var osState: String?
    public var hyperVGeneration: String?
    /// Kept as the canonical text `yyyy-MM-ddTHH:mm:ss+00:00`.
    public var endOfLifeDate: String?
    public var identifier: Identifier?
    public var recommended: Recommended?
    public var disallowed: Disallowed?
    public var purchasePlan: PurchasePlan?
    public var features: [Feature]?
    public var architecture: String?
    /// Since 2024-03-03; request-only, never stored or echoed.
    public var allowUpdateImage: Bool?
    public var provisioningState: ReadOnlyMember?

    /// The response form, in the member order Azure uses. Version-specific members appear only where the api-version has
    /// them; `provisioningState` comes last (nil: left out, for the stored wire form).
    func json(apiVersion: String, provisioningState: ProvisioningState?) -> JSONValue {
        func has(_ member: String) -> Bool { WireSchema.has("GalleryImageProperties", member, at: apiVersion) }
        let newer = WireSchema.has("GalleryImageFeature", "startsAtVersion", at: apiVersion)
        func range(_ r: ResourceRange?) -> JSONValue? {
            r.map { .object([("min", $0.min.map { .number(Double($0)) }), ("max", $0.max.map { .number(Double($0)) })]) }
        }
        return .object([
            ("description", description.map(JSONValue.string)),
            ("eula", eula.map(JSONValue.string)),
            ("privacyStatementUri", privacyStatementUri.map(JSONValue.string)),
            ("releaseNoteUri", releaseNoteUri.map(JSONValue.string)),
            ("hyperVGeneration", has("hyperVGeneration") ? hyperVGeneration.map(JSONValue.string) : nil),
            ("architecture", has("architecture") ? architecture.map(JSONValue.string) : nil),
            (
                "features",
                !has("features")
                    ? nil
                    : features.map { list in
                        .array(
                            list.map { f in
                                .object([
                                    ("startsAtVersion", newer ? f.startsAtVersion.map(JSONValue.string) : nil),
                                    ("name", f.name.map(JSONValue.string)), ("value", f.value.map(JSONValue.string)),
                                ])
                            }
                        )
                    }
            ),
            ("osType", osType.map(JSONValue.string)),
            ("osState", osState.map(JSONValue.string)),
            ("endOfLifeDate", endOfLifeDate.map(JSONValue.string)),
            (
                "identifier",
                identifier.map {
                    .object([
                        ("publisher", $0.publisher.map(JSONValue.string)), ("offer", $0.offer.map(JSONValue.string)),
                        ("sku", $0.sku.map(JSONValue.string)),
                    ])
                }
            ),
            ("recommended", recommended.map { .object([("vCPUs", range($0.vCPUs)), ("memory", range($0.memory))]) }),
            ("disallowed", disallowed?.diskTypes.map { .object([("diskTypes", .array($0.map(JSONValue.string)))]) }),
            (
                "purchasePlan",
                purchasePlan.map {
                    .object([
                        ("name", $0.name.map(JSONValue.string)), ("publisher", $0.publisher.map(JSONValue.string)),
                        ("product", $0.product.map(JSONValue.string)),
                    ])
                }
            ),
            ("provisioningState", provisioningState.map { .string($0.rawValue) }),
        ])
    }
}
