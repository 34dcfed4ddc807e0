/// A PUT or PATCH body: the ARM envelope around type-specific `properties`.
public struct ResourceBody<Properties: Codable & Sendable>: Decodable, Sendable {
    public var location: String?
    public var tags: [String: String]?
    public var properties: Properties?
}

extension ResourceRecord {
    /// The ARM envelope `name, id, type, location, tags, properties`, in Azure's order.
    func envelope(properties: JSONValue) -> JSONValue {
        .object([
            ("name", .string(name)),
            ("id", .string(id)),
            ("type", .string(type.rawValue)),
            ("location", .string(location)),
            ("tags", tags.map { .object($0.map { ($0.name, JSONValue.string($0.value)) }) }),
            ("properties", properties),
        ])
    }
}
