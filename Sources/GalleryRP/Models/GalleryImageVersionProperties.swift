/// `properties` of a gallery image version (schema `GalleryImageVersionProperties`, 2023-07-03, plus the members other
/// api-versions add; ``WireSchema`` says which version has which). Decoded from requests with every member optional;
/// ``GalleryImageVersionValidator`` fills Azure's defaults and clears read-only members.
public struct GalleryImageVersionProperties: Codable, Sendable, Equatable, JSONNetTypeNamed {
    public static let jsonNetTypeName = Self.model("GalleryImageVersionProperties")

    public var publishingProfile: PublishingProfile?
    public var storageProfile: StorageProfile?
    public var safetyProfile: SafetyProfile?
    public var securityProfile: SecurityProfile?
    /// Since 2024-03-03: restores a soft-deleted version; accepted and not stored (soft delete is not emulated).
    public var restore: Bool?
    public var provisioningState: ReadOnlyMember?
    public var replicationStatus: ReadOnlyMember?
    public var validationsProfile: ReadOnlyMember?

    /// The .NET model name Azure's messages print (`Error converting value … to type '…'`).
    static func model(_ name: String) -> String { "Microsoft.WindowsAzure.ComputeArtifactPublishing.Service.API.Model.\(name)" }

    public struct PublishingProfile: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = model("GalleryImageVersionPublishingProfile")
        public var targetRegions: [TargetRegion]?
        public var replicaCount: Int32?
        public var excludeFromLatest: Bool?
        /// Set by the service when the version is created (.NET format, `2026-04-24T02:09:13.0173102+00:00`).
        public var publishedDate: String?
        /// Kept as the canonical text `yyyy-MM-ddTHH:mm:ss+00:00`; `""` means none (Packer sends it).
        public var endOfLifeDate: String?
        public var storageAccountType: String?
        public var replicationMode: String?
        public var targetExtendedLocations: [TargetExtendedLocation]?
        public var storageAccountStrategy: String?
        /// Before 2019-07-01 the source was `publishingProfile.source.managedImage.id`.
        public var source: LegacySource?
    }

    public struct LegacySource: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = model("GalleryArtifactSource")
        public struct ManagedImage: Codable, Sendable, Equatable, JSONNetTypeNamed {
            public static let jsonNetTypeName = model("ManagedArtifact")
            public var id: String?
        }
        public var managedImage: ManagedImage?
    }

    public struct TargetRegion: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = model("TargetRegion")
        /// Stored as the region's programmatic name (`eastus2`); shown as its display name (`East US 2`).
        public var name: String?
        public var regionalReplicaCount: Int32?
        public var storageAccountType: String?
        public var encryption: Encryption?
        public var excludeFromLatest: Bool?
        public var additionalReplicaSets: [AdditionalReplicaSet]?
    }

    public struct AdditionalReplicaSet: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = model("AdditionalReplicaSet")
        public var storageAccountType: String?
        public var regionalReplicaCount: Int32?
    }

    public struct TargetExtendedLocation: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = model("GalleryTargetExtendedLocation")
        public struct ExtendedLocation: Codable, Sendable, Equatable, JSONNetTypeNamed {
            public static let jsonNetTypeName = model("GalleryExtendedLocation")
            public var name: String?
            public var type: String?
        }
        public var name: String?
        public var extendedLocation: ExtendedLocation?
        public var extendedLocationReplicaCount: Int32?
        public var storageAccountType: String?
        public var encryption: Encryption?
    }

    public struct Encryption: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = model("EncryptionImages")
        public var osDiskImage: OSDiskEncryption?
        public var dataDiskImages: [DataDiskEncryption]?
    }

    public struct OSDiskEncryption: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = model("OSDiskImageEncryption")
        public var diskEncryptionSetId: String?
        public var securityProfile: DiskSecurityProfile?
    }

    public struct DataDiskEncryption: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = model("DataDiskImageEncryption")
        public var lun: Int32?
        public var diskEncryptionSetId: String?
    }

    public struct DiskSecurityProfile: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = model("OSDiskImageSecurityProfile")
        public var confidentialVMEncryptionType: String?
        public var secureVMDiskEncryptionSetId: String?
    }

    public struct StorageProfile: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = model("GalleryImageVersionStorageProfile")
        public var source: Source?
        public var osDiskImage: OSDiskImage?
        public var dataDiskImages: [DataDiskImage]?
    }

    /// `storageProfile.source`: a managed image or another gallery image version (`id`), a virtual machine, or a
    /// community gallery image.
    public struct Source: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = model("GalleryArtifactVersionFullSource")
        public var id: String?
        public var communityGalleryImageId: String?
        public var virtualMachineId: String?
        /// 2020-09-30 to 2022-01-03 only; Azure never supported a source here (it refuses it).
        public var uri: String?
    }

    public struct OSDiskImage: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = model("GalleryOSDiskImage")
        /// Read-only: filled from the source.
        public var sizeInGB: Int32?
        public var hostCaching: String?
        public var source: DiskSource?
    }

    public struct DataDiskImage: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = model("GalleryDataDiskImage")
        public var lun: Int32?
        /// Read-only: filled from the source.
        public var sizeInGB: Int32?
        public var hostCaching: String?
        public var source: DiskSource?
    }

    /// A disk image's source: a snapshot or managed disk (`id`), or a VHD (`uri` in `storageAccountId`).
    public struct DiskSource: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = model("GalleryDiskImageSource")
        public var id: String?
        public var uri: String?
        public var storageAccountId: String?

        var isEmpty: Bool { id == nil && uri == nil && storageAccountId == nil }
    }

    public struct SafetyProfile: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = model("GalleryImageVersionSafetyProfile")
        public var allowDeletionOfReplicatedLocations: Bool?
        public var blockDeletionBeforeEndOfLife: Bool?
        public var reportedForPolicyViolation: ReadOnlyMember?
        public var policyViolations: ReadOnlyMember?
    }

    public struct SecurityProfile: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = model("ImageVersionSecurityProfile")
        public var uefiSettings: UefiSettings?
    }

    public struct UefiSettings: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = model("GalleryImageVersionUefiSettings")
        public var signatureTemplateNames: [String]?
        public var additionalSignatures: UefiKeySignatures?
    }

    public struct UefiKeySignatures: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = model("UefiKeySignatures")
        public var pk: UefiKey?
        public var kek: [UefiKey]?
        public var db: [UefiKey]?
        public var dbx: [UefiKey]?
    }

    public struct UefiKey: Codable, Sendable, Equatable, JSONNetTypeNamed {
        public static let jsonNetTypeName = model("UefiKey")
        public var type: String?
        public var value: [String]?
    }
}
