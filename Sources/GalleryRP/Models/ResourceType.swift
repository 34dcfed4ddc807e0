/// An ARM resource type name such as `Microsoft.Compute/galleries/images`, as stored with each record. The declared
/// types and what the service does with them are in ``ResourceCatalog``.
public struct ResourceType: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static let resourceGroup = ResourceType("Microsoft.Resources/resourceGroups")
    public static let gallery = ResourceType("Microsoft.Compute/galleries")
    public static let galleryImage = ResourceType("Microsoft.Compute/galleries/images")
    public static let galleryImageVersion = ResourceType("Microsoft.Compute/galleries/images/versions")
}
