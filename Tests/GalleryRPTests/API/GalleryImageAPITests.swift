import Foundation
import HTTPTypes
import Hummingbird
import Testing

@testable import GalleryRP

@Suite struct GalleryImageAPITests {
    typealias C = ARMTestClient

    @Test func createAnswers201CreatingWithOperationHeadersThenSucceeds() async throws {
        try await withService { c in
            try await c.makeGallery()
            let created = try await c.putImage("rg", "gallery", "seed")
            #expect(created.status == .created)
            #expect(created.string("properties.provisioningState") == "Creating")
            #expect(created.string("location") == "westus")
            #expect(created.string("type") == "Microsoft.Compute/galleries/images")
            #expect(created.string("id") == C.image("rg", "gallery", "seed"))
            #expect(created.string("properties.architecture") == "x64")
            #expect(created.string("properties.hyperVGeneration") == "V1")
            let operationURL = try #require(created.header("Azure-AsyncOperation"))
            #expect(operationURL.hasPrefix("http://"))
            #expect(operationURL.contains("/subscriptions/\(C.subscription)/providers/Microsoft.Compute/locations/westus/capsOperations/"))
            #expect(operationURL.hasSuffix("?api-version=2023-07-03"))
            #expect(created.header("Retry-After") == "1")
            #expect(created.header("Location") == nil)
            let status = try await c.waitFor(created)
            #expect(status.string("status") == "Succeeded")
            #expect(status.string("startTime")?.hasSuffix("+00:00") == true)
            #expect(status.string("endTime") != nil)
            #expect(status.string("name") == operationURL.split(separator: "/").last?.split(separator: "?").first.map(String.init))
            let fetched = try await c.getImage("rg", "gallery", "seed")
            #expect(fetched.status == .ok)
            #expect(fetched.string("properties.provisioningState") == "Succeeded")
            #expect(fetched.string("properties.identifier.publisher") == "myPublisherName")
        }
    }

    @Test func responseKeysFollowAzureOrder() async throws {
        try await withService { c in
            try await c.makeGallery()
            let created = try await c.putImage("rg", "gallery", "seed")
            #expect(created.keyOrder(["name", "id", "type", "location", "properties"]))
            #expect(created.keyOrder(["hyperVGeneration", "architecture", "osType", "osState", "identifier", "provisioningState"]))
        }
    }

    @Test func secondPutIsAnUpdate() async throws {
        try await withService { c in
            try await c.makeGallery()
            try await c.waitFor(try await c.putImage("rg", "gallery", "seed"))
            let body = C.seedImage.replacingOccurrences(of: #""osType""#, with: #""description": "second", "osType""#)
            let updated = try await c.putImage("rg", "gallery", "SEED", body: body)
            #expect(updated.status == .ok)
            #expect(updated.string("properties.provisioningState") == "Updating")
            #expect(updated.string("name") == "SEED", "the most recently specified casing is returned")
            try await c.waitFor(updated)
            let fetched = try await c.getImage("rg", "gallery", "seed")
            #expect(fetched.string("properties.description") == "second")
            #expect(fetched.string("properties.provisioningState") == "Succeeded")
        }
    }

    @Test func pathsAreCaseInsensitive() async throws {
        try await withService { c in
            try await c.makeGallery("Rg", "Gallery")
            try await c.waitFor(try await c.putImage("Rg", "Gallery", "MyImage"))
            let fetched = try await c.send(
                .get,
                "/SUBSCRIPTIONS/\(C.subscription)/RESOURCEGROUPS/rg/PROVIDERS/microsoft.compute/GALLERIES/gallery/IMAGES/myimage?api-version=2023-07-03"
            )
            #expect(fetched.status == .ok)
            #expect(fetched.string("name") == "MyImage")
        }
    }

    @Test(arguments: [
        ("osType", #""osType": "Linux""#, "galleryImage.properties.osType"),
        ("osState", #""osState": "Specialized""#, "galleryImage.properties.osState"),
        ("hyperVGeneration", #""hyperVGeneration": "V2""#, "galleryImage.properties.hyperVGeneration"),
        (
            "publisher", #""identifier": {"publisher": "other", "offer": "myOfferName", "sku": "mySkuName"}"#,
            "galleryImage.properties.identifier.publisher"
        ),
        (
            "offer", #""identifier": {"publisher": "myPublisherName", "offer": "other", "sku": "mySkuName"}"#,
            "galleryImage.properties.identifier.offer"
        ),
        ("sku", #""identifier": {"publisher": "myPublisherName", "offer": "myOfferName", "sku": "other"}"#, "galleryImage.properties.identifier.sku"),
        ("architecture", #""architecture": "Arm64""#, "galleryImage.properties.architecture"),
        ("eula", #""eula": "new terms""#, "galleryImage.properties.eula"),
        ("privacyStatementUri", #""privacyStatementUri": "https://example.com/p""#, "galleryImage.properties.privacyStatementUri"),
        ("purchasePlan", #""purchasePlan": {"name": "plan", "publisher": "p", "product": "x"}"#, "galleryImage.properties.purchasePlan.name"),
    ])
    func immutablePropertyChangeIsRejected(name: String, patch: String, target: String) async throws {
        try await withService { c in
            try await c.makeGallery()
            try await c.waitFor(try await c.putImage("rg", "gallery", "seed"))
            let before = try await c.getImage("rg", "gallery", "seed")
            let reply = try await c.send(.patch, "\(C.image("rg", "gallery", "seed"))?api-version=2023-07-03", body: "{\"properties\": {\(patch)}}")
            #expect(reply.status == .conflict)
            #expect(reply.errorCode == "PropertyChangeNotAllowed")
            #expect(reply.errorTarget == target)
            #expect(reply.errorMessage == "Changing property '\(target)' is not allowed.")
            let after = try await c.getImage("rg", "gallery", "seed")
            #expect(after.raw == before.raw, "a refused change stores nothing")
        }
    }

    @Test func putWithoutHyperVGenerationOnAV2ImageIsAChange() async throws {
        try await withService { c in
            try await c.makeGallery()
            try await c.waitFor(try await c.putImage("rg", "gallery", "img", body: C.imageBody(hyperV: "V2")))
            let reply = try await c.putImage(
                "rg",
                "gallery",
                "img",
                body: C.imageBody().replacingOccurrences(of: #""hyperVGeneration": "V1", "#, with: "")
            )
            #expect(reply.status == .conflict)
            #expect(reply.errorTarget == "galleryImage.properties.hyperVGeneration")
        }
    }

    @Test func patchMergesPropertiesAndReplacesTags() async throws {
        try await withService { c in
            try await c.makeGallery()
            try await c.waitFor(
                try await c.putImage(
                    "rg",
                    "gallery",
                    "img",
                    body:
                        #"{"location":"westus","tags":{"a":"1","b":"2"},"properties":{"osType":"Linux","osState":"Generalized","identifier":{"publisher":"p","offer":"o","sku":"s"},"description":"first","recommended":{"vCPUs":{"min":1,"max":4}}}}"#
                )
            )
            let patched = try await c.send(
                .patch,
                "\(C.image("rg", "gallery", "img"))?api-version=2023-07-03",
                body: #"{"tags":{"c":"3"},"properties":{"description":"patched","recommended":{"memory":{"min":2,"max":8}}}}"#
            )
            #expect(patched.status == .ok)
            #expect(patched.string("properties.provisioningState") == "Updating")
            #expect(patched.header("Azure-AsyncOperation") != nil)
            #expect(patched.string("properties.description") == "patched")
            #expect(patched.value("properties.recommended.vCPUs.max") == .number(4))
            #expect(patched.value("properties.recommended.memory.max") == .number(8))
            #expect(patched.value("tags") == .object([("c", .string("3"))]))
            #expect(patched.string("properties.osType") == "Linux")
            let removed = try await c.send(
                .patch,
                "\(C.image("rg", "gallery", "img"))?api-version=2023-07-03",
                body: #"{"properties":{"description":null}}"#
            )
            #expect(removed.value("properties.description") == nil)
        }
    }

    @Test func patchOfMissingImageIs404() async throws {
        try await withService { c in
            try await c.makeGallery()
            let reply = try await c.send(
                .patch,
                "\(C.image("rg", "gallery", "nope"))?api-version=2023-07-03",
                body: #"{"properties":{"description":"x"}}"#
            )
            #expect(reply.status == .notFound)
            #expect(reply.errorCode == "ResourceNotFound")
        }
    }

    @Test func duplicateIdentifierInAGalleryIsRejected() async throws {
        try await withService { c in
            try await c.makeGallery()
            try await c.putImage("rg", "gallery", "first")
            let body = C.seedImage.replacingOccurrences(of: "myOfferName", with: "MYOFFERNAME")
            let reply = try await c.putImage("rg", "gallery", "second", body: body)
            #expect(reply.status == .conflict)
            #expect(reply.errorCode == "OperationNotAllowed")
            #expect(
                reply.errorMessage?.hasPrefix(
                    "Gallery image: first identified by (publisher:myPublisherName, offer:MYOFFERNAME, sku:mySkuName) already exists."
                ) == true
            )
            #expect(try await c.getImage("rg", "gallery", "second").status == .notFound)
            // The same identifier in another gallery is fine.
            try await c.putGallery("rg", "other")
            #expect(try await c.putImage("rg", "other", "second").status == .created)
        }
    }

    @Test(arguments: ["_image", "image-", "image.", "-image", "im age", "im@ge", String(repeating: "a", count: 81)])
    func invalidImageNamesAreRejected(name: String) async throws {
        try await withService { c in
            try await c.makeGallery()
            let encoded = name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)!
            let reply = try await c.putImage("rg", "gallery", encoded)
            #expect(reply.status == .badRequest)
            #expect(reply.errorCode == "InvalidParameter")
            #expect(reply.errorTarget == "galleryImageName")
        }
    }

    @Test(arguments: ["a", "image_1.2-x", "A1", String(repeating: "a", count: 80)])
    func validImageNamesAreAccepted(name: String) async throws {
        try await withService { c in
            try await c.makeGallery()
            #expect(try await c.putImage("rg", "gallery", name).status == .created)
        }
    }

    @Test(arguments: [
        (
            #"{"location":"westus","properties":{"osState":"Generalized","identifier":{"publisher":"p","offer":"o","sku":"s"}}}"#,
            "galleryImage.properties.osType"
        ),
        (
            #"{"location":"westus","properties":{"osType":"Linux","identifier":{"publisher":"p","offer":"o","sku":"s"}}}"#,
            "galleryImage.properties.osState"
        ),
        (#"{"location":"westus","properties":{"osType":"Linux","osState":"Generalized"}}"#, "galleryImage.properties.identifier"),
        (
            #"{"location":"westus","properties":{"osType":"Linux","osState":"Generalized","identifier":{"offer":"o","sku":"s"}}}"#,
            "galleryImage.properties.identifier.publisher"
        ),
        (#"{"location":"westus"}"#, "galleryImage.properties.osType"),
    ])
    func missingRequiredPropertiesAreRejected(body: String, target: String) async throws {
        try await withService { c in
            try await c.makeGallery()
            let reply = try await c.putImage("rg", "gallery", "img", body: body)
            #expect(reply.status == .badRequest)
            #expect(reply.errorCode == "InvalidParameter")
            #expect(reply.errorTarget == target)
            #expect(reply.errorMessage == "Required parameter '\(target)' is missing (null).")
        }
    }

    @Test func missingLocationIsRejected() async throws {
        try await withService { c in
            try await c.makeGallery()
            let reply = try await c.putImage("rg", "gallery", "img", body: #"{"properties":{"osType":"Linux"}}"#)
            #expect(reply.status == .badRequest)
            #expect(reply.errorCode == "LocationRequired")
        }
    }

    @Test func enumsAreCaseInsensitiveAndEchoedCanonically() async throws {
        try await withService { c in
            try await c.makeGallery()
            let body =
                #"{"location":"WEST us","properties":{"osType":"linux","osState":"GENERALIZED","hyperVGeneration":"v2","architecture":"arm64","identifier":{"publisher":"p","offer":"o","sku":"s"}}}"#
            let reply = try await c.putImage("rg", "gallery", "img", body: body)
            #expect(reply.status == .created)
            #expect(reply.string("properties.osType") == "Linux")
            #expect(reply.string("properties.osState") == "Generalized")
            #expect(reply.string("properties.hyperVGeneration") == "V2")
            #expect(reply.string("properties.architecture") == "Arm64")
            #expect(reply.string("location") == "westus")
        }
    }

    @Test(arguments: [
        (#""osType": "Solaris""#, "galleryImage.properties.osType"),
        (#""osType": "Linux", "osState": "Frozen""#, "galleryImage.properties.osState"),
        (#""osType": "Linux", "hyperVGeneration": "V3""#, "galleryImage.properties.hyperVGeneration"),
        (#""osType": "Linux", "architecture": "riscv""#, "galleryImage.properties.architecture"),
    ])
    func invalidEnumValuesAreRejected(fields: String, target: String) async throws {
        try await withService { c in
            try await c.makeGallery()
            var body = #"{"location":"westus","properties":{FIELDS, "osState":"Generalized","identifier":{"publisher":"p","offer":"o","sku":"s"}}}"#
            if fields.contains("osState") { body = body.replacingOccurrences(of: #", "osState":"Generalized""#, with: "") }
            let reply = try await c.putImage("rg", "gallery", "img", body: body.replacingOccurrences(of: "FIELDS", with: fields))
            #expect(reply.status == .badRequest)
            #expect(reply.errorCode == "InvalidParameter")
            #expect(reply.errorTarget == target)
        }
    }

    @Test(arguments: [
        (#"{"publisher": "", "offer": "o", "sku": "s"}"#, "publisher"),
        (#"{"publisher": "p.", "offer": "o", "sku": "s"}"#, "publisher"),
        (#"{"publisher": "p", "offer": "o o", "sku": "s"}"#, "offer"),
        (#"{"publisher": "p", "offer": "o", "sku": "s/x"}"#, "sku"),
        ("{\"publisher\": \"\(String(repeating: "p", count: 129))\", \"offer\": \"o\", \"sku\": \"s\"}", "publisher"),
        ("{\"publisher\": \"p\", \"offer\": \"\(String(repeating: "o", count: 65))\", \"sku\": \"s\"}", "offer"),
    ])
    func identifierRulesAreEnforced(identifier: String, part: String) async throws {
        try await withService { c in
            try await c.makeGallery()
            let body = #"{"location":"westus","properties":{"osType":"Linux","osState":"Generalized","identifier":\#(identifier)}}"#
            let reply = try await c.putImage("rg", "gallery", "img", body: body)
            #expect(reply.status == .badRequest)
            #expect(reply.errorCode == "InvalidParameter")
            #expect(reply.errorTarget == "galleryImage.properties.identifier.\(part)")
            #expect(reply.errorMessage?.hasPrefix("Asset name galleryImage.properties.identifier.\(part) is not valid.") == true)
        }
    }

    @Test func trustedLaunchNeedsGen2() async throws {
        try await withService { c in
            try await c.makeGallery()
            let feature = #""features": [{"name": "SecurityType", "value": "TrustedLaunch"}]"#
            let v1 = try await c.putImage("rg", "gallery", "img", body: C.imageBody(hyperV: "V1", extra: feature))
            #expect(v1.status == .badRequest)
            #expect(v1.errorCode == "InvalidParameter")
            #expect(v1.errorTarget == "galleryImage.properties.hyperVGeneration")
            let v2 = try await c.putImage("rg", "gallery", "img", body: C.imageBody(hyperV: "V2", extra: feature))
            #expect(v2.status == .created)
            #expect(v2.raw.contains(#""features":[{"name":"SecurityType","value":"TrustedLaunch"}]"#))
            let standard = try await c.putImage(
                "rg",
                "gallery",
                "std",
                body: C.imageBody(sku: "s2", extra: #""features": [{"name": "SecurityType", "value": "Standard"}]"#)
            )
            #expect(standard.status == .created)
        }
    }

    @Test(arguments: [
        #"[{"name": "IsAcceleratedNetworkSupported", "value": "Tr@ue"}]"#,
        #"[{"name": "SecurityType", "value": "Bogus"}]"#,
        #"[{"name": "", "value": "True"}]"#,
        #"[{"name": "DiskControllerTypes", "value": "SCSI"}, {"name": "diskcontrollertypes", "value": "NVMe"}]"#,
    ])
    func invalidFeaturesAreRejected(features: String) async throws {
        try await withService { c in
            try await c.makeGallery()
            let reply = try await c.putImage("rg", "gallery", "img", body: C.imageBody(hyperV: "V2", extra: "\"features\": \(features)"))
            #expect(reply.status == .badRequest)
            #expect(reply.errorCode == "InvalidParameter")
            #expect(reply.errorTarget == "galleryImage.properties.features")
        }
    }

    @Test func featuresChangeOnlyWithAllowUpdateImageFrom2024() async throws {
        try await withService { c in
            try await c.makeGallery()
            let scsi = #""features": [{"name": "DiskControllerTypes", "value": "SCSI"}]"#
            let both = #""features": [{"name": "DiskControllerTypes", "value": "SCSI, NVMe", "startsAtVersion": "2.0.0"}]"#
            let bothBefore2024 = #""features": [{"name": "DiskControllerTypes", "value": "SCSI, NVMe"}]"#
            try await c.waitFor(try await c.putImage("rg", "gallery", "img", body: C.imageBody(hyperV: "V2", extra: scsi)))
            let old = try await c.putImage("rg", "gallery", "img", body: C.imageBody(hyperV: "V2", extra: bothBefore2024))
            #expect(old.status == .conflict)
            #expect(old.errorCode == "PropertyChangeNotAllowed")
            #expect(old.value("error.details.0.target") == .string("DiskControllerTypes"))
            // 2023-07-03's model has neither member: Compute refuses them as unknown.
            for extra in [both, bothBefore2024 + #", "allowUpdateImage": true"#] {
                let unknown = try await c.putImage("rg", "gallery", "img", body: C.imageBody(hyperV: "V2", extra: extra))
                #expect(unknown.errorCode == "BadRequest")
                #expect(unknown.errorMessage?.hasPrefix("Could not find member") == true, "\(unknown.raw)")
            }
            let without = try await c.putImage("rg", "gallery", "img", body: C.imageBody(hyperV: "V2", extra: both), api: "2024-03-03")
            #expect(without.status == .conflict)
            let allowed = try await c.putImage(
                "rg",
                "gallery",
                "img",
                body: C.imageBody(hyperV: "V2", extra: both + #", "allowUpdateImage": true"#),
                api: "2024-03-03"
            )
            #expect(allowed.status == .ok)
            #expect(allowed.value("properties.allowUpdateImage") == nil, "allowUpdateImage is never echoed")
            #expect(allowed.raw.contains(#"[{"startsAtVersion":"2.0.0","name":"DiskControllerTypes","value":"SCSI, NVMe"}]"#))
            let older = try await c.getImage("rg", "gallery", "img", api: "2023-07-03")
            #expect(older.value("properties.features.0.startsAtVersion") == nil, "2023-07-03 has no startsAtVersion")
        }
    }

    @Test func recommendedRangesAndEndOfLife() async throws {
        try await withService { c in
            try await c.makeGallery()
            let inverted = try await c.putImage("rg", "gallery", "img", body: C.imageBody(extra: #""recommended": {"vCPUs": {"min": 8, "max": 2}}"#))
            #expect(inverted.status == .badRequest)
            #expect(inverted.errorTarget == "galleryImage.properties.recommended.vCPUs")
            let past = try await c.putImage("rg", "gallery", "img", body: C.imageBody(extra: #""endOfLifeDate": "2001-01-01""#))
            #expect(past.status == .badRequest)
            #expect(past.errorMessage == "EndOfLifeDate must be set to a future date.")
            let garbage = try await c.putImage("rg", "gallery", "img", body: C.imageBody(extra: #""endOfLifeDate": "tomorrow""#))
            #expect(garbage.status == .badRequest)
            #expect(garbage.errorCode == "BadRequest")
            #expect(garbage.errorMessage == "Could not convert string to DateTimeOffset: tomorrow. Path 'properties.endOfLifeDate'.")
            #expect(garbage.errorTarget == "galleryImage.properties.endOfLifeDate")
            let good = try await c.putImage("rg", "gallery", "img", body: C.imageBody(extra: #""endOfLifeDate": "2099-05-01T10:00:00Z""#))
            #expect(good.status == .created)
            #expect(good.string("properties.endOfLifeDate") == "2099-05-01T10:00:00+00:00")
        }
    }

    @Test func everySchemaPropertyIsEchoed() async throws {
        try await withService { c in
            try await c.makeGallery()
            let extra = #"""
                "description": "d", "eula": "e", "privacyStatementUri": "https://p", "releaseNoteUri": "https://r",
                "endOfLifeDate": "2099-01-01T00:00:00+00:00", "recommended": {"vCPUs": {"min": 1, "max": 2}, "memory": {"min": 3, "max": 4}},
                "disallowed": {"diskTypes": ["Standard_LRS"]}, "purchasePlan": {"name": "n", "publisher": "pp", "product": "pr"},
                "features": [{"name": "IsAcceleratedNetworkSupported", "value": "True"}], "architecture": "x64", "provisioningState": "Succeeded"
                """#
            let reply = try await c.putImage("rg", "gallery", "img", body: C.imageBody(extra: extra))
            #expect(reply.status == .created)
            for (path, expected) in [
                ("properties.description", "d"), ("properties.eula", "e"), ("properties.privacyStatementUri", "https://p"),
                ("properties.releaseNoteUri", "https://r"), ("properties.endOfLifeDate", "2099-01-01T00:00:00+00:00"),
                ("properties.disallowed.diskTypes.0", "Standard_LRS"), ("properties.purchasePlan.name", "n"),
                ("properties.purchasePlan.publisher", "pp"),
                ("properties.purchasePlan.product", "pr"), ("properties.features.0.value", "True"), ("properties.provisioningState", "Creating"),
            ] {
                #expect(reply.string(path) == expected, "\(path)")
            }
            #expect(reply.value("properties.recommended.memory.min") == .number(3))
        }
    }

    @Test func emptyDisallowedIsNotEchoed() async throws {
        try await withService { c in
            try await c.makeGallery()
            let reply = try await c.putImage("rg", "gallery", "img", body: C.imageBody(extra: #""disallowed": {}"#))
            #expect(reply.status == .created)
            #expect(reply.value("properties.disallowed") == nil)
        }
    }

    @Test func locationCannotChange() async throws {
        try await withService { c in
            try await c.makeGallery()
            try await c.waitFor(try await c.putImage("rg", "gallery", "img", body: C.imageBody()))
            let reply = try await c.putImage("rg", "gallery", "img", body: C.imageBody(location: "eastus"))
            #expect(reply.status == .conflict)
            #expect(reply.errorCode == "InvalidResourceLocation")
        }
    }

    @Test func unknownLocationIsRejected() async throws {
        try await withService { c in
            try await c.makeGallery()
            let reply = try await c.putImage("rg", "gallery", "img", body: C.imageBody(location: "Atlantis"))
            #expect(reply.status == .badRequest)
            #expect(reply.errorCode == "LocationNotAvailableForResourceType")
        }
    }

    @Test func missingContainersAnswerTheirOwn404s() async throws {
        try await withService { c in
            let noGroup = try await c.putImage("nogroup", "gallery", "img")
            #expect(noGroup.status == .notFound)
            #expect(noGroup.errorCode == "ResourceGroupNotFound")
            #expect(noGroup.errorMessage == "Resource group 'nogroup' could not be found.")
            try await c.putGroup("rg")
            let noGallery = try await c.putImage("rg", "nogallery", "img")
            #expect(noGallery.status == .notFound)
            #expect(noGallery.errorCode == "ParentResourceNotFound")
            #expect(noGallery.errorMessage == "Can not perform requested operation on nested resource. Parent resource 'nogallery' not found.")
            #expect(try await c.getImage("rg", "nogallery", "img").errorCode == "ParentResourceNotFound")
            #expect(try await c.send(.delete, "\(C.image("rg", "nogallery", "img"))?api-version=2023-07-03").status == .noContent)
            try await c.makeGallery()
            let noImage = try await c.getImage("rg", "gallery", "missing")
            #expect(noImage.status == .notFound)
            #expect(noImage.errorCode == "ResourceNotFound")
            #expect(
                noImage.errorMessage?.hasPrefix(
                    "The Resource 'Microsoft.Compute/galleries/gallery/images/missing' under resource group 'rg' was not found."
                ) == true
            )
        }
    }

    @Test(arguments: ["{", "not json", #"{"location": {}}"#, "[]", "\u{FF}\u{FE}"])
    func malformedBodiesAreRejected(body: String) async throws {
        try await withService { c in
            try await c.makeGallery()
            let reply = try await c.putImage("rg", "gallery", "img", body: body)
            #expect(reply.status == .badRequest)
            #expect(reply.errorCode == "InvalidRequestContent")
            #expect(try await c.getImage("rg", "gallery", "img").status == .notFound)
        }
    }

    /// Azure's resource providers read bodies with Json.NET, which converts between strings, numbers and booleans and
    /// matches member names ignoring case; Azure's own quickstart template sends `recommended` limits as strings.
    @Test func bodiesAreReadAsJsonNetReadsThem() async throws {
        try await withService { c in
            try await c.makeGallery()
            let body = #"""
                {"Location": "West US", "Properties": {"OSType": "Linux", "osState": "Generalized", "description": 5, "eula": true,
                 "identifier": {"Publisher": "p", "offer": "o", "sku": "s"},
                 "recommended": {"vCPUs": {"min": "1", "max": " 4 "}, "memory": {"min": "", "max": 16}}}}
                """#
            let created = try await c.putImage("rg", "gallery", "img", body: body)
            #expect(created.status == .created, "\(created.raw)")
            let image = try await c.getImage("rg", "gallery", "img")
            #expect(image.value("properties.recommended.vCPUs") == .object([("min", .number(1)), ("max", .number(4))]))
            #expect(image.value("properties.recommended.memory") == .object([("max", .number(16))]), "an empty string is null")
            #expect(image.string("properties.description") == "5")
            #expect(image.string("properties.eula") == "true")
            #expect(image.string("properties.osType") == "Linux")
            #expect(image.string("properties.identifier.publisher") == "p")
            let allowed = try await c.send(
                .patch,
                "\(C.image("rg", "gallery", "img"))?api-version=2024-03-03",
                body: #"{"properties": {"allowUpdateImage": "True", "features": [{"name": "DiskControllerTypes", "value": "SCSI"}]}}"#
            )
            #expect(allowed.status == .ok, "a string converts to a boolean: \(allowed.raw)")
        }
    }

    /// What Json.NET refuses inside `properties` is Compute's 400 `BadRequest`, with Json.NET's message (path and position)
    /// and the member as target; nothing is stored. Compute refuses members its model lacks too.
    @Test(arguments: [
        (
            #"{"location":"westus","properties":{"recommended":{"vCPUs":{"min":"abc"}}}}"#,
            "Could not convert string to integer: abc. Path 'properties.recommended.vCPUs.min', line 1, position 70.",
            "galleryImage.properties.recommended.vCPUs.min"
        ),
        (
            #"{"location":"westus","properties":{"recommended":{"vCPUs":{"min":1.5}}}}"#,
            "Input string '1.5' is not a valid integer. Path 'properties.recommended.vCPUs.min', line 1, position 68.",
            "galleryImage.properties.recommended.vCPUs.min"
        ),
        (
            #"{"location":"westus","properties":{"identifier":"p/o/s"}}"#,
            #"Error converting value "p/o/s" to type 'Microsoft.WindowsAzure.ComputeArtifactPublishing.Service.API.Model.GalleryImageIdentifier'. Path 'properties.identifier', line 1, position 55."#,
            "galleryImage.properties.identifier"
        ),
        (
            "{\"location\":\n  \"westus\",\n  \"properties\": {\"osType\": {}}}",
            "Unexpected character encountered while parsing value: {. Path 'properties.osType', line 3, position 28.",
            "galleryImage.properties.osType"
        ),
        (
            #"{"location":"westus","properties":{"osType":"Linux","colour":"blue"}}"#,
            "Could not find member 'colour' on object of type 'GalleryImageProperties'. Path 'properties.colour', line 1, position 61.",
            "galleryImage.properties.colour"
        ),
    ])
    func jsonNetRefusalsAreAnsweredWithItsMessages(body: String, message: String, target: String) async throws {
        try await withService { c in
            try await c.makeGallery()
            let reply = try await c.putImage("rg", "gallery", "img", body: body)
            #expect(reply.status == .badRequest)
            #expect(reply.errorCode == "BadRequest")
            #expect(reply.errorMessage == message)
            #expect(reply.errorTarget == target)
            #expect(try await c.getImage("rg", "gallery", "img").status == .notFound)
        }
    }

    /// Syntax errors and the envelope are ARM's: 400 `InvalidRequestContent` around Json.NET's message.
    @Test(arguments: [
        (
            #"{"location":"westus","properties":{"osType":"Linux"}"#,
            "Unexpected end when deserializing object. Path 'properties', line 1, position 52."
        ),
        (
            #"{"location":"westus","tags":["a"]}"#,
            #"Cannot deserialize the current JSON array (e.g. [1,2,3]) into type 'System.Collections.Generic.Dictionary`2[System.String,System.String]'"#
        ),
        (
            #"{"location":"westus","zone":"1"}"#,
            "Could not find member 'zone' on object of type 'ResourceDefinition'. Path 'zone', line 1, position 28."
        ),
    ])
    func envelopeAndSyntaxErrorsAreARMs(body: String, message: String) async throws {
        try await withService { c in
            try await c.makeGallery()
            let reply = try await c.putImage("rg", "gallery", "img", body: body)
            #expect(reply.status == .badRequest)
            #expect(reply.errorCode == "InvalidRequestContent")
            #expect(
                reply.errorMessage?.hasPrefix("The request content was invalid and could not be deserialized: '\(message)") == true,
                "\(reply.raw)"
            )
            #expect(reply.errorTarget == nil)
        }
    }

    /// ARM takes bodies only as `application/json` (parameters such as `charset` allowed).
    @Test(arguments: [(nil, "<null>"), ("text/plain", "text/plain"), ("application/x-www-form-urlencoded", "application/x-www-form-urlencoded")])
    func bodiesNotSentAsJSONAre415(contentType: String?, named: String) async throws {
        try await withService { c in
            try await c.makeGallery()
            let headers = contentType.map { C.auth.merging([.contentType: $0]) } ?? C.auth
            let url = "\(C.image("rg", "gallery", "img"))?api-version=2023-07-03"
            let reply = try await c.send(.put, url, body: C.seedImage, headers: headers, json: false)
            #expect(reply.status == .unsupportedMediaType)
            #expect(reply.errorCode == "UnsupportedMediaType")
            #expect(reply.errorMessage == "The content media type '\(named)' is not supported. Only 'application/json' is supported.")
            #expect(try await c.getImage("rg", "gallery", "img").status == .notFound)
            let charset = try await c.send(.put, url, body: C.seedImage, headers: C.auth.merging([.contentType: "Application/JSON; charset=utf-8"]))
            #expect(charset.status == .created)
        }
    }

    @Test func bodiesOver4MBAre413() async throws {
        try await withService { c in
            try await c.makeGallery()
            let big = C.imageBody(extra: "\"description\": \"\(String(repeating: "x", count: 4 * 1024 * 1024))\"")
            let reply = try await c.putImage("rg", "gallery", "img", body: big)
            #expect(reply.status == .contentTooLarge)
            #expect(reply.errorCode == "RequestContentTooLarge")
        }
    }

    @Test func deleteRunsAsAnOperation() async throws {
        try await withService { c in
            try await c.makeGallery()
            try await c.waitFor(try await c.putImage("rg", "gallery", "img"))
            let deleted = try await c.send(.delete, "\(C.image("rg", "gallery", "img"))?api-version=2023-07-03")
            #expect(deleted.status == .accepted)
            #expect(deleted.raw.isEmpty)
            let location = try #require(deleted.header("Location"))
            #expect(location.contains("monitor=true"))
            #expect(deleted.header("Retry-After") == "1")
            let status = try await c.waitFor(deleted)
            #expect(status.string("status") == "Succeeded")
            #expect(try await c.send(.get, C.pathAndQuery(location)).status == .ok)
            #expect(try await c.getImage("rg", "gallery", "img").status == .notFound)
            let again = try await c.send(.delete, "\(C.image("rg", "gallery", "img"))?api-version=2023-07-03")
            #expect(again.status == .noContent)
        }
    }

    @Test func aRecreatedImageIsNeverServedFromAStaleCache() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("galleryrp-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteResourceStore(path: directory.appendingPathComponent("db.sqlite").path)
        try await withService(store: store) { c in
            try await c.makeGallery()
            try await c.waitFor(try await c.putImage("rg", "gallery", "img", body: C.imageBody(extra: #""description": "first""#)))
            #expect(try await c.getImage("rg", "gallery", "img").string("properties.description") == "first")
            try await c.waitFor(try await c.send(.delete, "\(C.image("rg", "gallery", "img"))?api-version=2023-07-03"))
            try await c.waitFor(try await c.putImage("rg", "gallery", "img", body: C.imageBody(extra: #""description": "second""#)))
            let again = try await c.getImage("rg", "gallery", "img")
            #expect(again.string("properties.description") == "second", "same key and version, different content")
        }
    }

    @Test func listPagesWithTopAndSkipToken() async throws {
        try await withService { c in
            try await c.makeGallery()
            for i in 0..<5 { try await c.putImage("rg", "gallery", "img\(i)", body: C.imageBody(sku: "s\(i)")) }
            var names: [String] = []
            var next: String? = "\(C.gallery("rg", "gallery"))/images?api-version=2023-07-03&$top=2"
            var pages = 0
            while let url = next {
                let page = try await c.send(.get, url.hasPrefix("http") ? C.pathAndQuery(url) : url)
                #expect(page.status == .ok)
                pages += 1
                for i in 0..<(page.count("value") ?? 0) { names.append(page.string("value.\(i).name") ?? "") }
                next = page.string("nextLink")
                if let next {
                    #expect(next.hasPrefix("http://"))
                    #expect(next.contains("api-version=2023-07-03"))
                    #expect(next.contains("%24skipToken=") || next.contains("$skipToken="))
                }
            }
            #expect(pages == 3)
            #expect(names == ["img0", "img1", "img2", "img3", "img4"])
            let bad = try await c.send(.get, "\(C.gallery("rg", "gallery"))/images?api-version=2023-07-03&$skipToken=garbage")
            #expect(bad.status == .badRequest)
            let badTop = try await c.send(.get, "\(C.gallery("rg", "gallery"))/images?api-version=2023-07-03&$top=0")
            #expect(badTop.status == .badRequest)
        }
    }

    @Test func skipTokenOfAnotherGalleryIsRefused() async throws {
        try await withService { c in
            try await c.makeGallery("rg", "one")
            try await c.makeGallery("rg", "two")
            for i in 0..<3 { try await c.putImage("rg", "one", "img\(i)", body: C.imageBody(sku: "s\(i)")) }
            let page = try await c.send(.get, "\(C.gallery("rg", "one"))/images?api-version=2023-07-03&$top=1")
            let next = try #require(page.string("nextLink"))
            let foreign = C.pathAndQuery(next).replacingOccurrences(of: "/galleries/one/", with: "/galleries/two/")
            #expect(try await c.send(.get, foreign).status == .badRequest)
        }
    }
}
