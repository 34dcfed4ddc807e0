/// One resource of a declared type: its subscription and the names along its chain of types, from the resource group
/// down. Holds the ARM id (names as the client sent them) and the storage key (the id lower-cased) of itself and of each
/// ancestor, built once: every request derives its lookups from them.
public struct ResourceAddress: Sendable {
    public let kind: ResourceKind
    public let subscriptionID: String
    /// `[rg]`, `[rg, gallery]`, `[rg, gallery, image]`.
    public let names: [String]
    /// The id and the key at each level, the resource group's first.
    private let ids: [String]
    private let keys: [String]

    /// `names` must hold one name per type in `kind`'s lineage, and one for `kind`.
    public init(_ kind: ResourceKind, subscriptionID: String, names: [String]) {
        precondition(names.count == kind.lineage.count + 1, "one name per type in the chain")
        var ids: [String] = []
        var keys: [String] = []
        ids.reserveCapacity(names.count)
        keys.reserveCapacity(names.count)
        for (index, name) in names.enumerated() {
            let declared = index < kind.lineage.count ? kind.lineage[index] : kind
            let path: String
            if index == 0 {
                path = "/subscriptions/\(subscriptionID)/resourceGroups/\(name)"
            } else {
                path = (declared.isTopLevel ? "/providers/\(declared.provider.namespace)" : "") + "/\(declared.segment)/\(name)"
            }
            ids.append((ids.last ?? "") + path)
            keys.append((keys.last ?? "") + path.lowercased())
        }
        self.init(kind: kind, subscriptionID: subscriptionID, names: names, ids: ids, keys: keys)
    }

    private init(kind: ResourceKind, subscriptionID: String, names: [String], ids: [String], keys: [String]) {
        self.kind = kind
        self.subscriptionID = subscriptionID
        self.names = names
        self.ids = ids
        self.keys = keys
    }

    /// `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Compute/galleries/{g}/images/{i}`.
    public var id: String { ids[ids.count - 1] }
    /// The storage key: the id lower-cased, so lookups ignore case.
    public var key: String { keys[keys.count - 1] }
    public var name: String { names[names.count - 1] }
    public var resourceGroup: String { names[0] }
    /// `/subscriptions/{id}` lower-cased: the scope of subscription-wide lists.
    public var subscriptionKey: String { Self.subscriptionKey(subscriptionID) }

    public static func subscriptionKey(_ subscriptionID: String) -> String { "/subscriptions/\(subscriptionID.lowercased())" }

    /// The containing resource (nil for a resource group).
    public var parent: ResourceAddress? {
        guard let parent = kind.parent else { return nil }
        return ResourceAddress(
            kind: parent,
            subscriptionID: subscriptionID,
            names: Array(names.dropLast()),
            ids: Array(ids.dropLast()),
            keys: Array(keys.dropLast())
        )
    }

    /// Every containing resource, the resource group first.
    public var ancestors: [ResourceAddress] {
        kind.lineage.indices.map { level in
            ResourceAddress(
                kind: kind.lineage[level],
                subscriptionID: subscriptionID,
                names: Array(names[...level]),
                ids: Array(ids[...level]),
                keys: Array(keys[...level])
            )
        }
    }

    /// The keys of the resource group, each ancestor, then this resource: what a request reads to check its ancestors.
    public var lineageKeys: [String] { keys }

    /// `gallery/image`: the names below the resource group, as ARM's location texts name nested resources.
    public var relativeName: String { names.dropFirst().joined(separator: "/") }

    /// `Microsoft.Compute/galleries/g/images/i`: the type-qualified path ARM's not-found and nested-delete texts use.
    public var qualifiedName: String {
        let chain = kind.lineage + [kind]
        guard chain.count > 1 else { return "\(kind.type.rawValue)/\(name)" }
        var text = "\(chain[1].type.rawValue)/\(names[1])"
        for (declared, name) in zip(chain, names).dropFirst(2) { text += "/\(declared.segment)/\(name)" }
        return text
    }

    /// The address of a child of this resource.
    func child(_ kind: ResourceKind, named name: String) -> ResourceAddress {
        ResourceAddress(kind, subscriptionID: subscriptionID, names: names + [name])
    }
}
