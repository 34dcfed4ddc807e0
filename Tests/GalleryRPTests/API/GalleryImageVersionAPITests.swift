import Foundation
import HTTPTypes
import Hummingbird
import Testing

@testable import GalleryRP

/// Image versions: `…/galleries/{g}/images/{i}/versions/{v}`, as the Azure CLI, Packer and the SDKs drive them.
@Suite struct GalleryImageVersionAPITests {
    typealias C = ARMTestClient

    @Test func createFromAManagedImageAnswers201ThenFillsTheDisks() async throws {
        try await withService { c in
            try await c.makeImage()
            let created = try await c.putVersion("1.0.0")
            #expect(created.status == .created, "\(created.raw)")
            #expect(created.string("type") == "Microsoft.Compute/galleries/images/versions")
            #expect(created.string("name") == "1.0.0")
            #expect(created.string("properties.provisioningState") == "Creating")
            #expect(
                created.value("properties.publishingProfile.targetRegions")
                    == .array([
                        .object([("name", .string("West US")), ("regionalReplicaCount", .number(1)), ("storageAccountType", .string("Standard_LRS"))])
                    ])
            )
            #expect(created.value("properties.publishingProfile.replicaCount") == .number(1))
            #expect(created.value("properties.publishingProfile.excludeFromLatest") == .bool(false))
            #expect(created.string("properties.publishingProfile.storageAccountType") == "Standard_LRS")
            let published = try #require(created.string("properties.publishingProfile.publishedDate"))
            #expect(published.hasSuffix("+00:00") && published.count == 33, "\(published)")
            #expect(created.value("properties.storageProfile") == .object([("source", .object([("id", .string(C.managedImage))]))]))
            #expect(
                created.value("properties.safetyProfile")
                    == .object([("reportedForPolicyViolation", .bool(false)), ("allowDeletionOfReplicatedLocations", .bool(false))])
            )
            #expect(created.value("properties.validationsProfile") == nil, "2023-07-03 has no validationsProfile")
            #expect(created.keys("properties") == ["publishingProfile", "storageProfile", "safetyProfile", "provisioningState"])
            #expect(
                created.keys("properties.publishingProfile") == [
                    "targetRegions", "replicaCount", "excludeFromLatest", "publishedDate", "storageAccountType",
                ]
            )
            #expect(created.header("Azure-AsyncOperation") != nil && created.header("Location") == nil)
            #expect(try await c.waitFor(created).string("status") == "Succeeded")
            let done = try await c.getVersion("1.0.0")
            #expect(done.string("properties.provisioningState") == "Succeeded")
            #expect(
                done.value("properties.storageProfile.osDiskImage")
                    == .object([
                        ("sizeInGB", .number(127)), ("hostCaching", .string("ReadWrite")), ("source", .object([])),
                    ]),
                "Windows OS disk, filled from the source"
            )
            #expect(done.string("properties.publishingProfile.publishedDate") == published)
        }
    }

    @Test func newerApiVersionsShowTheValidationsProfileExceptWhileUpdating() async throws {
        try await withService { c in
            try await c.makeImage()
            try await c.waitFor(try await c.putVersion("1.0.0", api: "2024-03-03"))
            let shown = try await c.getVersion("1.0.0", api: "2024-03-03")
            #expect(shown.value("properties.validationsProfile") == .object([("validationOperationStatus", .string("NotExecuted"))]))
            #expect(shown.keys("properties") == ["publishingProfile", "storageProfile", "safetyProfile", "validationsProfile", "provisioningState"])
            let updated = try await c.putVersion("1.0.0", api: "2024-03-03")
            #expect(updated.status == .ok)
            #expect(updated.string("properties.provisioningState") == "Updating")
            #expect(updated.value("properties.validationsProfile") == nil)
        }
    }

    @Test(arguments: ["1.0", "1.0.0.0", "a.b.c", "1..0", "1.0.-1", "2147483648.0.0", "1.0.0-beta", " 1.0.0"])
    func invalidVersionNamesAreRejected(name: String) async throws {
        try await withService { c in
            try await c.makeImage()
            let reply = try await c.putVersion(name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)!)
            #expect(reply.status == .badRequest)
            #expect(reply.errorCode == "InvalidParameter")
            #expect(reply.errorTarget == "galleryImageVersionName")
            #expect(reply.errorMessage?.hasPrefix("The image version name is invalid.") == true)
        }
    }

    @Test(arguments: ["0.0.0", "1.2.3", "2147483647.2147483647.2147483647", "2018.12.1"])
    func validVersionNamesAreAccepted(name: String) async throws {
        try await withService { c in
            try await c.makeImage()
            #expect(try await c.putVersion(name).status == .created)
        }
    }

    @Test(arguments: [
        (#"{}"#, "InvalidParameter", "galleryImageVersion.properties.storageProfile.source.id"),
        (
            #"{"source": {"id": "\#(C.managedImage)", "virtualMachineId": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm"}}"#,
            "InvalidParameter", "galleryImageVersion.properties.storageProfile.source.id"
        ),
        (
            #"{"source": {"id": "\#(C.managedImage)"}, "osDiskImage": {"source": {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/snapshots/s1"}}}"#,
            "InvalidParameter", "galleryImageVersion.properties.storageProfile.source.id"
        ),
        (
            #"{"source": {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm"}}"#,
            "InvalidParameter", "galleryImageVersion.properties.storageProfile.source"
        ),
        (
            #"{"source": {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa"}}"#,
            "InvalidParameter", "galleryImageVersion.properties.storageProfile.source.id"
        ),
        (#"{"source": {"id": "managedImage1"}}"#, "InvalidParameter", "galleryImageVersion.properties.storageProfile.source.id"),
        (
            #"{"osDiskImage": {"source": {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/images/i"}}}"#,
            "InvalidParameter", "galleryImageVersion.properties.storageProfile.osDiskImage.source.id"
        ),
        (
            #"{"osDiskImage": {"source": {"uri": "https://sa.blob.core.windows.net/vhds/os.vhd"}}}"#,
            "InvalidParameter", "galleryImageVersion.properties.storageProfile.osDiskImage.source.storageAccountId"
        ),
        (
            #"{"source": {"id": "\#(C.managedImage)"}, "osDiskImage": {"hostCaching": "Sometimes"}}"#,
            "InvalidParameter", "galleryImageVersion.properties.storageProfile.osDiskImage.hostCaching"
        ),
    ])
    func sourcesAreCheckedAsAzureChecksThem(storage: String, code: String, target: String) async throws {
        try await withService { c in
            try await c.makeImage()
            let reply = try await c.putVersion("1.0.0", body: C.versionBody(source: storage))
            #expect(reply.status == .badRequest, "\(reply.raw)")
            #expect(reply.errorCode == code)
            #expect(reply.errorTarget == target, "\(reply.raw)")
            #expect(try await c.getVersion("1.0.0").status == .notFound, "a refused write stores nothing")
        }
    }

    @Test func snapshotVMAndVHDSourcesAreAccepted() async throws {
        try await withService { c in
            try await c.makeImage()
            let snapshots = #"""
                {"osDiskImage": {"hostCaching": "readonly", "source": {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/snapshots/os"}},
                 "dataDiskImages": [{"lun": 1, "source": {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/disks/d1"}}]}
                """#
            let created = try await c.putVersion("1.0.0", body: C.versionBody(source: snapshots))
            #expect(created.status == .created, "\(created.raw)")
            #expect(created.string("properties.storageProfile.osDiskImage.hostCaching") == "ReadOnly")
            #expect(created.value("properties.storageProfile.osDiskImage.sizeInGB") == nil, "sizes appear once the version exists")
            try await c.waitFor(created)
            let done = try await c.getVersion("1.0.0")
            #expect(done.string("properties.storageProfile.osDiskImage.source.id")?.hasSuffix("/snapshots/os") == true)
            #expect(done.value("properties.storageProfile.dataDiskImages.0.lun") == .number(1))
            #expect(done.string("properties.storageProfile.dataDiskImages.0.hostCaching") == "None")
            let vm = #"{"source": {"virtualMachineId": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1"}}"#
            #expect(try await c.putVersion("1.0.1", body: C.versionBody(source: vm)).status == .created)
            let vhd = #"""
                {"osDiskImage": {"source": {"uri": "https://sa.blob.core.windows.net/vhds/os.vhd",
                 "storageAccountId": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa"}}}
                """#
            #expect(try await c.putVersion("1.0.2", body: C.versionBody(source: vhd)).status == .created)
            let duplicateLuns = #"""
                {"osDiskImage": {"source": {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/snapshots/os2"}},
                 "dataDiskImages": [{"lun": 0, "source": {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/snapshots/a"}},
                                    {"lun": 0, "source": {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/snapshots/b"}}]}
                """#
            let refused = try await c.putVersion("1.0.3", body: C.versionBody(source: duplicateLuns))
            #expect(
                refused.errorMessage
                    == "Duplicated lun numbers have been detected in the input data disks. Lun number must be unique for each data disk"
            )
        }
    }

    @Test func aGalleryImageVersionSourceMustExistAndMatchTheDefinition() async throws {
        try await withService { c in
            try await c.makeImage()
            let sourceID = C.version("rg", "gallery", "img", "1.0.0")
            let missing = try await c.putVersion("2.0.0", body: C.versionBody(source: #"{"source": {"id": "\#(sourceID)"}}"#))
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "NotFound")
            try await c.waitFor(try await c.putVersion("1.0.0"))
            let copy = try await c.putVersion("2.0.0", body: C.versionBody(source: #"{"source": {"id": "\#(sourceID)"}}"#))
            #expect(copy.status == .created, "\(copy.raw)")
            try await c.waitFor(copy)
            #expect(try await c.getVersion("2.0.0").value("properties.storageProfile.osDiskImage.sizeInGB") == .number(127))
            // A specialized definition cannot take a version of a generalized one.
            let specialized = C.seedImage.replacingOccurrences(of: "Generalized", with: "Specialized").replacingOccurrences(
                of: "mySkuName",
                with: "other"
            )
            try await c.waitFor(try await c.putImage("rg", "gallery", "special", body: specialized))
            let mismatch = try await c.putVersion("1.0.0", body: C.versionBody(source: #"{"source": {"id": "\#(sourceID)"}}"#), image: "special")
            #expect(mismatch.status == .badRequest)
            #expect(mismatch.errorCode == "BadRequest")
            #expect(
                mismatch.errorMessage
                    == "The resource with id '\(sourceID)' has a different OS state ['Generalized'] than the parent gallery image OS state ['Specialized']."
            )
        }
    }

    /// Azure finds a source's Hyper-V generation only while it works: the PUT is accepted and the operation fails.
    @Test func aHyperVGenerationMismatchFailsTheOperation() async throws {
        try await withService { c in
            try await c.makeImage()
            try await c.waitFor(try await c.putVersion("1.0.0"))
            try await c.waitFor(
                try await c.putImage(
                    "rg",
                    "gallery",
                    "gen2",
                    body: C.seedImage.replacingOccurrences(of: "\"V1\"", with: "\"V2\"").replacingOccurrences(of: "mySkuName", with: "gen2")
                )
            )
            let sourceID = C.version("rg", "gallery", "img", "1.0.0")
            let created = try await c.putVersion("1.0.0", body: C.versionBody(source: #"{"source": {"id": "\#(sourceID)"}}"#), image: "gen2")
            #expect(created.status == .created)
            let status = try await c.waitFor(created)
            #expect(status.string("status") == "Failed")
            #expect(status.string("error.code") == "Conflict")
            #expect(
                status.string("error.message")
                    == "The resource with id '\(sourceID)' has a different Hypervisor generation ['V1'] than the parent gallery image Hypervisor generation ['V2']."
            )
            #expect(try await c.getVersion("1.0.0", image: "gen2").string("properties.provisioningState") == "Failed")
        }
    }

    @Test func targetRegionsFollowAzuresRules() async throws {
        try await withService { c in
            try await c.makeImage()
            let missingOwn = try await c.putVersion(
                "1.0.0",
                body: C.versionBody(publishing: #"{"targetRegions": [{"name": "northeurope"}]}"#, location: "East US")
            )
            #expect(
                missingOwn.errorMessage
                    == "Gallery image version publishing profile regions 'northeurope' must contain the location of image version 'East US'."
            )
            let duplicate = try await c.putVersion(
                "1.0.0",
                body: C.versionBody(publishing: #"{"targetRegions": [{"name": "westus"}, {"name": "West US"}]}"#)
            )
            #expect(duplicate.errorMessage == "Duplicate regions are not allowed in target publishing regions.")
            let unknown = try await c.putVersion(
                "1.0.0",
                body: C.versionBody(publishing: #"{"targetRegions": [{"name": "westus"}, {"name": "atlantis"}]}"#)
            )
            #expect(unknown.errorCode == "InvalidParameter")
            for (publishing, parameter) in [
                (#"{"replicaCount": 0}"#, "galleryImageVersion.properties.publishingProfile.replicaCount"),
                (
                    #"{"targetRegions": [{"name": "westus", "regionalReplicaCount": 101}]}"#,
                    "galleryImageVersion.properties.publishingProfile.targetRegions[0].regionalReplicaCount"
                ),
            ] {
                let reply = try await c.putVersion("1.0.0", body: C.versionBody(publishing: publishing))
                #expect(reply.errorTarget == parameter)
                #expect(reply.errorMessage?.hasSuffix("is out of range. The value must be between 1 and 100, inclusive.") == true, "\(reply.raw)")
            }
            let defaults = try await c.putVersion(
                "1.0.0",
                body: C.versionBody(
                    publishing:
                        #"{"replicaCount": 2, "targetRegions": [{"name": "East US 2", "storageAccountType": "standard_zrs"}, {"name": "westus", "regionalReplicaCount": 3}]}"#
                )
            )
            #expect(defaults.status == .created, "\(defaults.raw)")
            #expect(
                defaults.value("properties.publishingProfile.targetRegions")
                    == .array([
                        .object([
                            ("name", .string("East US 2")), ("regionalReplicaCount", .number(2)), ("storageAccountType", .string("Standard_ZRS")),
                        ]),
                        .object([("name", .string("West US")), ("regionalReplicaCount", .number(3)), ("storageAccountType", .string("Standard_LRS"))]
                        ),
                    ])
            )
            let noRegions = try await c.putVersion("1.0.1", body: C.versionBody(publishing: "{}"))
            #expect(noRegions.value("properties.publishingProfile.targetRegions.0.name") == .string("West US"), "the version's own region by default")
        }
    }

    /// The Azure CLI updates with GET then a PUT without sources; Packer sends `"endOfLifeDate": ""`.
    @Test func updatesKeepTheSourceAndRefuseImmutableChanges() async throws {
        try await withService { c in
            try await c.makeImage()
            try await c.waitFor(
                try await c.putVersion("1.0.0", body: C.versionBody(publishing: #"{"targetRegions": [{"name": "westus"}], "endOfLifeDate": ""}"#))
            )
            let cliUpdate = #"""
                {"location": "westus", "properties": {"publishingProfile": {"excludeFromLatest": false, "replicaCount": 2, "storageAccountType": "Standard_LRS",
                 "targetRegions": [{"name": "eastus2", "regionalReplicaCount": 1}, {"name": "westus"}]}, "safetyProfile": {"allowDeletionOfReplicatedLocations": false},
                 "storageProfile": {"osDiskImage": {"hostCaching": "ReadWrite", "source": {}}}}, "tags": {}}
                """#
            let updated = try await c.putVersion("1.0.0", body: cliUpdate)
            #expect(updated.status == .ok, "\(updated.raw)")
            #expect(updated.string("properties.storageProfile.source.id") == C.managedImage, "the stored source is kept")
            #expect(updated.value("properties.publishingProfile.targetRegions.1.regionalReplicaCount") == .number(2))
            try await c.waitFor(updated)
            let otherSource = try await c.putVersion("1.0.0", body: C.versionBody(source: #"{"source": {"id": "\#(C.managedImage)2"}}"#))
            #expect(otherSource.status == .conflict)
            #expect(otherSource.errorCode == "PropertyChangeNotAllowed")
            #expect(otherSource.errorTarget == "galleryImageVersion.properties.storageProfile.source.id")
            let zrs = try await c.putVersion(
                "1.0.0",
                body: C.versionBody(publishing: #"{"targetRegions": [{"name": "westus"}], "storageAccountType": "Standard_ZRS"}"#)
            )
            #expect(zrs.errorTarget == "galleryImageVersion.properties.publishingProfile.storageAccountType")
            let past = try await c.putVersion(
                "1.0.0",
                body: C.versionBody(publishing: #"{"targetRegions": [{"name": "westus"}], "endOfLifeDate": "2001-01-01"}"#)
            )
            #expect(past.errorMessage == "EndOfLifeDate must be set to a future date.")
        }
    }

    /// Terraform and SDK programs send a GET's body back with their change: `osDiskImage.source: {}` beside the
    /// top-level source is no change, and the read-only members are ignored.
    @Test func aGetBodySentBackIsAnUpdate() async throws {
        try await withService { c in
            try await c.makeImage()
            try await c.waitFor(try await c.putVersion("1.0.0"))
            let shown = try await c.getVersion("1.0.0")
            #expect(shown.value("properties.storageProfile.osDiskImage.source") == .object([]))
            let sentBack = shown.raw.replacingOccurrences(of: #""replicaCount":1"#, with: #""replicaCount":2"#)
            #expect(sentBack != shown.raw)
            let updated = try await c.putVersion("1.0.0", body: sentBack)
            #expect(updated.status == .ok, "\(updated.raw)")
            #expect(updated.value("properties.publishingProfile.replicaCount") == .number(2))
            #expect(updated.string("properties.storageProfile.source.id") == C.managedImage)
        }
    }

    @Test func aDefinitionWithVersionsRefusesDelete() async throws {
        try await withService { c in
            try await c.makeImage()
            try await c.waitFor(try await c.putVersion("1.0.0"))
            try await c.waitFor(try await c.putVersion("1.0.1"))
            let refused = try await c.send(.delete, "\(C.image("rg", "gallery", "img"))?api-version=2021-10-01")
            #expect(refused.status == .conflict)
            #expect(
                refused.errorMessage
                    == "Cannot delete resource while nested resources exist. Some existing nested resource IDs include: 'Microsoft.Compute/galleries/gallery/images/img/versions/1.0.0, Microsoft.Compute/galleries/gallery/images/img/versions/1.0.1'. Please delete all nested resources before deleting this resource."
            )
            for version in ["1.0.0", "1.0.1"] {
                let deleted = try await c.send(.delete, "\(C.version("rg", "gallery", "img", version))?api-version=2023-07-03")
                #expect(deleted.status == .accepted)
                #expect(deleted.header("Location")?.contains("monitor=true") == true)
                try await c.waitFor(deleted)
            }
            #expect(try await c.send(.delete, "\(C.image("rg", "gallery", "img"))?api-version=2021-10-01").status == .accepted)
        }
    }

    @Test func versionsListInPages() async throws {
        try await withService { c in
            try await c.makeImage()
            for patch in 0..<5 { try await c.putVersion("1.0.\(patch)") }
            let first = try await c.send(.get, "\(C.image("rg", "gallery", "img"))/versions?api-version=2023-07-03&$top=3")
            #expect(first.count("value") == 3)
            let next = try #require(first.string("nextLink"))
            let second = try await c.send(.get, C.pathAndQuery(next))
            #expect(second.count("value") == 2)
            #expect(second.string("nextLink") == nil)
            #expect(
                try await c.send(.get, "\(C.image("rg", "gallery", "nope"))/versions?api-version=2023-07-03").errorCode == "ParentResourceNotFound"
            )
        }
    }

    /// Replication takes `--replication-duration` (four times `--operation-duration` by default), and
    /// UEFI keys are echoed by the PUT that sets them and shown by a GET only with `$expand=UefiSettings`.
    @Test func uefiSettingsShowInTheWriteAnswerAndOnExpand() async throws {
        try await withService { c in
            try await c.makeImage(body: C.seedImage.replacingOccurrences(of: #""V1""#, with: #""V2""#))
            let uefi =
                #"{"signatureTemplateNames": ["MicrosoftUefiCertificateAuthorityTemplate"], "additionalSignatures": {"db": [{"type": "x509", "value": ["<x509 value>"]}]}}"#
            let body =
                #"{"location": "westus", "properties": {"publishingProfile": {"targetRegions": [{"name": "westus"}]}, "storageProfile": {"source": {"id": "\#(C.managedImage)"}}, "securityProfile": {"uefiSettings": \#(uefi)}}}"#
            let created = try await c.putVersion("1.0.0", body: body)
            #expect(created.status == .created, "\(created.raw)")
            let echoed = created.value("properties.securityProfile.uefiSettings.signatureTemplateNames")
            #expect(echoed == .array([.string("MicrosoftUefiCertificateAuthorityTemplate")]))
            try await c.waitFor(created)
            #expect(try await c.getVersion("1.0.0").value("properties.securityProfile") == nil)
            let expanded = try await c.getVersion("1.0.0", expand: "UefiSettings")
            #expect(expanded.value("properties.securityProfile.uefiSettings.additionalSignatures.db.0.type") == .string("x509"))
        }
    }

    /// A region's encryption stays when an update of the target regions leaves it out.
    @Test func anUpdateWithoutEncryptionKeepsARegionsEncryption() async throws {
        try await withService { c in
            try await c.makeImage()
            let des = "/subscriptions/\(C.subscription)/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des"
            let encrypted = #"{"targetRegions": [{"name": "westus", "encryption": {"osDiskImage": {"diskEncryptionSetId": "\#(des)"}}}]}"#
            try await c.waitFor(try await c.putVersion("1.0.0", body: C.versionBody(publishing: encrypted)))
            let patched = try await c.send(
                .patch,
                "\(C.version("rg", "gallery", "img", "1.0.0"))?api-version=2023-07-03",
                body:
                    #"{"properties": {"publishingProfile": {"targetRegions": [{"name": "West US"}, {"name": "East US", "regionalReplicaCount": 2}]}}}"#
            )
            #expect(patched.status == .ok, "\(patched.raw)")
            #expect(patched.string("properties.publishingProfile.targetRegions.0.encryption.osDiskImage.diskEncryptionSetId") == des)
            #expect(patched.value("properties.publishingProfile.targetRegions.1.encryption") == nil)
        }
    }

    /// `$expand=ReplicationStatus` shows its progress per region.
    @Test func replicationProgressesWithTheClock() async throws {
        let clock = ManualClock()
        var configuration = ServiceConfiguration.forTests
        configuration.operationDuration = 1
        configuration.clock = clock
        try await withService(configuration: configuration) { c in
            try await c.putGroup("rg")
            let gallery = try await c.putGallery("rg", "gallery")
            clock.advance(by: 1)
            try await c.waitFor(gallery)
            try await c.putImage("rg", "gallery", "img")
            clock.advance(by: 1)
            let created = try await c.putVersion(
                "1.0.0",
                body: C.versionBody(publishing: #"{"targetRegions": [{"name": "westus"}, {"name": "eastus"}]}"#)
            )
            clock.advance(by: 2)
            let halfway = try await c.getVersion("1.0.0", expand: "ReplicationStatus")
            #expect(halfway.string("properties.replicationStatus.aggregatedState") == "InProgress")
            #expect(
                halfway.value("properties.replicationStatus.summary.1")
                    == .object([
                        ("region", .string("East US")), ("state", .string("Replicating")), ("details", .string("")), ("progress", .number(50)),
                    ])
            )
            #expect(try await c.send(.get, C.pathAndQuery(try #require(created.header("Azure-AsyncOperation")))).string("status") == "InProgress")
            clock.advance(by: 2)
            #expect(try await c.waitFor(created).string("status") == "Succeeded")
            let done = try await c.getVersion("1.0.0", expand: "replicationstatus,UefiSettings")
            #expect(done.string("properties.replicationStatus.aggregatedState") == "Completed")
            #expect(done.value("properties.replicationStatus.summary.0.progress") == .number(100))
            #expect(try await c.getVersion("1.0.0").value("properties.replicationStatus") == nil)
            #expect(try await c.getVersion("1.0.0", expand: "Everything").errorCode == "InvalidParameter")
        }
    }

    /// Before 2019-07-01 the source was `publishingProfile.source.managedImage.id`; members a version lacks are refused
    /// in requests and left out of responses.
    @Test func olderApiVersionsUseTheirOwnSchema() async throws {
        try await withService { c in
            try await c.makeImage()
            let legacy = #"{"location": "westus", "properties": {"publishingProfile": {"source": {"managedImage": {"id": "\#(C.managedImage)"}}}}}"#
            let created = try await c.putVersion("1.0.0", body: legacy, api: "2018-06-01")
            #expect(created.status == .created, "\(created.raw)")
            #expect(created.string("properties.publishingProfile.source.managedImage.id") == C.managedImage)
            #expect(created.value("properties.publishingProfile.storageAccountType") == nil, "2018-06-01 has no storageAccountType")
            #expect(created.value("properties.safetyProfile") == nil)
            #expect(try await c.getVersion("1.0.0").string("properties.storageProfile.source.id") == C.managedImage)
            let newer = try await c.putVersion("1.0.1", body: C.versionBody(), api: "2018-06-01")
            #expect(newer.status == .badRequest)
            #expect(newer.errorCode == "BadRequest")
            #expect(newer.errorTarget == "galleryImageVersion.properties.storageProfile.source")
            #expect(
                newer.errorMessage?.hasPrefix("Could not find member 'source' on object of type 'GalleryImageVersionStorageProfile'.") == true,
                "\(newer.raw)"
            )
        }
    }

    @Test func unknownMembersAreRefusedWhereAzureRefusesThem() async throws {
        try await withService { c in
            try await c.makeImage()
            let body = C.versionBody(source: #"{"source": {"id": "\#(C.managedImage)", "uri": "https://x"}}"#)
            let inProperties = try await c.putVersion("1.0.0", body: body, api: "2023-07-03")
            #expect(inProperties.status == .badRequest)
            #expect(inProperties.errorCode == "BadRequest")
            #expect(inProperties.errorTarget == "galleryImageVersion.properties.storageProfile.source.uri")
            let topLevel = try await c.putVersion("1.0.0", body: #"{"location": "westus", "colour": "blue", "properties": {}}"#)
            #expect(topLevel.errorCode == "InvalidRequestContent")
            #expect(
                topLevel.errorMessage?.contains("Could not find member 'colour' on object of type 'ResourceDefinition'.") == true,
                "\(topLevel.raw)"
            )
        }
    }
}
