/// The answers that differ between ARM's resource groups and the provider's resources, derived from the declarations.
extension ResourceAddress {
    /// 404 for this resource.
    var notFound: ARMError {
        kind.isResourceGroup ? .resourceGroupNotFound(name) : .resourceNotFound(qualifiedName: qualifiedName, resourceGroup: resourceGroup)
    }

    /// 404 for this resource as the missing container of another.
    var containerNotFound: ARMError { kind.isResourceGroup ? .resourceGroupNotFound(name) : .parentResourceNotFound(name) }

    /// 409 for writing this resource, or anything inside it, while it is being deleted.
    var beingDeleted: ARMError { kind.isResourceGroup ? .resourceGroupBeingDeleted(name) : .beingDeleted(name) }

    /// 409 for a PUT that would move this resource to another region.
    func locationChange(existing: String, requested: String) -> ARMError {
        kind.isResourceGroup
            ? .resourceGroupLocationChange(name: name, existing: existing, requested: requested)
            : .resourceLocationChange(path: relativeName, existing: existing, requested: requested, resourceGroup: resourceGroup)
    }
}

extension ResourceKind {
    /// 400 for a region the service does not know.
    func locationNotAvailable(_ location: String) -> ARMError {
        isResourceGroup ? .locationNotAvailableForResourceGroup(location) : .locationNotAvailable(location, type: type.rawValue)
    }
}

extension ARMError {
    /// The ARM answer for a storage failure that reached a request: 503 with `Retry-After` while the database is
    /// unavailable; 409 when writers kept racing for the same resource.
    init(_ error: StoreError) {
        switch error {
        case .unavailable: self = .storageUnavailable
        case .conflict, .parentMissing, .uniqueKeyConflict: self = .anotherOperationInProgress
        }
    }
}
