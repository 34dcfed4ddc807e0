import Foundation

/// The source rules: exactly one kind of source (a managed image, another gallery image version, a virtual machine,
/// or disk snapshots and VHDs), ids of the right types, a source version that exists here and matches the image
/// definition, and the disk images Azure fills in from the source.
extension GalleryImageVersionValidator {
    /// The resources a version's source names that this service holds: a source gallery image version and its image
    /// definition, read in the write's transaction.
    static func references(_ input: Properties?) -> [String] {
        guard let id = input?.storageProfile?.source?.id, let source = ResourceReference(id)?.galleryImageVersion, let parent = source.parent
        else { return [] }
        return [source.key, parent.key]
    }

    /// The storage profile to store: the given sources checked, or on an update without sources the stored ones.
    func storage(_ input: Properties.StorageProfile?, previous: Properties.StorageProfile?) throws -> Properties.StorageProfile {
        let storage = "\(Self.prefix).storageProfile"
        var profile = input ?? .init()
        // A GET shows `source: {}` on disks of versions made from a top-level source; sent back, it means no source.
        if profile.osDiskImage?.source?.isEmpty == true { profile.osDiskImage?.source = nil }
        profile.dataDiskImages = profile.dataDiskImages?.map { disk in
            var disk = disk
            if disk.source?.isEmpty == true { disk.source = nil }
            return disk
        }
        let top = profile.source
        let topKinds = [top?.id, top?.virtualMachineId, top?.communityGalleryImageId, top?.uri].compactMap { $0 }.filter { !$0.isEmpty }
        let diskSources = ([profile.osDiskImage?.source] + (profile.dataDiskImages ?? []).map(\.source)).compactMap { $0 }.filter { !$0.isEmpty }
        if let previous, topKinds.isEmpty, diskSources.isEmpty {
            // An update without sources (the Azure CLI's GET-then-PUT removes them) keeps the stored ones.
            if let given = profile.dataDiskImages, given.map(\.lun) != (previous.dataDiskImages ?? []).map(\.lun) { throw ARMError.dataDisksChanged }
            return previous
        }
        if top?.uri != nil || topKinds.count > 1 || (!topKinds.isEmpty && !diskSources.isEmpty) { throw ARMError.imageVersionSource }
        if topKinds.isEmpty && profile.osDiskImage?.source?.isEmpty != false { throw ARMError.imageVersionSource }
        if let caching = profile.osDiskImage?.hostCaching {
            profile.osDiskImage?.hostCaching = try EnumRules.canonical(
                caching,
                allowed: EnumRules.hostCachings,
                target: "\(storage).osDiskImage.hostCaching"
            )
        }
        if let id = top?.id {
            try checkSourceID(id)
        } else if let vm = top?.virtualMachineId {
            guard let reference = ResourceReference(vm) else {
                throw ARMError.malformedSourceID(vm, path: "properties.storageProfile.source.virtualMachineId")
            }
            guard reference.isA("Microsoft.Compute/virtualMachines") else {
                throw ARMError.unsupportedImageVersionSource(vm, target: "\(storage).source.virtualMachineId")
            }
        }
        try checkDisks(&profile)
        return fillDisks(profile)
    }

    /// `source.id`: a managed image or a gallery image version (which must exist here, in the version's region, and
    /// match the image definition's OS state and type); a virtual machine belongs in `virtualMachineId`.
    private func checkSourceID(_ id: String) throws {
        let target = "\(Self.prefix).storageProfile.source.id"
        guard let reference = ResourceReference(id) else { throw ARMError.malformedSourceID(id, path: "properties.storageProfile.source.id") }
        if reference.isA("Microsoft.Compute/virtualMachines") { throw ARMError.virtualMachineSourceInID(id) }
        let parent = definition(context.parent)
        if reference.isA("Microsoft.Compute/images") {
            // A managed image is always generalized.
            if parent?.osState == "Specialized" {
                throw ARMError.sourceMismatch(id, property: "OS state", source: "Generalized", parent: "Specialized")
            }
            return
        }
        guard let address = reference.galleryImageVersion else { throw ARMError.unsupportedImageVersionSource(id, target: target) }
        guard let source = sourceVersion(address), source.record.provisioningState != .deleting,
            source.properties.publishingProfile?.targetRegions?.contains(where: { $0.name == context.location })
                ?? (source.record.location == context.location)
        else { throw ARMError.sourceNotFound(id) }
        guard let sourceDefinition = source.definition, let parent else { return }
        if let state = sourceDefinition.osState, state != parent.osState {
            throw ARMError.sourceMismatch(id, property: "OS state", source: state, parent: parent.osState ?? "")
        }
        if let type = sourceDefinition.osType, type != parent.osType {
            throw ARMError.sourceMismatch(id, property: "OS type", source: type, parent: parent.osType ?? "")
        }
    }

    /// Disk sources: snapshots or managed disks by id, or VHDs by uri in a storage account; LUNs and ids unique.
    private func checkDisks(_ profile: inout Properties.StorageProfile) throws {
        let storage = "\(Self.prefix).storageProfile"
        var ids = Set<String>()
        func check(_ source: Properties.DiskSource?, path: String) throws {
            guard let source, !source.isEmpty else { return }
            if let id = source.id {
                guard let reference = ResourceReference(id) else { throw ARMError.malformedSourceID(id, path: "properties.\(path).source.id") }
                guard reference.isA("Microsoft.Compute/snapshots") || reference.isA("Microsoft.Compute/disks") else {
                    throw ARMError.unsupportedDiskSource(id, target: "galleryImageVersion.properties.\(path).source.id")
                }
                guard ids.insert(id.lowercased()).inserted else { throw ARMError.duplicateDiskSources }
            } else {
                guard source.uri != nil else { throw ARMError.requiredParameter("galleryImageVersion.properties.\(path).source.uri") }
                guard let account = source.storageAccountId else {
                    throw ARMError.requiredParameter("galleryImageVersion.properties.\(path).source.storageAccountId")
                }
                guard ResourceReference(account)?.isA("Microsoft.Storage/storageAccounts") == true else {
                    throw ARMError.malformedSourceID(account, path: "properties.\(path).source.storageAccountId")
                }
            }
        }
        try check(profile.osDiskImage?.source, path: "storageProfile.osDiskImage")
        var luns = Set<Int32>()
        for (index, disk) in (profile.dataDiskImages ?? []).enumerated() {
            guard let lun = disk.lun else { throw ARMError.requiredParameter("\(storage).dataDiskImages[\(index)].lun") }
            guard luns.insert(lun).inserted else { throw ARMError.duplicateDataDiskLuns }
            try check(disk.source, path: "storageProfile.dataDiskImages[\(index)]")
            profile.dataDiskImages?[index].hostCaching = try disk.hostCaching.map {
                try EnumRules.canonical($0, allowed: EnumRules.hostCachings, target: "\(storage).dataDiskImages[\(index)].hostCaching")
            }
        }
    }

    /// The disk images Azure fills in from the source: a source version's own, or (for sources this service does not
    /// hold) an OS disk of the usual size for the OS type, read-write cached, and data disks as given, uncached.
    private func fillDisks(_ input: Properties.StorageProfile) -> Properties.StorageProfile {
        var profile = input
        if let id = profile.source?.id, let address = ResourceReference(id)?.galleryImageVersion,
            let source = sourceVersion(address)?.properties.storageProfile
        {
            profile.osDiskImage = source.osDiskImage.map { Properties.OSDiskImage(sizeInGB: $0.sizeInGB, hostCaching: $0.hostCaching) }
            profile.dataDiskImages = source.dataDiskImages?.map {
                Properties.DataDiskImage(lun: $0.lun, sizeInGB: $0.sizeInGB, hostCaching: $0.hostCaching)
            }
            return profile
        }
        var os = profile.osDiskImage ?? .init()
        os.sizeInGB = definition(context.parent)?.osType == "Windows" ? 127 : 30
        os.hostCaching = os.hostCaching ?? "ReadWrite"
        profile.osDiskImage = os
        profile.dataDiskImages = profile.dataDiskImages?.map { disk in
            var disk = disk
            disk.sizeInGB = 32
            disk.hostCaching = disk.hostCaching ?? "None"
            return disk
        }
        return profile
    }

    /// The Hyper-V generation of a source version that differs from its image definition's: Azure accepts the PUT and
    /// fails the operation with 409 `Conflict`.
    func failure(_ properties: Properties) -> OperationRecord.Failure? {
        guard let id = properties.storageProfile?.source?.id, let address = ResourceReference(id)?.galleryImageVersion,
            let sourceGeneration = sourceVersion(address)?.definition?.hyperVGeneration,
            let generation = definition(context.parent)?.hyperVGeneration, sourceGeneration != generation
        else { return nil }
        return OperationRecord.Failure(
            code: "Conflict",
            message:
                "The resource with id '\(id)' has a different Hypervisor generation ['\(sourceGeneration)'] than the parent gallery image Hypervisor generation ['\(generation)']."
        )
    }

    // MARK: Reading the referenced resources

    private func definition(_ record: ResourceRecord?) -> GalleryImageProperties? {
        record.flatMap { try? JSONDecoder().decode(GalleryImageProperties.self, from: $0.properties) }
    }

    /// A source gallery image version read in the write's transaction, with its image definition.
    private func sourceVersion(_ address: ResourceAddress) -> (record: ResourceRecord, properties: Properties, definition: GalleryImageProperties?)? {
        guard let record = context.referenced.record(address), let properties = try? JSONDecoder().decode(Properties.self, from: record.properties)
        else { return nil }
        return (record, properties, address.parent.flatMap { definition(context.referenced.record($0)) })
    }
}
