import Foundation

/// The resource operations behind the controllers, free of HTTP. Every write is one ``ResourceStore/write(attempts:_:)``:
/// a decision over the state it reads (the resource and all its ancestors, and for a delete its children), committed
/// with those reads as expectations, and decided again if another writer changed them first.
struct ResourceService: Sendable {
    let store: any ResourceStore
    let configuration: ServiceConfiguration

    /// What a PUT or PATCH stored.
    struct Written: Sendable {
        var record: ResourceRecord
        /// The long-running operation that finishes it (nil for synchronous types).
        var operation: OperationRecord?
        var created: Bool
    }

    /// What a DELETE did.
    enum Deletion: Sendable {
        /// Nothing to delete.
        case absent
        /// The delete operation (just started, or already running).
        case started(OperationRecord)
    }

    // MARK: Reads

    /// The resource, after checking its ancestors exist (404 for the first missing one).
    func get(_ address: ResourceAddress) async throws -> ResourceRecord {
        let found = try await store.resources(keys: address.lineageKeys)
        for ancestor in address.ancestors where found.record(ancestor) == nil { throw ancestor.containerNotFound }
        guard let record = found.record(address) else { throw address.notFound }
        return record.at(configuration.clock.now())
    }

    /// Whether the resource exists (HEAD).
    func exists(_ address: ResourceAddress) async throws -> Bool {
        try await store.resources(keys: [address.key]).record(address) != nil
    }

    /// Checks that a list's container and its ancestors exist.
    func checkContainer(_ address: ResourceAddress) async throws {
        let found = try await store.resources(keys: address.lineageKeys)
        for container in address.ancestors + [address] where found.record(container) == nil { throw container.containerNotFound }
    }

    // MARK: Writes

    /// PUT: creates or replaces the resource. `body` is the decoded request, or the error decoding it gave (answered
    /// only after the containers and the name are checked).
    func put(
        _ address: ResourceAddress,
        body: Result<RequestBody, any Error>,
        apiVersion: String,
        plan: FaultRule.Outcome? = nil
    ) async throws
        -> Written
    {
        let kind = address.kind
        return try await write(kind) { transaction in
            let (existing, parent) = try await current(address, transaction)
            try kind.nameRule(address.name)
            let body = try body.get()
            guard let rawLocation = body.envelope.location else { throw ARMError.locationRequired }
            guard let location = AzureLocation.normalize(rawLocation) else { throw kind.locationNotAvailable(rawLocation) }
            let tags = try TagRules.validate(body.envelope.tags)
            if let existing {
                if existing.provisioningState == .deleting { throw address.beingDeleted }
                if existing.location != location.name { throw address.locationChange(existing: existing.location, requested: location.name) }
            }
            return try await record(
                address,
                existing: existing,
                parent: parent,
                location: location.name,
                tags: tags,
                properties: body.properties,
                apiVersion: apiVersion,
                casing: .request,
                plan: plan,
                transaction: transaction
            )
        }
    }

    /// PATCH: merges `properties` into the stored ones (JSON merge patch), replaces `tags` when present, and validates the
    /// result as a PUT. The merge happens on the state read in this attempt, so concurrent patches never lose a change.
    func patch(
        _ address: ResourceAddress,
        body: Result<PatchBody, any Error>,
        apiVersion: String,
        plan: FaultRule.Outcome? = nil
    ) async throws
        -> Written
    {
        let kind = address.kind
        return try await write(kind) { transaction in
            let (found, parent) = try await current(address, transaction)
            guard let existing = found else { throw address.notFound }
            let patch = try body.get()
            if existing.provisioningState == .deleting { throw address.beingDeleted }
            let stored = JSONNode(try JSONParser.parse(existing.properties).value)
            let merged = patch.properties.map { stored.merging(patch: $0) } ?? stored
            // The patch is read as the api-version's model (its unknown members refused); the stored members it merges into are
            // the service's own, whatever the api-version.
            if let node = patch.properties { _ = try kind.decodeProperties(.object([("properties", node)]), apiVersion: apiVersion) }
            let properties = try kind.schema.decode(.object([("properties", merged)]), JSONNetDecoder())
            let tags = try patch.tags.map { try TagRules.validate($0) } ?? existing.tags
            return try await record(
                address,
                existing: existing,
                parent: parent,
                location: existing.location,
                tags: tags,
                properties: properties,
                apiVersion: apiVersion,
                plan: plan,
                transaction: transaction
            )
        }
    }

    /// DELETE: marks the resource `Deleting` and starts its delete operation, unless nested resources forbid it.
    /// A missing resource (or a missing parent) is `absent`; a missing resource group is 404.
    func delete(_ address: ResourceAddress, plan: FaultRule.Outcome? = nil) async throws -> Deletion {
        try await store.write { transaction in
            let found = try await transaction.resources(address.lineageKeys)
            for ancestor in address.ancestors where found.record(ancestor) == nil {
                if ancestor.kind.isResourceGroup { throw ancestor.notFound }
                return .none(.absent)
            }
            guard let record = found.record(address) else {
                if address.kind.isResourceGroup { throw address.notFound }
                return .none(.absent)
            }
            if record.provisioningState == .deleting, let id = record.operationID, let running = try await store.operation(id: id),
                running.isRunning(at: configuration.clock.now())
            {
                return .none(.started(running))
            }
            if address.kind.onDelete == .refuseWhileNested {
                let nested = try await transaction.children(of: record.key, limit: 5)
                if !nested.isEmpty {
                    throw ARMError.cannotDeleteResource(
                        nested: nested.map { child in
                            "\(address.qualifiedName)/\(ResourceCatalog.kind(child.type)?.segment ?? child.type.rawValue)/\(child.name)"
                        }
                    )
                }
            }
            let now = configuration.clock.now()
            var operation = newOperation(.delete, for: record, kind: address.kind, now: now, plan: plan)
            if plan == nil, operation.dueTime <= now {
                // Due at once (no operation duration, no fault rule): the delete is done in this one commit instead of
                // marking the resource `Deleting` for the worker to remove.
                operation.status = .succeeded
                operation.endTime = now
                return .commit(WriteBatch(resources: [.deleteTree(key: record.key)], operations: [operation]), .started(operation))
            }
            var deleting = record
            deleting.settling = nil
            deleting.provisioningState = .deleting
            deleting.operationID = operation.id
            deleting.version += 1
            return .commit(WriteBatch(resources: [.put(deleting)], operations: [operation]), .started(operation))
        }
    }

    // MARK: Helpers

    /// The stored resource (nil if absent) and its parent, after checking every ancestor exists and is not being deleted.
    private func current(
        _ address: ResourceAddress,
        _ transaction: StoreTransaction
    ) async throws -> (existing: ResourceRecord?, parent: ResourceRecord?) {
        let found = try await transaction.resources(address.lineageKeys)
        var parent: ResourceRecord?
        for ancestor in address.ancestors {
            guard let container = found.record(ancestor) else { throw ancestor.containerNotFound }
            if container.provisioningState == .deleting { throw ancestor.beingDeleted }
            parent = container
        }
        return (found.record(address), parent)
    }

    /// Runs a PUT or PATCH decision; a clash on the type's unique key becomes the type's own 409.
    private func write(_ kind: ResourceKind, _ decide: (StoreTransaction) async throws -> WriteDecision<Written>) async throws -> Written {
        var attempted: ResourceRecord?
        do {
            return try await store.write { transaction in
                let decision = try await decide(transaction)
                if case .commit(_, let written) = decision { attempted = written.record }
                return decision
            }
        } catch StoreError.uniqueKeyConflict {
            guard let attempted else { throw ARMError.anotherOperationInProgress }
            var holder: ResourceRecord?
            if let uniqueKey = attempted.uniqueKey { holder = try await store.resource(uniqueKey: uniqueKey) }
            throw kind.schema.uniqueKeyConflict(attempted.properties, holder)
        }
    }

    /// Whose casing of the id and name a write stores: ARM keeps the casing of the most recent PUT; a PATCH keeps it.
    private enum Casing { case request, stored }

    /// The record (and, for long-running types, the operation) a PUT or PATCH stores. Resources the properties refer
    /// to are read in the same transaction, so the commit expects them unchanged too.
    private func record(
        _ address: ResourceAddress,
        existing: ResourceRecord?,
        parent: ResourceRecord?,
        location: String,
        tags: [Tag]?,
        properties: AnyResourceSchema.Decoded,
        apiVersion: String,
        casing: Casing = .stored,
        plan: FaultRule.Outcome?,
        transaction: StoreTransaction
    ) async throws -> WriteDecision<Written> {
        let kind = address.kind
        let now = configuration.clock.now()
        var context = ValidationContext(apiVersion: apiVersion, now: now, location: location, parent: parent)
        let references = kind.schema.references(properties, context)
        if !references.isEmpty { context.referenced = try await transaction.resources(references) }
        let prepared = try kind.schema.prepare(properties, existing?.properties, address.parent?.key, context)
        var record = ResourceRecord(
            key: address.key,
            id: casing == .stored ? existing?.id ?? address.id : address.id,
            name: casing == .stored ? existing?.name ?? address.name : address.name,
            type: kind.type,
            parentKey: address.parent?.key,
            subscriptionKey: address.subscriptionKey,
            location: location,
            tags: tags,
            properties: prepared.properties,
            provisioningState: .succeeded,
            operationID: nil,
            uniqueKey: prepared.uniqueKey,
            version: existing.map { $0.version + 1 } ?? ResourceRecord.firstVersion(at: Date()),
            wireForm: prepared.wireForm
        )
        var operation: OperationRecord?
        if kind.provider.operations == .compute {
            var started = newOperation(existing == nil ? .create : .update, for: record, kind: kind, now: now, plan: plan)
            started.failure = started.failure ?? prepared.failure
            let transitional: ProvisioningState = existing == nil ? .creating : .updating
            record.operationID = started.id
            if started.holdPolls == nil {
                // Decided now, in this one commit: the outcome, shown from the due time on (no second write).
                started.status = started.finalStatus
                started.endTime = started.dueTime
                record.provisioningState = ProvisioningState(started.status)
                record.settling = .init(state: transitional, until: started.dueTime)
            } else {
                // Held by a fault rule until polled: finished by a write once released.
                record.provisioningState = transitional
            }
            operation = started
        }
        return .commit(
            WriteBatch(resources: [.put(record)], operations: operation.map { [$0] } ?? []),
            Written(record: record, operation: operation, created: existing == nil)
        )
    }

    /// A long-running operation on `resource`, due after the duration configured for its type, ending as a fault rule
    /// planned when there is a plan.
    func newOperation(
        _ operationKind: OperationRecord.Kind,
        for resource: ResourceRecord,
        kind: ResourceKind,
        now: Date,
        plan: FaultRule.Outcome? = nil
    ) -> OperationRecord {
        var operation = OperationRecord(
            id: UUID().uuidString.lowercased(),
            subscriptionKey: resource.subscriptionKey,
            kind: operationKind,
            resourceKey: resource.key,
            resourceType: resource.type,
            location: resource.location,
            status: .inProgress,
            startTime: now,
            endTime: nil,
            dueTime: now.addingTimeInterval(configuration.operationDuration(for: kind))
        )
        switch plan {
        case .failed(let code, let message)?: operation.failure = .init(code: code, message: message)
        case .canceled?: operation.failure = .cancellation
        case .inProgress(let polls)?:
            operation.holdPolls = polls
            operation.dueTime = now.addingTimeInterval(365 * 24 * 3600)  // due only once the held polls are answered
        case nil: break
        }
        return operation
    }
}

extension Dictionary where Key == String, Value == ResourceRecord {
    /// The record stored at the address's key, only if it has the address's type: an encoded `/` in a name can make
    /// two addresses share a key, but never lets one reach the other's resource.
    func record(_ address: ResourceAddress) -> ResourceRecord? {
        guard let record = self[address.key], record.type == address.kind.type else { return nil }
        return record
    }
}
