import Foundation

extension ResourceKind {
    /// `Microsoft.Compute/galleries/images/versions`: a published version of an image definition, replicated to its
    /// target regions (its operations take `--replication-duration`).
    public static let galleryImageVersion = ResourceKind(
        type: .galleryImageVersion,
        parent: .galleryImage,
        provider: .compute,
        segment: "versions",
        keyParameter: "galleryImageVersionName",
        wireName: "galleryImageVersion",
        nameRule: NameRules.checkImageVersion,
        onDelete: .refuseWhileNested,
        lists: [.parent],
        queryOptions: [QueryOption(name: "$expand", allowed: ["ReplicationStatus", "UefiSettings"])],
        replicates: true,
        schema: GalleryImageVersionSchema()
    )
}

/// Image-version properties: validated by ``GalleryImageVersionValidator`` against the image definition (the parent)
/// and, for a source that is another gallery image version, against that version (a reference read in the write).
struct GalleryImageVersionSchema: ResourceSchema {
    func validate(
        _ input: GalleryImageVersionProperties?,
        previous: GalleryImageVersionProperties?,
        context: ValidationContext
    ) throws -> GalleryImageVersionProperties {
        try GalleryImageVersionValidator(context: context).validate(input, previous: previous)
    }

    func references(_ input: GalleryImageVersionProperties?, context: ValidationContext) -> [String] {
        GalleryImageVersionValidator.references(input)
    }

    func failure(_ properties: GalleryImageVersionProperties, context: ValidationContext) -> OperationRecord.Failure? {
        GalleryImageVersionValidator(context: context).failure(properties)
    }

    func render(_ properties: GalleryImageVersionProperties, record: ResourceRecord, options: RenderOptions) -> JSONValue {
        properties.json(record: record, options: options)
    }
}
