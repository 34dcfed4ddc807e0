/// Builds ARM resource ids (case-preserving) and storage keys (lower-cased) for the resource hierarchy.
public struct ResourcePath: Sendable, Hashable {
    public var subscriptionID: String
    public var resourceGroup: String
    public var gallery: String?
    public var image: String?

    public init(subscriptionID: String, resourceGroup: String, gallery: String? = nil, image: String? = nil) {
        self.subscriptionID = subscriptionID
        self.resourceGroup = resourceGroup
        self.gallery = gallery
        self.image = image
    }

    public var type: ResourceType { image != nil ? .galleryImage : (gallery != nil ? .gallery : .resourceGroup) }

    /// The ARM id, with the casing the client gave.
    public var id: String {
        var id = "/subscriptions/\(subscriptionID)/resourceGroups/\(resourceGroup)"
        if let gallery { id += "/providers/Microsoft.Compute/galleries/\(gallery)" }
        if let image { id += "/images/\(image)" }
        return id
    }

    /// The storage key: the id lower-cased, so lookups ignore case.
    public var key: String { id.lowercased() }

    /// The parent's path (nil for a resource group).
    public var parent: ResourcePath? {
        if image != nil { return ResourcePath(subscriptionID: subscriptionID, resourceGroup: resourceGroup, gallery: gallery) }
        if gallery != nil { return ResourcePath(subscriptionID: subscriptionID, resourceGroup: resourceGroup) }
        return nil
    }

    public var name: String { image ?? gallery ?? resourceGroup }

    /// `gallery/image` or `gallery`, as ARM's not-found texts name nested resources.
    public var relativeName: String { [gallery, image].compactMap { $0 }.joined(separator: "/") }

    /// Key of the subscription scope, used for subscription-wide lists.
    public static func subscriptionKey(_ subscriptionID: String) -> String { "/subscriptions/\(subscriptionID.lowercased())" }
}
