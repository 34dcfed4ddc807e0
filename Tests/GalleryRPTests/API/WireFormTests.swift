import Foundation
import Testing

@testable import GalleryRP

/// Image definitions are stored in wire form and answered from the stored bytes: at every api-version and state, the
/// answer must be byte for byte what rendering the decoded model gives, and the stored bytes must decode to the model.
@Suite struct WireFormTests {
    typealias P = GalleryImageProperties

    static var samples: [(String, P)] {
        var minimal = P()
        minimal.osType = "Linux"
        minimal.osState = "Generalized"
        minimal.identifier = .init(publisher: "p", offer: "o", sku: "s")
        var full = minimal
        full.description = #"quotes " and \ backslash, a/slash, line\#nbreak, tab\#t, é, 🙂, \#u{1}"#
        full.eula = "eula"
        full.privacyStatementUri = "https://example.com/privacy"
        full.releaseNoteUri = "https://example.com/notes"
        full.hyperVGeneration = "V2"
        full.architecture = "Arm64"
        full.endOfLifeDate = "2030-01-01T00:00:00+00:00"
        full.recommended = .init(vCPUs: .init(min: 1, max: 16), memory: .init(min: 2048, max: nil))
        full.disallowed = .init(diskTypes: ["Standard_LRS", "Premium_LRS"])
        full.purchasePlan = .init(name: "n", publisher: "p", product: "x")
        full.features = [
            .init(name: "SecurityType", value: "TrustedLaunch", startsAtVersion: nil), .init(name: "IsAcceleratedNetworkSupported", value: "true"),
        ]
        var startsAt = full
        startsAt.features = [.init(name: "DiskControllerTypes", value: "SCSI, NVMe", startsAtVersion: "1.0.0")]
        var noFeatures = minimal
        noFeatures.features = []
        noFeatures.recommended = .init(vCPUs: nil, memory: nil)
        return [("minimal", minimal), ("full", full), ("startsAtVersion", startsAt), ("empty features", noFeatures)]
    }

    static func record(_ properties: Data, wireForm: Bool?, state: ProvisioningState) -> ResourceRecord {
        ResourceRecord(
            key: "/subscriptions/s/resourcegroups/rg/providers/microsoft.compute/galleries/g/images/i",
            id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/i",
            name: "i",
            type: .galleryImage,
            parentKey: "/subscriptions/s/resourcegroups/rg/providers/microsoft.compute/galleries/g",
            subscriptionKey: "/subscriptions/s",
            location: "westus",
            tags: nil,
            properties: properties,
            provisioningState: state,
            operationID: nil,
            uniqueKey: nil,
            version: 1,
            wireForm: wireForm
        )
    }

    @Test(arguments: samples.map(\.0))
    func answersFromStoredBytesEqualTheRenderedModel(sample: String) throws {
        let properties = try #require(Self.samples.first { $0.0 == sample }?.1)
        let schema = GalleryImageSchema()
        let any = AnyResourceSchema(schema)
        let wire = Data(try #require(schema.wire(properties)).serialized())
        #expect(try JSONDecoder().decode(P.self, from: wire) == properties, "the stored bytes decode to the model")
        let form = try #require(schema.wireForm)
        var answeredFromBytes = 0
        for apiVersion in APIVersion.compute {
            for state in [ProvisioningState.succeeded, .creating, .failed] {
                let options = RenderOptions(apiVersion: apiVersion)
                let stored = try any.render(Self.record(wire, wireForm: true, state: state), options).serialized()
                let model = schema.render(properties, record: Self.record(Data(), wireForm: nil, state: state), options: options).serialized()
                #expect(stored == model, "\(sample) at \(apiVersion), \(state.rawValue)")
                if form.answers(wire, apiVersion: apiVersion) { answeredFromBytes += 1 }
            }
        }
        // Versions that lack a member the image holds render it from the model instead.
        let expected = ["minimal": 3 * 15, "full": 3 * 9, "startsAtVersion": 3 * 4, "empty features": 3 * 11]
        #expect(answeredFromBytes == expected[sample])
    }

    @Test func imagesStoredBeforeTheWireFormStillRender() throws {
        let properties = try #require(Self.samples.first { $0.0 == "full" }?.1)
        let any = AnyResourceSchema(GalleryImageSchema())
        let wire = Data(try #require(GalleryImageSchema().wire(properties)).serialized())
        let old = Self.record(try JSONEncoder().encode(properties), wireForm: nil, state: .succeeded)
        let options = RenderOptions(apiVersion: "2023-07-03")
        #expect(
            try any.render(old, options).serialized() == (try any.render(Self.record(wire, wireForm: true, state: .succeeded), options).serialized())
        )
    }
}
