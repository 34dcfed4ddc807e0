import Foundation
import HTTPTypes
import Hummingbird

/// The control plane for test suites, under `/_galleryrp/`: reset, state export and import, fault rules and the
/// request journal. Everything answers JSON; errors use ARM's error body.
struct AdminController {
    let service: ServiceContext
    let control: ControlPlane

    func register(on group: RouterGroup<ARMRequestContext>) {
        group.post("reset", use: reset)
        group.get("state", use: exportState)
        group.put("state", use: importState)
        group.get("faults", use: faults)
        group.post("faults", use: addFault)
        group.delete("faults", use: removeFaults)
        group.delete("faults/:id", use: removeFault)
        group.get("requests", use: requests)
        group.delete("requests", use: clearRequests)
    }

    // MARK: Reset and state

    /// `POST /_galleryrp/reset[?subscription=<id>]`: removes every resource and operation (of one subscription).
    @Sendable func reset(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let subscription = try request.query("subscription").map { id in
            try NameRules.checkSubscriptionID(id)
            return ResourceAddress.subscriptionKey(id)
        }
        let removed = try await service.store.replace(subscriptionKey: subscription, with: StoreSnapshot())
        return .json(.object([("removed", removed.json), ("subscription", request.query("subscription").map(JSONValue.string))]))
    }

    /// `GET /_galleryrp/state`: every resource and operation as one versioned document (``StateDocument``).
    @Sendable func exportState(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let snapshot = try await service.store.snapshot(subscriptionKey: nil)
        return .json(try StateDocument(snapshot: snapshot).json(exportedAt: service.configuration.clock.now()))
    }

    /// `PUT /_galleryrp/state`: replaces everything with the document's resources and operations, or changes nothing.
    @Sendable func importState(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let body = try await request.jsonBody()
        let document = try StateDocument.read(Data(body.readableBytesView), firstVersion: ResourceRecord.firstVersion(at: Date()))
        let removed = try await StateDocument.load(document, into: service.store)
        return .json(.object([("removed", removed.json), ("imported", document.snapshot.counts.json)]))
    }

    // MARK: Faults

    @Sendable func faults(_ request: Request, context: ARMRequestContext) async throws -> Response {
        .json(.object([("value", .array(control.faults.all.map(\.json)))]))
    }

    @Sendable func addFault(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let body = try await request.jsonBody()
        let json: JSONValue
        do {
            json = try JSONValue.parse(Data(body.readableBytesView))
        } catch {
            throw ARMError.invalidFaultRule("the body is not valid JSON: \(error)", path: "rule")
        }
        return .json(try control.faults.add(json).json, status: .created)
    }

    @Sendable func removeFaults(_ request: Request, context: ARMRequestContext) async throws -> Response {
        .json(.object([("removed", .number(Double(control.faults.removeAll())))]))
    }

    @Sendable func removeFault(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        guard control.faults.remove(id: id) else { throw ARMError.faultRuleNotFound(id) }
        return .empty(.noContent)
    }

    // MARK: Journal

    /// `GET /_galleryrp/requests[?after=<sequence>][&limit=<n>]`: journaled requests, oldest first.
    @Sendable func requests(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let after = try Self.integer(request, "after", in: 0...Int.max)
        let limit = try Self.integer(request, "limit", in: 1...100_000)
        let entries = control.journal.entries(after: after, limit: limit)
        return .json(
            .object([
                ("value", .array(entries.map(\.json))),
                ("capacity", .number(Double(control.journal.capacity))),
                ("bodies", .bool(control.journal.keepsBodies)),
            ])
        )
    }

    @Sendable func clearRequests(_ request: Request, context: ARMRequestContext) async throws -> Response {
        .json(.object([("removed", .number(Double(control.journal.clear())))]))
    }

    /// A whole-number query parameter within `range`, or nil when absent.
    static func integer(_ request: Request, _ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = request.query(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw ARMError.invalidControlParameter(name, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}

extension StoreCounts {
    var json: JSONValue { .object([("resources", .number(Double(resources))), ("operations", .number(Double(operations)))]) }
}

extension StateDocument {
    /// Stores the document's resources and operations in place of everything stored; returns what was removed. A
    /// document that breaks a store rule (two holders of one unique key) changes nothing.
    public static func load(_ document: StateDocument, into store: any ResourceStore) async throws -> StoreCounts {
        do {
            return try await store.replace(subscriptionKey: nil, with: document.snapshot)
        } catch StoreError.uniqueKeyConflict(let key) {
            throw ARMError.invalidStateDocument("two resources hold the same unique key (an image definition's publisher, offer and sku) '\(key)'.")
        } catch StoreError.parentMissing(let key) {
            throw ARMError.invalidStateDocument("the parent of '\(key)' is not in the document.")
        }
    }
}
