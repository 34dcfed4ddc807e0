import Foundation

/// What a schema's checks may depend on besides the properties themselves.
public struct ValidationContext: Sendable {
    public var apiVersion: String
    public var now: Date
    /// The resource's region (normalised, `westus`).
    public var location: String = ""
    /// The stored parent, for types nested below another provider type (an image version's image definition).
    public var parent: ResourceRecord? = nil
    /// The resources held here that the properties refer to (``ResourceSchema/references(_:)``), by key; a key that
    /// is absent from the map was looked up and not found.
    public var referenced: [String: ResourceRecord] = [:]
}

/// What a response's `properties` may depend on besides the stored record.
public struct RenderOptions: Sendable {
    public var apiVersion: String
    /// `$expand` values asked for, lower-cased.
    public var expand: Set<String> = []
    public var now: Date = Date()
    /// The running operation of a resource that is not yet `Succeeded`, when the response shows its progress.
    public var operation: OperationRecord? = nil
    /// The answer to the PUT or PATCH that wrote the record: it echoes what the request set, including members a GET
    /// shows only on `$expand` (a version's `securityProfile`).
    public var isWriteResponse = false
}

/// The type-specific half of a resource declaration: how its `properties` are validated, stored and rendered.
public protocol ResourceSchema: Sendable {
    associatedtype Properties: Codable & Sendable
    /// The canonical properties to store for a request's `properties` (nil when the body has none), checked against the
    /// stored ones (nil on create). Throws the error Azure gives for the first problem found.
    func validate(_ input: Properties?, previous: Properties?, context: ValidationContext) throws -> Properties
    /// The response's `properties`, in Azure's member order.
    func render(_ properties: Properties, record: ResourceRecord, options: RenderOptions) -> JSONValue
    /// Keys of resources the properties refer to that must exist here (a version's source version); a write reads
    /// them in its transaction and hands them to ``validate(_:previous:context:)`` in ``ValidationContext/referenced``.
    func references(_ input: Properties?, context: ValidationContext) -> [String]
    /// How the write's long-running operation ends when a problem is found only while it runs (nil: it succeeds).
    func failure(_ properties: Properties, context: ValidationContext) -> OperationRecord.Failure?
    /// A key the store keeps unique across resources (publisher/offer/sku within a gallery), if the type has one.
    func uniqueKey(_ properties: Properties, parentKey: String?) -> String?
    /// The 409 for a clash on ``uniqueKey(_:parentKey:)`` with the resource that holds it.
    func uniqueKeyConflict(_ properties: Properties, holder: ResourceRecord?) -> ARMError
    /// For a type whose response `properties` depend only on the api-version and the provisioning state (shown last):
    /// how reads answer from its stored wire form. Nil (the default): the type stores its model encoded.
    var wireForm: WireForm? { get }
    /// With a ``wireForm``: the response's `properties` with every member any api-version shows and no state, which
    /// the service stores instead of the model.
    func wire(_ properties: Properties) -> JSONValue?
}

extension ResourceSchema {
    public func references(_ input: Properties?, context: ValidationContext) -> [String] { [] }
    public func failure(_ properties: Properties, context: ValidationContext) -> OperationRecord.Failure? { nil }
    public func uniqueKey(_ properties: Properties, parentKey: String?) -> String? { nil }
    public func uniqueKeyConflict(_ properties: Properties, holder: ResourceRecord?) -> ARMError { .anotherOperationInProgress }
    public var wireForm: WireForm? { nil }
    public func wire(_ properties: Properties) -> JSONValue? { nil }
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
        /// Whether `properties` are in wire form (``ResourceRecord/wireForm``).
        var wireForm: Bool?
        var uniqueKey: String?
        /// The planned failure of the write's operation.
        var failure: OperationRecord.Failure?
    }

    /// Decodes `body.properties` with the decoder given (conversions and refusals as Json.NET's).
    let decode: @Sendable (_ body: JSONNode, _ decoder: JSONNetDecoder) throws -> Decoded
    /// Keys of the resources the decoded properties refer to.
    let references: @Sendable (_ input: Decoded, _ context: ValidationContext) -> [String]
    /// Validates decoded properties against the stored ones (nil on create) and encodes what to store.
    let prepare: @Sendable (_ input: Decoded, _ previous: Data?, _ parentKey: String?, _ context: ValidationContext) throws -> Prepared
    /// The response's `properties` for a stored record: its stored bytes if they are in a wire form the api-version shows
    /// whole, else rendered from its decoded model.
    let render: @Sendable (_ record: ResourceRecord, _ options: RenderOptions) throws -> JSONValue
    /// How the type's stored wire form answers reads, if it has one.
    let wireForm: WireForm?
    /// The 409 for a unique-key clash of these stored properties.
    let uniqueKeyConflict: @Sendable (_ properties: Data, _ holder: ResourceRecord?) -> ARMError
    /// Stored properties read back from an exported state: decoded into the stored model and stored again, with their
    /// unique key. Not validated again: a stored resource may no longer pass today's checks (an end-of-life date now past).
    let restore: @Sendable (_ stored: Data, _ parentKey: String?) throws -> Prepared

    init<Schema: ResourceSchema>(_ schema: Schema) {
        let cache = DecodeCache<Schema.Properties>()
        let stored = { @Sendable (data: Data) throws -> Schema.Properties in
            try cache.value(for: data) { try JSONDecoder().decode(Schema.Properties.self, from: $0) }
        }
        decode = { body, decoder in Decoded(value: try decoder.decode(PropertiesEnvelope<Schema.Properties>.self, from: body).properties) }
        references = { input, context in schema.references(input.value as? Schema.Properties, context: context) }
        prepare = { input, previous, parentKey, context in
            let valid = try schema.validate(input.value as? Schema.Properties, previous: try previous.map(stored), context: context)
            let (data, wireForm) = try Self.stored(valid, of: schema)
            cache.insert(valid, for: data)
            return Prepared(
                properties: data,
                wireForm: wireForm,
                uniqueKey: schema.uniqueKey(valid, parentKey: parentKey),
                failure: schema.failure(valid, context: context)
            )
        }
        let wireForm = schema.wireForm
        self.wireForm = wireForm
        render = { record, options in
            if record.wireForm == true, let wireForm, wireForm.answers(record.properties, apiVersion: options.apiVersion) {
                return .serialized(WireForm.properties(record.properties, state: record.provisioningState))
            }
            return schema.render(try stored(record.properties), record: record, options: options)
        }
        restore = { data, parentKey in
            let properties = try JSONDecoder().decode(Schema.Properties.self, from: data)
            let (data, wireForm) = try Self.stored(properties, of: schema)
            return Prepared(properties: data, wireForm: wireForm, uniqueKey: schema.uniqueKey(properties, parentKey: parentKey))
        }
        uniqueKeyConflict = { data, holder in
            guard let properties = try? stored(data) else { return .anotherOperationInProgress }
            return schema.uniqueKeyConflict(properties, holder: holder)
        }
    }

    /// The stored form of valid properties, and whether it is the wire form: the wire form if the type has one (one
    /// serialisation, no encoder), else the model encoded.
    static func stored<Schema: ResourceSchema>(_ valid: Schema.Properties, of schema: Schema) throws -> (properties: Data, wireForm: Bool?) {
        if schema.wireForm != nil, let wire = schema.wire(valid) { return (Data(wire.serialized()), true) }
        return (try JSONEncoder().encode(valid), nil)
    }
}

/// The `properties` member of a request body, decoded from the whole body so that error paths read `properties.…`.
/// The envelope's other members are ARM's (``RequestBody/Envelope``), so they are accepted here.
private struct PropertiesEnvelope<Properties: Decodable>: Decodable {
    var properties: Properties?
    var location, tags, id, name, type, plan, sku, etag, managedBy, identity, systemData, extendedLocation, zones: ReadOnlyMember?
}
