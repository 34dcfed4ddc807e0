/// The resource types the service stores.
public enum ResourceType: String, Sendable, Codable, CaseIterable {
    case resourceGroup = "Microsoft.Resources/resourceGroups"
    case gallery = "Microsoft.Compute/galleries"
    case galleryImage = "Microsoft.Compute/galleries/images"

    /// The type name ARM error texts use.
    public var shortName: String {
        switch self {
        case .resourceGroup: return "resourceGroups"
        case .gallery: return "galleries"
        case .galleryImage: return "galleries/images"
        }
    }
}
