import Foundation
import HTTPTypes
import Hummingbird
import Testing

@testable import GalleryRP

@Suite struct GalleryAPITests {
    typealias C = ARMTestClient

    @Test func createGetAndUniqueName() async throws {
        try await withService { c in
            try await c.putGroup("rg")
            let created = try await c.putGallery(
                "rg",
                "myGallery",
                body: #"{"location":"West US","properties":{"description":"gallery for a test"}}"#
            )
            #expect(created.status == .created)
            #expect(created.string("properties.provisioningState") == "Creating")
            #expect(created.string("properties.identifier.uniqueName") == "\(C.subscription)-MYGALLERY")
            #expect(created.header("Azure-AsyncOperation") != nil)
            #expect(created.header("Location") == nil, "az sig create uses final-state-via=location, so PUT must not send Location")
            try await c.waitFor(created)
            let fetched = try await c.send(.get, "\(C.gallery("rg", "mygallery"))?api-version=2026-03-03")
            #expect(fetched.status == .ok)
            #expect(fetched.string("properties.provisioningState") == "Succeeded")
            #expect(fetched.string("properties.description") == "gallery for a test")
            #expect(fetched.string("type") == "Microsoft.Compute/galleries")
        }
    }

    @Test(arguments: ["my-gallery", "_gallery", "gallery_", "gallery.", ".g", String(repeating: "g", count: 81)])
    func invalidGalleryNamesAreRejected(name: String) async throws {
        try await withService { c in
            try await c.putGroup("rg")
            let reply = try await c.putGallery("rg", name)
            #expect(reply.status == .badRequest)
            #expect(reply.errorCode == "InvalidParameter")
            #expect(reply.errorTarget == "galleryName")
        }
    }

    @Test(arguments: ["g", "gal_azflow", "my.gallery_1", String(repeating: "g", count: 80)])
    func validGalleryNamesAreAccepted(name: String) async throws {
        try await withService { c in
            try await c.putGroup("rg")
            #expect(try await c.putGallery("rg", name).status == .created)
        }
    }

    @Test func patchUpdatesDescriptionAndTags() async throws {
        try await withService { c in
            try await c.makeGallery()
            let patched = try await c.send(
                .patch,
                "\(C.gallery("rg", "gallery"))?api-version=2023-07-03",
                body: #"{"tags":{"env":"test"},"properties":{"description":"patched"}}"#
            )
            #expect(patched.status == .ok)
            #expect(patched.string("properties.description") == "patched")
            #expect(patched.string("tags.env") == "test")
            #expect(patched.string("properties.provisioningState") == "Updating")
        }
    }

    @Test func listsByGroupAndSubscription() async throws {
        try await withService { c in
            try await c.makeGallery("rg1", "a")
            try await c.makeGallery("rg1", "b")
            try await c.makeGallery("rg2", "c")
            let inGroup = try await c.send(
                .get,
                "/subscriptions/\(C.subscription)/resourceGroups/rg1/providers/Microsoft.Compute/galleries?api-version=2023-07-03"
            )
            #expect(inGroup.count("value") == 2)
            let inSubscription = try await c.send(
                .get,
                "/subscriptions/\(C.subscription)/providers/Microsoft.Compute/galleries?api-version=2023-07-03"
            )
            #expect(inSubscription.count("value") == 3)
            #expect(inSubscription.value("nextLink") == nil)
            let otherSubscription = try await c.send(
                .get,
                "/subscriptions/99999999-2222-3333-4444-555555555555/providers/Microsoft.Compute/galleries?api-version=2023-07-03"
            )
            #expect(otherSubscription.count("value") == 0)
        }
    }

    @Test func galleryGetQueryOptionsAreChecked() async throws {
        try await withService { c in
            try await c.makeGallery()
            #expect(try await c.send(.get, "\(C.gallery("rg", "gallery"))?api-version=2023-07-03&$select=Permissions").status == .ok)
            #expect(try await c.send(.get, "\(C.gallery("rg", "gallery"))?api-version=2023-07-03&$expand=SharingProfile/Groups").status == .ok)
            let bad = try await c.send(.get, "\(C.gallery("rg", "gallery"))?api-version=2023-07-03&%24select=")
            #expect(bad.status == .badRequest)
            #expect(bad.errorTarget == "$select")
        }
    }

    @Test func invalidSharingPermissionIsRejected() async throws {
        try await withService { c in
            try await c.putGroup("rg")
            let reply = try await c.putGallery("rg", "g", body: #"{"location":"westus","properties":{"sharingProfile":{"permissions":"Everyone"}}}"#)
            #expect(reply.status == .badRequest)
            #expect(reply.errorTarget == "gallery.properties.sharingProfile.permissions")
        }
    }
}

@Suite struct ResourceGroupAPITests {
    typealias C = ARMTestClient

    @Test func putGetHeadListDelete() async throws {
        try await withService { c in
            let created = try await c.putGroup("My-RG")
            #expect(created.status == .created)
            #expect(created.string("id") == "/subscriptions/\(C.subscription)/resourceGroups/My-RG")
            #expect(created.string("location") == "westus")
            #expect(created.string("properties.provisioningState") == "Succeeded")
            #expect(try await c.putGroup("my-rg").status == .ok)
            #expect(try await c.send(.get, "\(C.group("MY-RG"))?api-version=2024-11-01").status == .ok)
            #expect(try await c.send(.head, "\(C.group("my-rg"))?api-version=2024-11-01").status == .noContent)
            #expect(try await c.send(.head, "\(C.group("other"))?api-version=2024-11-01").status == .notFound)
            let list = try await c.send(.get, "/subscriptions/\(C.subscription)/resourcegroups?api-version=2024-11-01")
            #expect(list.count("value") == 1)
        }
    }

    @Test func deleteCascadesWithLocationPolling() async throws {
        try await withService { c in
            try await c.makeGallery("rg", "gallery")
            try await c.waitFor(try await c.putImage("rg", "gallery", "img"))
            try await c.makeGallery("rg2", "gallery")
            let deleted = try await c.send(.delete, "\(C.group("rg"))?api-version=2024-11-01")
            #expect(deleted.status == .accepted)
            let location = try #require(deleted.header("Location"))
            #expect(location.contains("/operationresults/"))
            var final = try await c.send(.get, C.pathAndQuery(location))
            for _ in 0..<100 where final.status == .accepted {
                try await Task.sleep(for: .milliseconds(10))
                final = try await c.send(.get, C.pathAndQuery(location))
            }
            #expect(final.status == .ok)
            #expect(try await c.send(.get, "\(C.group("rg"))?api-version=2024-11-01").errorCode == "ResourceGroupNotFound")
            #expect(try await c.getImage("rg", "gallery", "img").errorCode == "ResourceGroupNotFound")
            // A group of the same name starts empty, and the other group is untouched.
            try await c.putGroup("rg")
            #expect(try await c.send(.get, "\(C.gallery("rg", "gallery"))?api-version=2023-07-03").errorCode == "ResourceNotFound")
            #expect(try await c.send(.get, "\(C.gallery("rg2", "gallery"))?api-version=2023-07-03").status == .ok)
        }
    }

    @Test func percentEncodedNamesAreDecoded() async throws {
        try await withService { c in
            let created = try await c.putGroup("rg%28test%29")
            #expect(created.status == .created)
            #expect(created.string("name") == "rg(test)")
            #expect(try await c.send(.get, "\(C.group("rg(test)"))?api-version=2024-11-01").status == .ok)
        }
    }

    @Test func anEncodedSlashCannotReachAnotherResource() async throws {
        try await withService { c in
            try await c.makeGallery("rg", "g")
            let aliased = try await c.send(.get, "\(C.group("rg%2Fproviders%2FMicrosoft.Compute%2Fgalleries%2Fg"))?api-version=2024-11-01")
            #expect(aliased.status == .notFound)
            #expect(aliased.errorCode == "ResourceGroupNotFound")
            let put = try await c.putGroup("rg%2Fx")
            #expect(put.errorCode == "InvalidResourceGroupName")
        }
    }

    @Test func deleteOfMissingGroupIs404() async throws {
        try await withService { c in
            let reply = try await c.send(.delete, "\(C.group("nope"))?api-version=2024-11-01")
            #expect(reply.status == .notFound)
            #expect(reply.errorCode == "ResourceGroupNotFound")
        }
    }

    @Test func locationCannotChange() async throws {
        try await withService { c in
            try await c.putGroup("rg", location: "westus")
            let reply = try await c.putGroup("rg", location: "eastus")
            #expect(reply.status == .conflict)
            #expect(reply.errorCode == "InvalidResourceGroupLocation")
        }
    }

    @Test(arguments: ["rg.", "r g", "rg#", String(repeating: "r", count: 91)])
    func invalidNamesAreRejected(name: String) async throws {
        try await withService { c in
            let reply = try await c.putGroup(name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(reply.status == .badRequest)
            #expect(reply.errorCode == "InvalidResourceGroupName")
        }
    }

    @Test func tagLimits() async throws {
        try await withService { c in
            let many = (0..<51).map { "\"t\($0)\":\"v\"" }.joined(separator: ",")
            let tooMany = try await c.send(.put, "\(C.group("rg"))?api-version=2024-11-01", body: #"{"location":"westus","tags":{\#(many)}}"#)
            #expect(tooMany.status == .badRequest)
            #expect(tooMany.errorCode == "InvalidTagsCount")
            let reserved = try await c.send(.put, "\(C.group("rg"))?api-version=2024-11-01", body: #"{"location":"westus","tags":{"a<b":"v"}}"#)
            #expect(reserved.errorCode == "InvalidTagNameCharacters")
            let longValue = try await c.send(
                .put,
                "\(C.group("rg"))?api-version=2024-11-01",
                body: "{\"location\":\"westus\",\"tags\":{\"a\":\"\(String(repeating: "v", count: 257))\"}}"
            )
            #expect(longValue.errorCode == "InvalidTagValueLength")
            let longName = try await c.send(
                .put,
                "\(C.group("rg"))?api-version=2024-11-01",
                body: "{\"location\":\"westus\",\"tags\":{\"\(String(repeating: "n", count: 513))\":\"v\"}}"
            )
            #expect(longName.errorCode == "InvalidTagNameLength")
            #expect(try await c.send(.get, "\(C.group("rg"))?api-version=2024-11-01").status == .notFound)
            let fifty = (0..<50).map { "\"t\($0)\":\"v\"" }.joined(separator: ",")
            #expect(
                try await c.send(.put, "\(C.group("rg"))?api-version=2024-11-01", body: #"{"location":"westus","tags":{\#(fifty)}}"#).status
                    == .created
            )
        }
    }
}
