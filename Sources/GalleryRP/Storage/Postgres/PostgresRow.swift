import Foundation
import PostgresNIO

/// How the PostgreSQL store lays out a resource (schema v2): the columns it looks rows up by, a ``StoredEnvelope``, and
/// the properties as text, byte for byte as the service stored them. Reading a row decodes only the envelope.
enum PostgresRow {
    /// The columns a read selects, in the order of ``Columns``.
    static let columns = "key, parent_key, type, subscription_key, version, envelope, properties"
    typealias Columns = (String, String?, String, String, Int, String, String)
    /// The columns a write sets besides the key, in the order of ``Encoded/appendValues(to:)``.
    static let valueColumns = "parent_key, type, subscription_key, unique_key, version, envelope, properties"

    /// The record of a row read with ``columns``; envelopes decoded before come from `envelopes`.
    static func record(_ row: Columns, envelopes: DecodeCache<StoredEnvelope>) throws -> ResourceRecord {
        let (key, parentKey, type, subscriptionKey, version, envelope, properties) = row
        return try envelopes.value(for: Data(envelope.utf8), decode: StoredEnvelope.decode).record(
            key: key,
            type: ResourceType(rawValue: type),
            parentKey: parentKey,
            subscriptionKey: subscriptionKey,
            version: version,
            properties: Data(properties.utf8)
        )
    }

    /// A record's row, encoded for a write.
    struct Encoded: Sendable {
        let record: ResourceRecord
        let envelope: String
        let properties: String

        init(_ record: ResourceRecord) throws {
            self.record = record
            envelope = String(decoding: try StoredEnvelope.encode(record), as: UTF8.self)
            properties = String(decoding: record.properties, as: UTF8.self)
        }

        /// Appends the values of ``PostgresRow/valueColumns`` as bound parameters, separated by commas.
        func appendValues(to sql: inout PostgresQuery.StringInterpolation) {
            sql.appendInterpolation(record.parentKey)
            sql.appendLiteral(", ")
            sql.appendInterpolation(record.type.rawValue)
            sql.appendLiteral(", ")
            sql.appendInterpolation(record.subscriptionKey)
            sql.appendLiteral(", ")
            sql.appendInterpolation(record.uniqueKey)
            sql.appendLiteral(", ")
            sql.appendInterpolation(record.version)
            sql.appendLiteral(", ")
            sql.appendInterpolation(envelope)
            sql.appendLiteral(", ")
            sql.appendInterpolation(properties)
        }
    }
}
