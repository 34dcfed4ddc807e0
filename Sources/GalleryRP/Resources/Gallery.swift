extension ResourceKind {
    /// `Microsoft.Compute/galleries`: an Azure Compute Gallery in a resource group.
    public static let gallery = ResourceKind(
        type: .gallery,
        parent: .resourceGroup,
        provider: .compute,
        segment: "galleries",
        keyParameter: "galleryName",
        nameRule: NameRules.checkGallery,
        onDelete: .refuseWhileNested,
        lists: [.parent, .subscription],
        queryOptions: [QueryOption(name: "$select", allowed: ["Permissions"]), QueryOption(name: "$expand", allowed: ["SharingProfile/Groups"])],
        schema: GallerySchema()
    )
}

/// Gallery properties: a description, the sharing profile and the soft-delete policy; `identifier.uniqueName` is derived.
struct GallerySchema: ResourceSchema {
    func validate(_ input: GalleryProperties?, previous: GalleryProperties?, context: ValidationContext) throws -> GalleryProperties {
        var properties = input ?? GalleryProperties()
        if let permissions = properties.sharingProfile?.permissions {
            properties.sharingProfile?.permissions = try EnumRules.canonical(
                permissions,
                allowed: EnumRules.sharingPermissions,
                target: "gallery.properties.sharingProfile.permissions"
            )
        }
        return properties
    }

    func render(_ properties: GalleryProperties, record: ResourceRecord, apiVersion: String) -> JSONValue {
        let subscriptionID = String(record.id.split(separator: "/")[1])
        return properties.json(
            uniqueName: GalleryProperties.uniqueName(subscriptionID: subscriptionID, gallery: record.name),
            provisioningState: record.provisioningState
        )
    }
}
