/// A resource id given inside a request (an image version's source): its subscription, resource group, full type
/// (`Microsoft.Compute/galleries/images/versions`) and the names along it. Not resolved against the type table: a
/// source may be of a kind the service does not hold (a managed image, a snapshot, a virtual machine).
struct ResourceReference: Sendable, Equatable {
    let subscriptionID: String
    let resourceGroup: String
    /// `Microsoft.Compute/images`, `Microsoft.Compute/galleries/images/versions`…
    let type: String
    /// The names after the provider namespace, one per type segment.
    let names: [String]

    /// Parses `/subscriptions/{s}/resourceGroups/{rg}/providers/{namespace}/{type}/{name}[/{type}/{name}]…`; nil if the
    /// text is not a fully qualified resource id.
    init?(_ id: String) {
        let parts = id.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        guard id.hasPrefix("/"), parts.count >= 8, parts.count % 2 == 0, parts.allSatisfy({ !$0.isEmpty }),
            parts[0].caseInsensitiveEquals("subscriptions"), parts[2].caseInsensitiveEquals("resourceGroups"),
            parts[4].caseInsensitiveEquals("providers")
        else { return nil }
        subscriptionID = parts[1]
        resourceGroup = parts[3]
        let pairs = Array(parts.dropFirst(6))
        type = ([parts[5]] + stride(from: 0, to: pairs.count, by: 2).map { pairs[$0] }).joined(separator: "/")
        names = stride(from: 1, to: pairs.count, by: 2).map { pairs[$0] }
    }

    /// Whether the id names a resource of `type`, compared ignoring case.
    func isA(_ type: String) -> Bool { self.type.caseInsensitiveEquals(type) }

    /// The address of a gallery image version this id names.
    var galleryImageVersion: ResourceAddress? {
        guard isA(ResourceType.galleryImageVersion.rawValue), names.count == 3 else { return nil }
        return ResourceAddress(.galleryImageVersion, subscriptionID: subscriptionID, names: [resourceGroup] + names)
    }
}
