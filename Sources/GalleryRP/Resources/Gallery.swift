extension ResourceKind {
    /// `Microsoft.Compute/galleries`: an Azure Compute Gallery in a resource group.
    public static let gallery = ResourceKind(
        type: .gallery,
        parent: .resourceGroup,
        provider: .compute,
        segment: "galleries",
        keyParameter: "galleryName",
        wireName: "gallery",
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
        properties.identifier = nil
        properties.provisioningState = nil
        properties.sharingStatus = nil
        properties.sharingProfile?.groups = nil
        properties.sharingProfile?.communityGalleryInfo?.communityGalleryEnabled = nil
        properties.sharingProfile?.communityGalleryInfo?.publicNames = nil
        // A PUT at an api-version without these members keeps what is stored.
        func has(_ type: String, _ member: String) -> Bool { WireSchema.has(type, member, at: context.apiVersion) }
        if !has("GalleryProperties", "sharingProfile") { properties.sharingProfile = previous?.sharingProfile }
        if !has("GalleryProperties", "softDeletePolicy") { properties.softDeletePolicy = previous?.softDeletePolicy }
        if !has("SharingProfile", "communityGalleryInfo"), properties.sharingProfile != nil {
            properties.sharingProfile?.communityGalleryInfo = previous?.sharingProfile?.communityGalleryInfo
        }
        if let permissions = properties.sharingProfile?.permissions {
            properties.sharingProfile?.permissions = try EnumRules.canonical(
                permissions,
                allowed: EnumRules.sharingPermissions,
                target: "gallery.properties.sharingProfile.permissions"
            )
        }
        return properties
    }

    func render(_ properties: GalleryProperties, record: ResourceRecord, options: RenderOptions) -> JSONValue {
        let subscriptionID = String(record.id.split(separator: "/")[1])
        return properties.json(
            uniqueName: GalleryProperties.uniqueName(subscriptionID: subscriptionID, gallery: record.name),
            provisioningState: record.provisioningState,
            apiVersion: options.apiVersion
        )
    }
}
