extension ResourceKind {
    /// `Microsoft.Compute/galleries/images`: a gallery image definition, the seed page's resource.
    public static let galleryImage = ResourceKind(
        type: .galleryImage,
        parent: .gallery,
        provider: .compute,
        segment: "images",
        keyParameter: "galleryImageName",
        wireName: "galleryImage",
        nameRule: NameRules.checkImage,
        onDelete: .refuseWhileNested,
        lists: [.parent],
        schema: GalleryImageSchema()
    )
}

/// Image-definition properties: validated by ``GalleryImageValidator``; publisher/offer/sku are unique in a gallery.
struct GalleryImageSchema: ResourceSchema {
    func validate(_ input: GalleryImageProperties?, previous: GalleryImageProperties?, context: ValidationContext) throws -> GalleryImageProperties {
        let validator = GalleryImageValidator(apiVersion: context.apiVersion, now: context.now)
        let valid = try validator.validate(input, previous: previous)
        if let previous { try validator.checkChanges(from: previous, to: valid) }
        var stored = valid
        stored.allowUpdateImage = nil  // request-only: never stored or echoed
        return stored
    }

    func render(_ properties: GalleryImageProperties, record: ResourceRecord, options: RenderOptions) -> JSONValue {
        properties.json(apiVersion: options.apiVersion, provisioningState: record.provisioningState)
    }

    /// Stored as the response shows them at the newest api-version (which has every member), without the state.
    let wireForm: WireForm? = WireForm(types: ["GalleryImageProperties", "GalleryImageFeature"])

    func wire(_ properties: GalleryImageProperties) -> JSONValue? {
        properties.json(apiVersion: APIVersion.compute[APIVersion.compute.count - 1], provisioningState: nil)
    }

    func uniqueKey(_ properties: GalleryImageProperties, parentKey: String?) -> String? {
        guard let id = properties.identifier, let publisher = id.publisher, let offer = id.offer, let sku = id.sku else { return nil }
        return [parentKey ?? "", publisher, offer, sku].joined(separator: "|").lowercased()
    }

    func uniqueKeyConflict(_ properties: GalleryImageProperties, holder: ResourceRecord?) -> ARMError {
        let id = properties.identifier
        return .duplicateImageIdentifier(image: holder?.name ?? "", publisher: id?.publisher ?? "", offer: id?.offer ?? "", sku: id?.sku ?? "")
    }
}
