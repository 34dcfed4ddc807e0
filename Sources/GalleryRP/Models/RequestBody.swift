/// A PUT body as Json.NET reads it into the resource's model: the ARM envelope and the type's decoded properties.
struct RequestBody: Sendable {
    /// `location` and `tags`.
    struct Envelope: Decodable, Sendable {
        var location: String?
        var tags: [String: String]?
    }

    var envelope: Envelope
    var properties: AnyResourceSchema.Decoded

    /// Parses and decodes a body for `kind`; throws Json.NET's error for anything it would refuse.
    init(_ bytes: some Collection<UInt8>, kind: ResourceKind) throws {
        let root = try JSONParser.parse(bytes)
        envelope = try JSONNetDecoder().decode(Envelope.self, from: root)
        properties = try kind.schema.decode(root)
    }
}

/// A PATCH body: `tags` replace the stored ones when present (null removes them); `properties` is a JSON merge patch.
struct PatchBody: Sendable {
    private struct Tags: Decodable {
        var tags: [String: String]?
    }

    /// nil: leave the tags; `.some(nil)`: remove them.
    var tags: [String: String]??
    var properties: JSONNode?

    init(_ bytes: some Collection<UInt8>) throws {
        let root = try JSONParser.parse(bytes)
        let decoded = try JSONNetDecoder().decode(Tags.self, from: root)
        tags = root[member: "tags"] == nil ? nil : .some(decoded.tags)
        properties = root[member: "properties"]
    }
}
