/// The type table: every resource type the service serves, each declared once (see `Resources/`).
public enum ResourceCatalog {
    /// Every declared type, parents before children.
    public static let all: [ResourceKind] = [.resourceGroup, .gallery, .galleryImage]

    private static let byType: [ResourceType: ResourceKind] = Dictionary(uniqueKeysWithValues: all.map { ($0.type, $0) })

    /// The declaration of `type`.
    public static func kind(_ type: ResourceType) -> ResourceKind? { byType[type] }

    /// Types declared directly under `parent`.
    public static func children(of parent: ResourceType) -> [ResourceKind] { all.filter { $0.parent == parent } }

    /// The chain of declarations from the resource group down to `kind`.
    static func chain(_ kind: ResourceKind) -> [ResourceKind] {
        var chain = [kind]
        while let parent = chain[0].parent, let declared = byType[parent] { chain.insert(declared, at: 0) }
        return chain
    }

    /// Top-level provider types (directly under a resource group) of `namespace` whose segment is `segment`.
    static func topLevel(namespace: String, segment: String) -> ResourceKind? {
        all.first {
            $0.parent == .resourceGroup && $0.provider.namespace.caseInsensitiveEquals(namespace) && $0.segment.caseInsensitiveEquals(segment)
        }
    }

    /// The type under `parent` whose segment is `segment`.
    static func child(of parent: ResourceKind, segment: String) -> ResourceKind? {
        all.first { $0.parent == parent.type && $0.segment.caseInsensitiveEquals(segment) }
    }
}

extension String {
    /// ASCII case-insensitive equality (path keywords, query names and similar protocol tokens).
    func caseInsensitiveEquals(_ other: String) -> Bool {
        utf8.count == other.utf8.count
            && zip(utf8, other.utf8).allSatisfy { a, b in
                a == b || (a | 0x20 == b | 0x20 && (a | 0x20) >= UInt8(ascii: "a") && (a | 0x20) <= UInt8(ascii: "z"))
            }
    }
}
