/// A PUT body as Azure reads it. ARM reads the envelope (`location`, `tags`; an unknown top-level member, or a syntax
/// error, is its 400 `InvalidRequestContent`); the resource provider reads `properties` into the model of the
/// request's api-version (an unknown or mistyped member is its 400 `BadRequest`, see ``ResourceKind/decodeProperties``).
struct RequestBody: Sendable {
    /// The top-level members ARM accepts (its `ResourceDefinition`); the service uses `location`, `tags` and `properties`.
    struct Envelope: Decodable, Sendable, JSONNetTypeNamed {
        static let jsonNetTypeName = "ResourceDefinition"
        var location: String?
        var tags: [String: String]?
        var properties: JSONNode?
        var id, name, type, plan, sku, etag, managedBy, identity, systemData, extendedLocation, zones: ReadOnlyMember?
    }

    var envelope: Envelope
    var properties: AnyResourceSchema.Decoded

    /// Parses and decodes a body for `kind` at `apiVersion`; throws what Azure would answer for anything it refuses.
    init(_ bytes: some Collection<UInt8>, kind: ResourceKind, apiVersion: String) throws {
        let root = try JSONParser.parse(bytes)
        envelope = try JSONNetDecoder(rejectingUnknownMembers: true).decode(Envelope.self, from: root)
        properties = try kind.decodeProperties(root, apiVersion: apiVersion)
    }
}

/// A PATCH body: `tags` replace the stored ones when present (null removes them); `properties` is a JSON merge patch.
struct PatchBody: Sendable {
    /// nil: leave the tags; `.some(nil)`: remove them.
    var tags: [String: String]??
    var properties: JSONNode?

    init(_ bytes: some Collection<UInt8>) throws {
        let root = try JSONParser.parse(bytes)
        let envelope = try JSONNetDecoder(rejectingUnknownMembers: true).decode(RequestBody.Envelope.self, from: root)
        tags = root[member: "tags"] == nil ? nil : .some(envelope.tags)
        properties = envelope.properties
    }
}

extension ResourceKind {
    /// Decodes `body.properties` into this type's model at `apiVersion`, as the resource provider does (Json.NET with
    /// unknown members refused). Compute's refusals are 400 `BadRequest` with the member as target
    /// (`galleryImageVersion.properties.storageProfile.source`); ARM's own types answer `InvalidRequestContent`.
    func decodeProperties(_ body: JSONNode, apiVersion: String) throws -> AnyResourceSchema.Decoded {
        do {
            return try schema.decode(body, JSONNetDecoder(rejectingUnknownMembers: true, memberFilter: WireSchema.filter(apiVersion: apiVersion)))
        } catch let error as JSONNetError {
            guard let wireName else { throw error }
            throw ARMError.providerDeserialization(error, entity: wireName)
        }
    }
}
