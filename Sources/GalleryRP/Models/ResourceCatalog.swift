/// The type table: every resource type the service serves, each declared once (see `Resources/`).
public enum ResourceCatalog {
    /// Every declared type, parents before children.
    public static let all: [ResourceKind] = [.resourceGroup, .gallery, .galleryImage, .galleryImageVersion]

    private static let byType: [ResourceType: ResourceKind] = Dictionary(uniqueKeysWithValues: all.map { ($0.type, $0) })

    /// The declaration of `type`.
    public static func kind(_ type: ResourceType) -> ResourceKind? { byType[type] }

    /// Types declared directly under `parent`.
    public static func children(of parent: ResourceKind) -> [ResourceKind] { all.filter { $0.parent === parent } }

    /// Top-level provider types (directly under a resource group) of `namespace` whose segment is `segment`.
    static func topLevel(namespace: some StringProtocol, segment: some StringProtocol) -> ResourceKind? {
        all.first {
            $0.isTopLevel && $0.provider.namespace.caseInsensitiveEquals(namespace) && $0.segment.caseInsensitiveEquals(segment)
        }
    }

    /// The type under `parent` whose segment is `segment`.
    static func child(of parent: ResourceKind, segment: some StringProtocol) -> ResourceKind? {
        all.first { $0.parent === parent && $0.segment.caseInsensitiveEquals(segment) }
    }
}

extension StringProtocol {
    /// ASCII case-insensitive equality (path keywords, query names and similar protocol tokens).
    func caseInsensitiveEquals(_ other: some StringProtocol) -> Bool {
        utf8.count == other.utf8.count
            && zip(utf8, other.utf8).allSatisfy { a, b in
                a == b || (a | 0x20 == b | 0x20 && (a | 0x20) >= UInt8(ascii: "a") && (a | 0x20) <= UInt8(ascii: "z"))
            }
    }
}
