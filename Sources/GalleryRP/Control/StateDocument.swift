import Foundation

/// The control plane's export format: every resource and operation, as one versioned JSON document.
///
/// ```json
/// {"format": "galleryrp-state", "formatVersion": 1, "exportedAt": "…",
///  "resources": [{"id", "type", "location", "tags": [{"name", "value"}], "properties", "provisioningState", "operationId",
///                 "settling": {"state", "until"}}],
///  "operations": [{"id", "subscriptionKey", "kind", "resourceKey", …, "startTime": <seconds since 1970>, …}]}
/// ```
///
/// Reading one back checks it as the API checks requests: ids of declared types, parents before their children,
/// properties the type's stored model reads, known regions. A document read back stores exactly what was exported, so
/// every GET answers the same bytes.
public struct StateDocument: Sendable {
    public static let format = "galleryrp-state"
    public static let formatVersion = 1

    public var snapshot: StoreSnapshot

    public init(snapshot: StoreSnapshot) {
        self.snapshot = snapshot
    }

    // MARK: Writing

    /// The document as JSON, resources and operations in the snapshot's order.
    public func json(exportedAt: Date) throws -> JSONValue {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = .sortedKeys
        return .object([
            ("format", .string(Self.format)),
            ("formatVersion", .number(Double(Self.formatVersion))),
            ("exportedAt", .string(Timestamp.dotNet(exportedAt))),
            ("resources", .array(try snapshot.resources.map(Self.json))),
            ("operations", .array(try snapshot.operations.map { try JSONValue.parse(encoder.encode($0)) })),
        ])
    }

    private static func json(_ record: ResourceRecord) throws -> JSONValue {
        .object([
            ("id", .string(record.id)),
            ("type", .string(record.type.rawValue)),
            ("location", .string(record.location)),
            ("tags", record.tags.map { tags in .array(tags.map { .object([("name", .string($0.name)), ("value", .string($0.value))]) }) }),
            ("properties", try JSONValue.parse(record.properties).sortingMembers()),
            ("provisioningState", .string(record.provisioningState.rawValue)),
            ("operationId", record.operationID.map(JSONValue.string)),
            (
                "settling",
                record.settling.map { .object([("state", .string($0.state.rawValue)), ("until", .number($0.until.timeIntervalSince1970))]) }
            ),
        ])
    }

    // MARK: Reading

    /// Reads a document; throws 400 `InvalidStateDocument` naming the first problem. Records get versions from
    /// `firstVersion` on, above any a node may have cached for the same keys.
    public static func read(_ data: Data, firstVersion: Int) throws -> StateDocument {
        let document: JSONValue
        do {
            document = try JSONValue.parse(data)
        } catch {
            throw ARMError.invalidStateDocument("The document is not valid JSON: \(error)")
        }
        guard document["format"] == .string(format) else { throw ARMError.invalidStateDocument("must be '\(format)'.", path: "format") }
        guard document["formatVersion"] == .number(Double(formatVersion)) else {
            throw ARMError.invalidStateDocument("must be \(formatVersion); this service reads version \(formatVersion).", path: "formatVersion")
        }
        guard case .array(let resources)? = document["resources"] else { throw ARMError.invalidStateDocument("must be an array.", path: "resources") }
        guard case .array(let operations)? = document["operations"] else {
            throw ARMError.invalidStateDocument("must be an array.", path: "operations")
        }
        var records: [ResourceRecord] = []
        var keys: Set<String> = []
        for (index, item) in resources.enumerated() {
            let record = try resource(item, path: "resources[\(index)]", version: firstVersion + index)
            if let parent = record.parentKey, !keys.contains(parent) {
                throw ARMError.invalidStateDocument("its parent must come before it in the document.", path: "resources[\(index)].id")
            }
            guard keys.insert(record.key).inserted else {
                throw ARMError.invalidStateDocument("the resource is in the document twice.", path: "resources[\(index)].id")
            }
            records.append(record)
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        var ids: Set<String> = []
        let restored = try operations.enumerated().map { index, item in
            let path = "operations[\(index)]"
            let operation: OperationRecord
            do {
                operation = try decoder.decode(OperationRecord.self, from: Data(item.serialized()))
            } catch {
                throw ARMError.invalidStateDocument("not an operation: \(error)", path: path)
            }
            guard ids.insert(operation.id).inserted else {
                throw ARMError.invalidStateDocument("the operation is in the document twice.", path: path)
            }
            return operation
        }
        return StateDocument(snapshot: StoreSnapshot(resources: records.sorted { $0.key < $1.key }, operations: restored))
    }

    private static func resource(_ item: JSONValue, path: String, version: Int) throws -> ResourceRecord {
        func string(_ member: String) throws -> String {
            guard case .string(let value)? = item[member] else { throw ARMError.invalidStateDocument("must be a string.", path: "\(path).\(member)") }
            return value
        }
        let id = try string("id")
        guard case .resource(let address)? = try? ARMTarget.parse(path: id), address.id.caseInsensitiveEquals(id) else {
            throw ARMError.invalidStateDocument("'\(id)' is not the id of a resource type this service serves.", path: "\(path).id")
        }
        guard try string("type").caseInsensitiveEquals(address.kind.type.rawValue) else {
            throw ARMError.invalidStateDocument("must be '\(address.kind.type.rawValue)', the type its id names.", path: "\(path).type")
        }
        guard let location = AzureLocation.normalize(try string("location")) else {
            throw ARMError.invalidStateDocument("not a region this service knows.", path: "\(path).location")
        }
        guard let state = ProvisioningState(rawValue: try string("provisioningState")) else {
            throw ARMError.invalidStateDocument("not a provisioning state.", path: "\(path).provisioningState")
        }
        guard let properties = item["properties"] else { throw ARMError.invalidStateDocument("is missing.", path: "\(path).properties") }
        let restored: AnyResourceSchema.Prepared
        do {
            restored = try address.kind.schema.restore(Data(properties.serialized()), address.parent?.key)
        } catch {
            throw ARMError.invalidStateDocument("not the properties of a \(address.kind.type.rawValue): \(error)", path: "\(path).properties")
        }
        return ResourceRecord(
            key: address.key,
            id: address.id,
            name: address.name,
            type: address.kind.type,
            parentKey: address.parent?.key,
            subscriptionKey: address.subscriptionKey,
            location: location.name,
            tags: try tags(item["tags"], path: "\(path).tags"),
            properties: restored.properties,
            provisioningState: state,
            operationID: try item["operationId"].flatMap { value in
                if value == .null { return nil }
                guard case .string(let id) = value else { throw ARMError.invalidStateDocument("must be a string.", path: "\(path).operationId") }
                return id
            },
            uniqueKey: restored.uniqueKey,
            version: version,
            settling: try settling(item["settling"], path: "\(path).settling"),
            wireForm: restored.wireForm
        )
    }

    /// `{"state": "Creating", "until": <seconds since 1970>}`: the state shown until the write's operation is due.
    private static func settling(_ value: JSONValue?, path: String) throws -> ResourceRecord.Settling? {
        guard let value, value != .null else { return nil }
        guard case .string(let name)? = value["state"], let state = ProvisioningState(rawValue: name), case .number(let until)? = value["until"]
        else {
            throw ARMError.invalidStateDocument("must be {\"state\": a provisioning state, \"until\": seconds since 1970}.", path: path)
        }
        return .init(state: state, until: Date(timeIntervalSince1970: until))
    }

    private static func tags(_ value: JSONValue?, path: String) throws -> [Tag]? {
        guard let value, value != .null else { return nil }
        guard case .array(let items) = value else { throw ARMError.invalidStateDocument("must be an array of {name, value}.", path: path) }
        return try items.enumerated().map { index, item in
            guard case .string(let name)? = item["name"], case .string(let value)? = item["value"] else {
                throw ARMError.invalidStateDocument("must be {\"name\": …, \"value\": …}.", path: "\(path)[\(index)]")
            }
            return Tag(name: name, value: value)
        }
    }
}
