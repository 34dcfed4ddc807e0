/// The response form of an image version, in the member order Azure's recorded answers use; members the request's
/// api-version lacks are left out (``WireSchema``).
extension GalleryImageVersionProperties {
    func json(record: ResourceRecord, options: RenderOptions) -> JSONValue {
        let version = options.apiVersion
        func has(_ type: String, _ member: String) -> Bool { WireSchema.has(type, member, at: version) }
        let creating = record.provisioningState == .creating
        var members: [(String, JSONValue?)] = [
            ("publishingProfile", publishingProfile?.json(storageProfile: storageProfile, version: version)),
            ("storageProfile", storageProfile?.json(creating: creating, version: version)),
        ]
        if has("GalleryImageVersionProperties", "safetyProfile") {
            let safety = safetyProfile ?? SafetyProfile()
            members.append(
                (
                    "safetyProfile",
                    .object([
                        ("reportedForPolicyViolation", .bool(false)),
                        (
                            "blockDeletionBeforeEndOfLife",
                            has("GalleryImageVersionSafetyProfile", "blockDeletionBeforeEndOfLife")
                                ? safety.blockDeletionBeforeEndOfLife.map(JSONValue.bool) : nil
                        ),
                        ("allowDeletionOfReplicatedLocations", .bool(safety.allowDeletionOfReplicatedLocations ?? false)),
                    ])
                )
            )
        }
        if options.expand.contains("uefisettings") || options.isWriteResponse, has("GalleryImageVersionProperties", "securityProfile"),
            let uefi = securityProfile?.uefiSettings
        {
            members.append(("securityProfile", .object([("uefiSettings", uefi.json)])))
        }
        if options.expand.contains("replicationstatus") {
            members.append(("replicationStatus", replicationStatus(record: record, options: options)))
        }
        if has("GalleryImageVersionProperties", "validationsProfile"), record.provisioningState != .updating {
            members.append(("validationsProfile", .object([("validationOperationStatus", .string("NotExecuted"))])))
        }
        members.append(("provisioningState", .string(record.provisioningState.rawValue)))
        return .object(members)
    }

    /// `$expand=ReplicationStatus`: replicating (with progress through the running operation) until it is done.
    private func replicationStatus(record: ResourceRecord, options: RenderOptions) -> JSONValue {
        let regions = publishingProfile?.targetRegions?.compactMap(\.name) ?? [record.location]
        let aggregated: String
        let state: String
        var progress = 100
        switch record.provisioningState {
        case .creating, .updating:
            aggregated = "InProgress"
            state = "Replicating"
            if let operation = options.operation {
                let total = operation.dueTime.timeIntervalSince(operation.startTime)
                let elapsed = options.now.timeIntervalSince(operation.startTime)
                progress = total > 0 ? min(99, max(0, Int(100 * elapsed / total))) : 99
            } else {
                progress = 0
            }
        case .failed:
            aggregated = "Failed"
            state = "Failed"
            progress = 0
        default:
            aggregated = "Completed"
            state = "Completed"
        }
        return .object([
            ("aggregatedState", .string(aggregated)),
            (
                "summary",
                .array(
                    regions.map { region in
                        .object([
                            ("region", .string(AzureLocation.displayName(region))), ("state", .string(state)), ("details", .string("")),
                            ("progress", .number(Double(progress))),
                        ])
                    }
                )
            ),
        ])
    }
}

extension GalleryImageVersionProperties.PublishingProfile {
    fileprivate func json(storageProfile: GalleryImageVersionProperties.StorageProfile?, version: String) -> JSONValue {
        func has(_ member: String) -> Bool { WireSchema.has("GalleryImageVersionPublishingProfile", member, at: version) }
        let legacySource = storageProfile?.source?.id.map { id in JSONValue.object([("managedImage", .object([("id", .string(id))]))]) }
        return .object([
            ("source", has("source") ? legacySource : nil),
            ("targetRegions", targetRegions.map { .array($0.map { $0.json(version: version) }) }),
            ("replicaCount", replicaCount.map { .number(Double($0)) }),
            ("excludeFromLatest", excludeFromLatest.map(JSONValue.bool)),
            ("publishedDate", publishedDate.map(JSONValue.string)),
            ("endOfLifeDate", endOfLifeDate.map(JSONValue.string)),
            ("storageAccountType", has("storageAccountType") ? storageAccountType.map(JSONValue.string) : nil),
            ("replicationMode", has("replicationMode") ? replicationMode.map(JSONValue.string) : nil),
            (
                "targetExtendedLocations",
                has("targetExtendedLocations") ? targetExtendedLocations.map { .array($0.map { $0.json(version: version) }) } : nil
            ),
            ("storageAccountStrategy", has("storageAccountStrategy") ? storageAccountStrategy.map(JSONValue.string) : nil),
        ])
    }
}

extension GalleryImageVersionProperties.TargetRegion {
    fileprivate func json(version: String) -> JSONValue {
        func has(_ member: String) -> Bool { WireSchema.has("TargetRegion", member, at: version) }
        return .object([
            ("name", name.map { .string(AzureLocation.displayName($0)) }),
            ("regionalReplicaCount", regionalReplicaCount.map { .number(Double($0)) }),
            ("storageAccountType", has("storageAccountType") ? storageAccountType.map(JSONValue.string) : nil),
            ("encryption", has("encryption") ? encryption?.json(version: version) : nil),
            ("excludeFromLatest", has("excludeFromLatest") ? excludeFromLatest.map(JSONValue.bool) : nil),
            (
                "additionalReplicaSets",
                has("additionalReplicaSets")
                    ? additionalReplicaSets.map { sets in
                        .array(
                            sets.map {
                                .object([
                                    ("storageAccountType", $0.storageAccountType.map(JSONValue.string)),
                                    ("regionalReplicaCount", $0.regionalReplicaCount.map { .number(Double($0)) }),
                                ])
                            }
                        )
                    } : nil
            ),
        ])
    }
}

extension GalleryImageVersionProperties.TargetExtendedLocation {
    fileprivate func json(version: String) -> JSONValue {
        .object([
            ("name", name.map(JSONValue.string)),
            (
                "extendedLocation",
                extendedLocation.map { .object([("name", $0.name.map(JSONValue.string)), ("type", $0.type.map(JSONValue.string))]) }
            ),
            ("extendedLocationReplicaCount", extendedLocationReplicaCount.map { .number(Double($0)) }),
            ("storageAccountType", storageAccountType.map(JSONValue.string)),
            ("encryption", encryption?.json(version: version)),
        ])
    }
}

extension GalleryImageVersionProperties.Encryption {
    /// Azure adds an empty `securityProfile` to the OS disk's encryption (recorded answers).
    fileprivate func json(version: String) -> JSONValue {
        let security = WireSchema.has("OSDiskImageEncryption", "securityProfile", at: version)
        return .object([
            (
                "osDiskImage",
                osDiskImage.map { os in
                    .object([
                        (
                            "securityProfile",
                            security
                                ? .object([
                                    ("confidentialVMEncryptionType", os.securityProfile?.confidentialVMEncryptionType.map(JSONValue.string)),
                                    ("secureVMDiskEncryptionSetId", os.securityProfile?.secureVMDiskEncryptionSetId.map(JSONValue.string)),
                                ]) : nil
                        ),
                        ("diskEncryptionSetId", os.diskEncryptionSetId.map(JSONValue.string)),
                    ])
                }
            ),
            (
                "dataDiskImages",
                dataDiskImages.map { disks in
                    .array(
                        disks.map {
                            .object([
                                ("lun", $0.lun.map { .number(Double($0)) }), ("diskEncryptionSetId", $0.diskEncryptionSetId.map(JSONValue.string)),
                            ])
                        }
                    )
                }
            ),
        ])
    }
}

extension GalleryImageVersionProperties.StorageProfile {
    /// While the version is being created Azure shows only the sources it was given; the disk images it fills from the
    /// source (size, caching) appear once it exists.
    fileprivate func json(creating: Bool, version: String) -> JSONValue {
        let sources = WireSchema.has("GalleryImageVersionStorageProfile", "source", at: version)
        let diskSources = WireSchema.has("GalleryOSDiskImage", "source", at: version)
        let topLevel = source.map { source -> JSONValue in
            .object([
                ("id", source.id.map(JSONValue.string)),
                ("communityGalleryImageId", source.communityGalleryImageId.map(JSONValue.string)),
                ("virtualMachineId", source.virtualMachineId.map(JSONValue.string)),
            ])
        }
        func diskSource(_ disk: GalleryImageVersionProperties.DiskSource?, filled: Bool) -> JSONValue? {
            guard diskSources else { return nil }
            guard let disk, !disk.isEmpty else { return filled ? .object([]) : nil }
            return .object([
                ("id", disk.id.map(JSONValue.string)), ("uri", disk.uri.map(JSONValue.string)),
                ("storageAccountId", disk.storageAccountId.map(JSONValue.string)),
            ])
        }
        var os: JSONValue?
        if let image = osDiskImage, !creating || image.source?.isEmpty == false {
            os = .object([
                ("sizeInGB", creating ? nil : image.sizeInGB.map { .number(Double($0)) }),
                ("hostCaching", image.hostCaching.map(JSONValue.string)),
                ("source", diskSource(image.source, filled: true)),
            ])
        }
        let data = (dataDiskImages ?? []).filter { !creating || $0.source?.isEmpty == false }.map { disk -> JSONValue in
            .object([
                ("lun", disk.lun.map { .number(Double($0)) }),
                ("sizeInGB", creating ? nil : disk.sizeInGB.map { .number(Double($0)) }),
                ("hostCaching", disk.hostCaching.map(JSONValue.string)),
                ("source", diskSource(disk.source, filled: false)),
            ])
        }
        return .object([
            ("source", sources ? topLevel : nil),
            ("osDiskImage", os),
            ("dataDiskImages", data.isEmpty ? nil : .array(data)),
        ])
    }
}

extension GalleryImageVersionProperties.UefiSettings {
    fileprivate var json: JSONValue {
        func keys(_ list: [GalleryImageVersionProperties.UefiKey]?) -> JSONValue? { list.map { .array($0.map(\.json)) } }
        return .object([
            ("signatureTemplateNames", signatureTemplateNames.map { .array($0.map(JSONValue.string)) }),
            (
                "additionalSignatures",
                additionalSignatures.map {
                    .object([("pk", $0.pk?.json), ("kek", keys($0.kek)), ("db", keys($0.db)), ("dbx", keys($0.dbx))])
                }
            ),
        ])
    }
}

extension GalleryImageVersionProperties.UefiKey {
    fileprivate var json: JSONValue {
        .object([("type", type.map(JSONValue.string)), ("value", value.map { .array($0.map(JSONValue.string)) })])
    }
}
