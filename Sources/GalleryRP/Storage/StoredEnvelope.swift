import Foundation

/// What the SQL stores keep of a record besides its lookup columns and its properties: a small JSON document. The
/// properties are stored beside it, byte for byte, so reading a row decodes only this.
struct StoredEnvelope: Codable, Sendable {
    var id: String
    var name: String
    var location: String
    var tags: [Tag]?
    var state: ProvisioningState
    var operation: String?
    var settling: ResourceRecord.Settling?
    var uniqueKey: String?
    /// ``ResourceRecord/wireForm``.
    var wire: Bool?

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return encoder
    }()
    private static let decoder = JSONDecoder()

    /// The encoded envelope of a record.
    static func encode(_ record: ResourceRecord) throws -> Data {
        try encoder.encode(
            StoredEnvelope(
                id: record.id,
                name: record.name,
                location: record.location,
                tags: record.tags,
                state: record.provisioningState,
                operation: record.operationID,
                settling: record.settling,
                uniqueKey: record.uniqueKey,
                wire: record.wireForm
            )
        )
    }

    static func decode(_ data: Data) throws -> StoredEnvelope {
        try decoder.decode(StoredEnvelope.self, from: data)
    }

    /// The record of a row: its columns, this envelope and its properties.
    func record(key: String, type: ResourceType, parentKey: String?, subscriptionKey: String, version: Int, properties: Data) -> ResourceRecord {
        ResourceRecord(
            key: key,
            id: id,
            name: name,
            type: type,
            parentKey: parentKey,
            subscriptionKey: subscriptionKey,
            location: location,
            tags: tags,
            properties: properties,
            provisioningState: state,
            operationID: operation,
            uniqueKey: uniqueKey,
            version: version,
            settling: settling,
            wireForm: wire
        )
    }
}
