extension ResourceKind {
    /// `Microsoft.Resources/resourceGroups`: ARM's own container. Writes are synchronous; a delete takes everything
    /// inside with it.
    public static let resourceGroup = ResourceKind(
        type: .resourceGroup,
        parent: nil,
        provider: .resources,
        segment: "resourceGroups",
        keyParameter: "resourceGroupName",
        wireName: nil,
        nameRule: NameRules.checkResourceGroup,
        onDelete: .cascade,
        lists: [.subscription],
        actionPrefix: "Microsoft.Resources/subscriptions/resourceGroups",
        schema: ResourceGroupSchema()
    )
}

/// Resource-group properties carry only the provisioning state.
struct ResourceGroupSchema: ResourceSchema {
    struct Properties: Codable, Sendable, JSONNetTypeNamed {
        static let jsonNetTypeName = "ResourceGroupProperties"
    }

    func validate(_ input: Properties?, previous: Properties?, context: ValidationContext) throws -> Properties { Properties() }

    func render(_ properties: Properties, record: ResourceRecord, options: RenderOptions) -> JSONValue {
        .object([("provisioningState", .string(record.provisioningState.rawValue))])
    }
}
