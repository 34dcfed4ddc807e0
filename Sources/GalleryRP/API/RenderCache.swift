import NIOConcurrencyHelpers

/// Serialised resource bodies, keyed by what determines them: the resource's key, its stored version and the id of the
/// operation that wrote it (new on every write, so a deleted and re-created resource never matches), the state it shows
/// (which changes by the clock, not by a write), and the
/// api-version, `$expand` and whether it answers the write. GETs and list pages reuse the bytes instead of rendering the same resource again.
final class RenderCache: Sendable {
    struct Key: Hashable, Sendable {
        let key: String
        let version: Int
        let operationID: String?
        let state: ProvisioningState
        let apiVersion: String
        let expand: Set<String>
        let isWriteResponse: Bool
    }

    private let entries: NIOLockedValueBox<BoundedDictionary<Key, [UInt8]>>

    init(capacity: Int = 20_000) {
        entries = NIOLockedValueBox(BoundedDictionary(capacity: capacity))
    }

    func bytes(for record: ResourceRecord, options: RenderOptions, render: () throws -> JSONValue) rethrows -> [UInt8] {
        let key = Key(
            key: record.key,
            version: record.version,
            operationID: record.operationID,
            state: record.provisioningState,
            apiVersion: options.apiVersion,
            expand: options.expand,
            isWriteResponse: options.isWriteResponse
        )
        if let hit = entries.withLockedValue({ $0[key] }) { return hit }
        let bytes = try render().serialized()
        entries.withLockedValue { _ = $0.insert(bytes, forKey: key) }
        return bytes
    }
}
