import Crypto
import Foundation
import GRDB

/// How the SQLite store lays out a resource (schema v4): the columns it looks rows up by, a small envelope document (``StoredEnvelope``),
/// and the properties inline, byte for byte as the service stored them (no base64, no copy of the columns in a
/// document). Reading a row decodes only the envelope.
///
/// - `rid`: the row id; `key`: the lower-cased id, unique.
/// - `parent`: the parent's `rid`, a foreign key (deleting a parent removes its descendants), and `name`, the key's
///   last segment: children are indexed by `(parent, type, name)`, which orders them as their keys do (they share
///   the parent's key and their type's segment) in a tenth of the space of `(parent_key, type, key)`.
/// - `listed_in`: the subscription, only for types listed across a subscription (resource groups, galleries), so
///   that its index holds only those.
/// - `unique_key`: a digest of the type's unique key (the full text is in the envelope), so that its index stays small.
enum SQLiteRow {
    /// The start of a query reading records (rows of `resources r`, with their parent's key), for ``record(_:)``.
    static let select = """
        SELECT r.key, p.key, r.type, r.version, r.envelope, r.properties, r.subscription_key
        FROM resources r LEFT JOIN resources p ON p.rid = r.parent
        """

    /// Writes a record (inserts it, or updates the row with its key), its ``StoredEnvelope`` encoded beforehand. Throws
    /// ``StoreError/parentMissing(key:)`` when its parent is not stored.
    static func put(_ db: Database, _ record: ResourceRecord, envelope: Data) throws {
        var parent: Int64?
        if let parentKey = record.parentKey {
            parent = try Int64.fetchOne(db.cachedStatement(sql: "SELECT rid FROM resources WHERE key = ?"), arguments: [parentKey])
            guard parent != nil else { throw StoreError.parentMissing(key: record.key) }
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO resources (key, parent, type, name, subscription_key, listed_in, unique_key, version, envelope, properties)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(key) DO UPDATE SET parent = excluded.parent, type = excluded.type, name = excluded.name,
                subscription_key = excluded.subscription_key, listed_in = excluded.listed_in, unique_key = excluded.unique_key,
                version = excluded.version, envelope = excluded.envelope, properties = excluded.properties
                """
        ).execute(arguments: [
            record.key, parent, record.type.rawValue, name(ofKey: record.key), record.subscriptionKey, listedIn(record),
            digest(record.uniqueKey), record.version, envelope, record.properties,
        ])
    }

    /// The `name` column: the key's last segment.
    static func name(ofKey key: String) -> String {
        key.lastIndex(of: "/").map { String(key[key.index(after: $0)...]) } ?? key
    }

    /// The record of a row read with ``select``.
    static func record(_ row: Row) throws -> ResourceRecord {
        try StoredEnvelope.decode(row[4] as Data).record(
            key: row[0],
            type: ResourceType(rawValue: row[2]),
            parentKey: row[1],
            subscriptionKey: row[6],
            version: row[3],
            properties: row[5]
        )
    }

    /// The subscription for `listed_in`, if the record's type is listed across subscriptions.
    static func listedIn(_ record: ResourceRecord) -> String? {
        isListedAcrossSubscriptions(record.type) ? record.subscriptionKey : nil
    }

    /// Whether the type's declaration lists it across a subscription (so `listed_in` holds it).
    static func isListedAcrossSubscriptions(_ type: ResourceType) -> Bool {
        ResourceCatalog.kind(type)?.lists.contains(.subscription) == true
    }

    /// The `unique_key` column: a SHA-256 digest (22 base64 characters) of the unique key.
    static func digest(_ uniqueKey: String?) -> String? {
        uniqueKey.map { String(Data(SHA256.hash(data: Data($0.utf8))).base64EncodedString().prefix(22)) }
    }
}
