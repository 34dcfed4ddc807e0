import Foundation

/// Checks an image version's properties the way the gallery service does, against its image definition and the
/// stored version, and fills Azure's defaults. Sources are checked in `GalleryImageVersionValidator+Sources.swift`.
struct GalleryImageVersionValidator {
    typealias Properties = GalleryImageVersionProperties
    let context: ValidationContext

    static let prefix = "galleryImageVersion.properties"
    /// Azure's limit on replicas per region (Azure Compute Gallery limits).
    static let maxReplicas = 100

    var apiVersion: String { context.apiVersion }
    func has(_ type: String, _ member: String) -> Bool { WireSchema.has(type, member, at: apiVersion) }

    /// The canonical properties to store, or the error Azure gives for the first problem found.
    func validate(_ input: Properties?, previous: Properties?) throws -> Properties {
        var p = input ?? Properties()
        // Before 2019-07-01 the source was `publishingProfile.source.managedImage.id` and `storageProfile` read-only.
        if has("GalleryImageVersionPublishingProfile", "source") {
            p.storageProfile = p.publishingProfile?.source?.managedImage?.id.map { Properties.StorageProfile(source: .init(id: $0)) }
        }
        p.publishingProfile?.source = nil
        // Read-only members a client may send back from a GET.
        p.provisioningState = nil
        p.replicationStatus = nil
        p.validationsProfile = nil
        p.restore = nil
        p.safetyProfile?.reportedForPolicyViolation = nil
        p.safetyProfile?.policyViolations = nil
        keepMembersTheVersionLacks(&p, previous: previous)
        p.storageProfile = try storage(p.storageProfile, previous: previous?.storageProfile)
        p.publishingProfile = try publishing(p.publishingProfile ?? .init(), previous: previous?.publishingProfile)
        if previous == nil, p.safetyProfile?.allowDeletionOfReplicatedLocations == nil, has("GalleryImageVersionProperties", "safetyProfile") {
            p.safetyProfile = p.safetyProfile ?? .init()
            p.safetyProfile?.allowDeletionOfReplicatedLocations = false
        }
        if let previous { try checkChanges(from: previous, to: p) }
        return p
    }

    /// A PUT at an older api-version keeps what the stored version has in the members that api-version lacks.
    private func keepMembersTheVersionLacks(_ p: inout Properties, previous: Properties?) {
        if !has("GalleryImageVersionProperties", "safetyProfile") { p.safetyProfile = previous?.safetyProfile }
        if !has("GalleryImageVersionProperties", "securityProfile") { p.securityProfile = previous?.securityProfile }
        if !has("GalleryImageVersionSafetyProfile", "blockDeletionBeforeEndOfLife"), p.safetyProfile != nil {
            p.safetyProfile?.blockDeletionBeforeEndOfLife = previous?.safetyProfile?.blockDeletionBeforeEndOfLife
        }
        let stored = previous?.publishingProfile
        if p.publishingProfile == nil { p.publishingProfile = .init() }
        for member in ["storageAccountType", "replicationMode", "targetExtendedLocations", "storageAccountStrategy"]
        where !has("GalleryImageVersionPublishingProfile", member) {
            switch member {
            case "storageAccountType": p.publishingProfile?.storageAccountType = stored?.storageAccountType
            case "replicationMode": p.publishingProfile?.replicationMode = stored?.replicationMode
            case "targetExtendedLocations": p.publishingProfile?.targetExtendedLocations = stored?.targetExtendedLocations
            default: p.publishingProfile?.storageAccountStrategy = stored?.storageAccountStrategy
            }
        }
        let storedRegions = Dictionary((stored?.targetRegions ?? []).compactMap { r in r.name.map { ($0, r) } }, uniquingKeysWith: { a, _ in a })
        let regions = p.publishingProfile?.targetRegions
        p.publishingProfile?.targetRegions = regions?.map { region in
            var region = region
            let old = region.name.flatMap { AzureLocation.normalize($0) }.flatMap { storedRegions[$0.name] }
            if !has("TargetRegion", "storageAccountType") { region.storageAccountType = old?.storageAccountType }
            // A region already replicated keeps its encryption when an update leaves it out.
            if !has("TargetRegion", "encryption") || region.encryption == nil { region.encryption = old?.encryption }
            if !has("TargetRegion", "excludeFromLatest") { region.excludeFromLatest = old?.excludeFromLatest }
            if !has("TargetRegion", "additionalReplicaSets") { region.additionalReplicaSets = old?.additionalReplicaSets }
            return region
        }
    }

    // MARK: Publishing profile

    private func publishing(_ input: Properties.PublishingProfile, previous: Properties.PublishingProfile?) throws -> Properties.PublishingProfile {
        var p = input
        let profile = "\(Self.prefix).publishingProfile"
        p.publishedDate = previous?.publishedDate ?? Timestamp.dotNet(context.now)
        let replicaCount = try replicas(p.replicaCount ?? 1, parameter: "\(profile).replicaCount", shallow: p.replicationMode)
        p.replicaCount = replicaCount
        p.excludeFromLatest = p.excludeFromLatest ?? false
        if let mode = p.replicationMode {
            p.replicationMode = try EnumRules.canonical(mode, allowed: ["Full", "Shallow"], target: "\(profile).replicationMode")
        }
        let accountTypes = EnumRules.storageAccountTypes(apiVersion: apiVersion)
        p.storageAccountType = try EnumRules.canonical(
            p.storageAccountType ?? "Standard_LRS",
            allowed: accountTypes,
            target: "\(profile).storageAccountType"
        )
        if !has("GalleryImageVersionPublishingProfile", "storageAccountType") {
            p.storageAccountType = previous?.storageAccountType ?? p.storageAccountType
        }
        p.endOfLifeDate = try endOfLife(p.endOfLifeDate, previous: previous?.endOfLifeDate, target: "\(profile).endOfLifeDate")

        let given = (p.targetRegions ?? []).isEmpty ? [Properties.TargetRegion(name: context.location)] : p.targetRegions!
        var seen = Set<String>()
        p.targetRegions = try given.enumerated().map { index, input in
            var region = input
            let target = "\(profile).targetRegions[\(index)]"
            guard let name = region.name else { throw ARMError.requiredParameter("\(target).name") }
            guard let location = AzureLocation.normalize(name) else { throw ARMError.unknownTargetRegion(name) }
            guard seen.insert(location.name).inserted else { throw ARMError.duplicateTargetRegions }
            region.name = location.name
            region.regionalReplicaCount = try replicas(
                region.regionalReplicaCount ?? replicaCount,
                parameter: "\(target).regionalReplicaCount",
                shallow: p.replicationMode
            )
            region.storageAccountType = try EnumRules.canonical(
                region.storageAccountType ?? p.storageAccountType!,
                allowed: accountTypes,
                target: "\(target).storageAccountType"
            )
            var luns = Set<Int32>()
            for (diskIndex, disk) in (region.encryption?.dataDiskImages ?? []).enumerated() {
                guard let lun = disk.lun else { throw ARMError.requiredParameter("\(target).encryption.dataDiskImages[\(diskIndex)].lun") }
                guard luns.insert(lun).inserted else { throw ARMError.duplicateEncryptionLuns(lun, region: location.displayName) }
            }
            return region
        }
        guard seen.contains(context.location) else {
            throw ARMError.targetRegionsMissLocation(given.compactMap(\.name), location: AzureLocation.displayName(context.location))
        }
        return p
    }

    /// A replica count in 1…100; shallow replication keeps one replica per region.
    private func replicas(_ count: Int32, parameter: String, shallow mode: String?) throws -> Int32 {
        let max = mode?.caseInsensitiveEquals("Shallow") == true ? 1 : Self.maxReplicas
        guard count >= 1, count <= max else { throw ARMError.outOfRange(count, parameter: parameter, min: 1, max: max) }
        return count
    }

    /// `""` means none (Packer sends it); a new date must lie in the future.
    private func endOfLife(_ text: String?, previous: String?, target: String) throws -> String? {
        guard let text, !text.isEmpty else { return nil }
        let date = try GalleryImageValidator.parseDate(text, target: target)
        let canonical = GalleryImageValidator.formatDate(date)
        if canonical != previous && date <= context.now {
            throw ARMError.invalidParameter("EndOfLifeDate must be set to a future date.", target: target)
        }
        return canonical
    }

    // MARK: Immutable properties

    /// Rejects a change Azure does not allow on an existing version (409 `PropertyChangeNotAllowed`).
    func checkChanges(from old: Properties, to new: Properties) throws {
        let storage = "\(Self.prefix).storageProfile"
        let checks: [(String, Bool)] = [
            ("\(storage).source.id", old.storageProfile?.source?.id != new.storageProfile?.source?.id),
            ("\(storage).source.virtualMachineId", old.storageProfile?.source?.virtualMachineId != new.storageProfile?.source?.virtualMachineId),
            (
                "\(storage).source.communityGalleryImageId",
                old.storageProfile?.source?.communityGalleryImageId != new.storageProfile?.source?.communityGalleryImageId
            ),
            ("\(storage).osDiskImage.source.id", old.storageProfile?.osDiskImage?.source != new.storageProfile?.osDiskImage?.source),
            (
                "\(Self.prefix).publishingProfile.storageAccountType",
                old.publishingProfile?.storageAccountType != new.publishingProfile?.storageAccountType
            ),
            ("\(Self.prefix).publishingProfile.replicationMode", old.publishingProfile?.replicationMode != new.publishingProfile?.replicationMode),
            ("\(Self.prefix).securityProfile.uefiSettings", old.securityProfile?.uefiSettings != new.securityProfile?.uefiSettings),
        ]
        if let changed = checks.first(where: \.1) { throw ARMError.propertyChangeNotAllowed(changed.0) }
        let oldLuns = (old.storageProfile?.dataDiskImages ?? []).map(\.lun)
        let newLuns = (new.storageProfile?.dataDiskImages ?? []).map(\.lun)
        if oldLuns != newLuns { throw ARMError.dataDisksChanged }
    }
}
