import Foundation

/// One declared ARM resource type: everything the service derives its routes, ancestor checks, not-found texts,
/// nested-delete guards, lists, provider listings and RBAC actions from. The declarations are in `Resources/`, and
/// ``ResourceCatalog`` holds the table. A class of immutable values: every request holds one, by reference.
public final class ResourceKind: Sendable {
    /// What deleting a resource does with the resources nested under it.
    public enum DeleteRule: Sendable {
        /// 409 `CannotDeleteResource` while nested resources exist (galleries, image definitions).
        case refuseWhileNested
        /// Deletes everything under it (resource groups).
        case cascade
    }

    /// Where a type can be listed.
    public enum ListScope: Sendable {
        /// Under its parent (a gallery's images; a resource group's galleries).
        case parent
        /// Across a subscription (`/subscriptions/{s}/providers/{namespace}/{segment}`, or `/subscriptions/{s}/resourcegroups`).
        case subscription
    }

    public let type: ResourceType
    /// The containing type; nil only for resource groups, the root of the hierarchy.
    public let parent: ResourceKind?
    /// The containing types from the resource group down (empty for a resource group).
    public let lineage: [ResourceKind]
    public let provider: ResourceProvider
    /// Path segment naming the type (`images`) and the route parameter of its name (`galleryImageName`).
    public let segment: String
    public let keyParameter: String
    /// Throws the name-rule error for an invalid name.
    public let nameRule: @Sendable (String) throws -> Void
    public let onDelete: DeleteRule
    public let lists: [ListScope]
    /// The name Compute's error targets start with (`galleryImage.properties.osType`); nil for ARM's own types.
    public let wireName: String?
    /// RBAC action prefix (`Microsoft.Compute/galleries/images` → `…/read`, `…/write`, `…/delete`).
    public let actionPrefix: String
    /// Optional query parameters of its GET (`$select`, `$expand`) and the values they take.
    public let queryOptions: [QueryOption]
    /// Whether its resources are replicated to regions (image versions): their operations take
    /// ``ServiceConfiguration/replicationDuration``.
    public let replicates: Bool
    /// How `properties` are validated, stored and rendered.
    let schema: AnyResourceSchema

    init<Schema: ResourceSchema>(
        type: ResourceType,
        parent: ResourceKind?,
        provider: ResourceProvider,
        segment: String,
        keyParameter: String,
        wireName: String?,
        nameRule: @escaping @Sendable (String) throws -> Void,
        onDelete: DeleteRule,
        lists: [ListScope],
        actionPrefix: String? = nil,
        queryOptions: [QueryOption] = [],
        replicates: Bool = false,
        schema: Schema
    ) {
        self.type = type
        self.parent = parent
        lineage = parent.map { $0.lineage + [$0] } ?? []
        shortName = String(type.rawValue.drop { $0 != "/" }.dropFirst())
        self.provider = provider
        self.segment = segment
        self.keyParameter = keyParameter
        self.wireName = wireName
        self.nameRule = nameRule
        self.onDelete = onDelete
        self.lists = lists
        self.actionPrefix = actionPrefix ?? type.rawValue
        self.queryOptions = queryOptions
        self.replicates = replicates
        self.schema = AnyResourceSchema(schema)
    }

    /// The type below its namespace (`galleries/images`), as ARM's api-version errors and provider listings name it.
    public let shortName: String

    /// Whether this type sits directly in a resource group (`…/providers/{namespace}/{segment}/{name}`).
    public var isTopLevel: Bool { parent?.isResourceGroup == true }

    /// Whether this is ARM's resource group (synchronous writes, its own error codes).
    public var isResourceGroup: Bool { parent == nil }
}

/// An optional query parameter of a GET and the values it allows (compared ignoring case).
public struct QueryOption: Sendable {
    public let name: String
    public let allowed: [String]

    /// The values asked for (comma-separated, lower-cased), or 400 `InvalidParameter` for one the parameter does not take.
    func check(_ value: String?) throws -> Set<String> {
        guard let value else { return [] }
        var values: Set<String> = []
        for item in value.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard allowed.contains(where: { $0.caseInsensitiveEquals(item) }) else {
                let list = allowed.joined(separator: ", ")
                throw ARMError.invalidParameter(
                    "The value '\(value)' of query parameter '\(name)' is invalid. The allowed \(allowed.count == 1 ? "value is" : "values are") '\(list)'.",
                    target: name
                )
            }
            values.insert(item.lowercased())
        }
        return values
    }
}
