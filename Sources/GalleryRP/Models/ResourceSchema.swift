import Foundation

/// What a schema's checks may depend on besides the properties themselves.
public struct ValidationContext: Sendable {
    public var apiVersion: String
    public var now: Date
}

/// The type-specific half of a resource declaration: how its `properties` are validated, stored and rendered.
public protocol ResourceSchema: Sendable {
    associatedtype Properties: Codable & Sendable
    /// The canonical properties to store for a request's `properties` (nil when the body has none), checked against the
    /// stored ones (nil on create). Throws the error Azure gives for the first problem found.
    func validate(_ input: Properties?, previous: Properties?, context: ValidationContext) throws -> Properties
    /// The response's `properties`, in Azure's member order.
    func render(_ properties: Properties, record: ResourceRecord, apiVersion: String) -> JSONValue
    /// A key the store keeps unique across resources (publisher/offer/sku within a gallery), if the type has one.
    func uniqueKey(_ properties: Properties, parentKey: String?) -> String?
    /// The 409 for a clash on ``uniqueKey(_:parentKey:)`` with the resource that holds it.
    func uniqueKeyConflict(_ properties: Properties, holder: ResourceRecord?) -> ARMError
}

extension ResourceSchema {
    public func uniqueKey(_ properties: Properties, parentKey: String?) -> String? { nil }
    public func uniqueKeyConflict(_ properties: Properties, holder: ResourceRecord?) -> ARMError { .anotherOperationInProgress }
}

/// A ``ResourceSchema`` with its properties type erased, so that every declaration fits one table. Properties travel as
/// their stored JSON; decoded values are cached by those bytes.
struct AnyResourceSchema: Sendable {
    /// A request's `properties`, decoded but not yet validated.
    struct Decoded: Sendable {
        fileprivate let value: (any Sendable)?
    }

    /// The stored form of a request's properties and its unique key.
    struct Prepared: Sendable {
        var properties: Data
        var uniqueKey: String?
    }

    /// Decodes `body.properties` as Json.NET would (conversions and refusals alike).
    let decode: @Sendable (_ body: JSONNode) throws -> Decoded
    /// Validates decoded properties against the stored ones (nil on create) and encodes what to store.
    let prepare: @Sendable (_ input: Decoded, _ previous: Data?, _ parentKey: String?, _ context: ValidationContext) throws -> Prepared
    /// The response's `properties` for a stored record.
    let render: @Sendable (_ record: ResourceRecord, _ apiVersion: String) throws -> JSONValue
    /// The 409 for a unique-key clash of these stored properties.
    let uniqueKeyConflict: @Sendable (_ properties: Data, _ holder: ResourceRecord?) -> ARMError

    init<Schema: ResourceSchema>(_ schema: Schema) {
        let cache = DecodeCache<Schema.Properties>()
        let stored = { @Sendable (data: Data) throws -> Schema.Properties in
            try cache.value(for: data) { try JSONDecoder().decode(Schema.Properties.self, from: $0) }
        }
        decode = { body in Decoded(value: try JSONNetDecoder().decode(PropertiesEnvelope<Schema.Properties>.self, from: body).properties) }
        prepare = { input, previous, parentKey, context in
            let valid = try schema.validate(input.value as? Schema.Properties, previous: try previous.map(stored), context: context)
            let data = try JSONEncoder().encode(valid)
            cache.insert(valid, for: data)
            return Prepared(properties: data, uniqueKey: schema.uniqueKey(valid, parentKey: parentKey))
        }
        render = { record, apiVersion in schema.render(try stored(record.properties), record: record, apiVersion: apiVersion) }
        uniqueKeyConflict = { data, holder in
            guard let properties = try? stored(data) else { return .anotherOperationInProgress }
            return schema.uniqueKeyConflict(properties, holder: holder)
        }
    }
}

/// The `properties` member of a request body, decoded from the whole body so that error paths read `properties.…`.
private struct PropertiesEnvelope<Properties: Decodable>: Decodable {
    var properties: Properties?
}
