/// One resource of a declared type: its subscription and the names along its chain of types, from the resource group
/// down. Builds the ARM id (names as the client sent them) and the storage key (the id lower-cased).
public struct ResourceAddress: Sendable {
    public let kind: ResourceKind
    public let subscriptionID: String
    /// `[rg]`, `[rg, gallery]`, `[rg, gallery, image]`.
    public let names: [String]
    /// `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Compute/galleries/{g}/images/{i}`.
    public let id: String

    /// `names` must hold one name per type in `kind`'s chain.
    public init(_ kind: ResourceKind, subscriptionID: String, names: [String]) {
        precondition(names.count == ResourceCatalog.chain(kind).count, "one name per type in the chain")
        self.kind = kind
        self.subscriptionID = subscriptionID
        self.names = names
        var id = "/subscriptions/\(subscriptionID)/resourceGroups/\(names[0])"
        for (declared, name) in zip(ResourceCatalog.chain(kind), names).dropFirst() {
            id +=
                declared.parent == .resourceGroup
                ? "/providers/\(declared.provider.namespace)/\(declared.segment)/\(name)" : "/\(declared.segment)/\(name)"
        }
        self.id = id
    }

    public var name: String { names[names.count - 1] }
    public var resourceGroup: String { names[0] }
    /// The storage key: the id lower-cased, so lookups ignore case.
    public var key: String { id.lowercased() }
    /// `/subscriptions/{id}` lower-cased: the scope of subscription-wide lists.
    public var subscriptionKey: String { Self.subscriptionKey(subscriptionID) }

    public static func subscriptionKey(_ subscriptionID: String) -> String { "/subscriptions/\(subscriptionID.lowercased())" }

    /// The containing resource (nil for a resource group).
    public var parent: ResourceAddress? {
        guard let type = kind.parent, let parent = ResourceCatalog.kind(type) else { return nil }
        return ResourceAddress(parent, subscriptionID: subscriptionID, names: Array(names.dropLast()))
    }

    /// Every containing resource, the resource group first.
    public var ancestors: [ResourceAddress] {
        var chain: [ResourceAddress] = []
        var next = parent
        while let current = next {
            chain.insert(current, at: 0)
            next = current.parent
        }
        return chain
    }

    /// `gallery/image`: the names below the resource group, as ARM's location texts name nested resources.
    public var relativeName: String { names.dropFirst().joined(separator: "/") }

    /// `Microsoft.Compute/galleries/g/images/i`: the type-qualified path ARM's not-found and nested-delete texts use.
    public var qualifiedName: String {
        let chain = ResourceCatalog.chain(kind)
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
