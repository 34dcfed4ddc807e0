import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GalleryRP

/// A decoded response: status, headers and the JSON body.
struct Reply: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: JSONValue?
    var raw: String

    /// The value at a dotted path such as `properties.provisioningState` or `value.0.name`.
    func value(_ path: String) -> JSONValue? {
        var current = body
        for part in path.split(separator: ".") {
            if let index = Int(part), case .array(let items)? = current {
                current = index < items.count ? items[index] : nil
            } else {
                current = current?[String(part)]
            }
        }
        return current
    }

    func string(_ path: String) -> String? {
        if case .string(let s)? = value(path) { return s }
        return nil
    }

    func count(_ path: String) -> Int? {
        if case .array(let items)? = value(path) { return items.count }
        return nil
    }

    /// The member names of the object at a dotted path, in order.
    func keys(_ path: String) -> [String]? {
        if case .object(let members)? = value(path) { return members.map(\.0) }
        return nil
    }

    var errorCode: String? { string("error.code") }
    var errorTarget: String? { string("error.target") }
    var errorMessage: String? { string("error.message") }
    func header(_ name: String) -> String? { headers[HTTPField.Name(name)!] }

    /// Whether the raw body names these keys in this order.
    func keyOrder(_ keys: [String]) -> Bool {
        let positions = keys.compactMap { raw.range(of: "\"\($0)\":")?.lowerBound }
        return positions.count == keys.count && positions == positions.sorted()
    }
}

/// Drives the service in-process through Hummingbird's router test client.
struct ARMTestClient: Sendable {
    let client: any TestClientProtocol
    static let subscription = "11111111-2222-3333-4444-555555555555"
    static let auth: HTTPFields = [.authorization: "Bearer test-token"]

    /// Sends a request; a body goes as `application/json` unless `headers` name another `Content-Type` or `json` is false.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method,
        _ path: String,
        body: String? = nil,
        headers: HTTPFields = ARMTestClient.auth,
        json: Bool = true
    ) async throws -> Reply {
        var headers = headers
        if json && body != nil && headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            let text = String(buffer: response.body)
            return Reply(
                status: response.status,
                headers: response.headers,
                body: text.isEmpty ? nil : try? JSONValue.parse(Data(text.utf8)),
                raw: text
            )
        }
    }

    // MARK: Paths

    static func group(_ rg: String) -> String { "/subscriptions/\(subscription)/resourcegroups/\(rg)" }
    static func gallery(_ rg: String, _ g: String) -> String {
        "/subscriptions/\(subscription)/resourceGroups/\(rg)/providers/Microsoft.Compute/galleries/\(g)"
    }
    static func image(_ rg: String, _ g: String, _ i: String) -> String { gallery(rg, g) + "/images/\(i)" }
    static func version(_ rg: String, _ g: String, _ i: String, _ v: String) -> String { image(rg, g, i) + "/versions/\(v)" }

    /// A managed image id, the source the Azure CLI's `--managed-image` sends.
    static let managedImage = "/subscriptions/\(subscription)/resourceGroups/rg/providers/Microsoft.Compute/images/managedImage1"

    /// The body `az sig image-version create --managed-image … ` sends.
    static func versionBody(
        source: String = #"{"source": {"id": "\#(managedImage)"}}"#,
        publishing: String = #"{"targetRegions": [{"name": "westus"}]}"#,
        location: String = "westus"
    ) -> String {
        #"{"location": "\#(location)", "properties": {"publishingProfile": \#(publishing), "storageProfile": \#(source)}, "tags": {}}"#
    }

    // MARK: Helpers, one per operation

    @discardableResult
    func putGroup(_ rg: String, location: String = "West US", api: String = "2024-11-01") async throws -> Reply {
        try await send(.put, "\(Self.group(rg))?api-version=\(api)", body: #"{"location":"\#(location)"}"#)
    }

    @discardableResult
    func putGallery(_ rg: String, _ g: String, body: String = #"{"location":"West US"}"#, api: String = "2023-07-03") async throws -> Reply {
        try await send(.put, "\(Self.gallery(rg, g))?api-version=\(api)", body: body)
    }

    @discardableResult
    func putImage(_ rg: String, _ g: String, _ i: String, body: String = ARMTestClient.seedImage, api: String = "2023-07-03") async throws -> Reply {
        try await send(.put, "\(Self.image(rg, g, i))?api-version=\(api)", body: body)
    }

    func getImage(_ rg: String, _ g: String, _ i: String, api: String = "2023-07-03") async throws -> Reply {
        try await send(.get, "\(Self.image(rg, g, i))?api-version=\(api)")
    }

    @discardableResult
    func putVersion(_ v: String, body: String = ARMTestClient.versionBody(), image: String = "img", api: String = "2023-07-03") async throws -> Reply
    {
        try await send(.put, "\(Self.version("rg", "gallery", image, v))?api-version=\(api)", body: body)
    }

    func getVersion(_ v: String, image: String = "img", api: String = "2023-07-03", expand: String? = nil) async throws -> Reply {
        try await send(.get, "\(Self.version("rg", "gallery", image, v))?api-version=\(api)\(expand.map { "&$expand=\($0)" } ?? "")")
    }

    /// A resource group, a gallery and an image definition (`img`, Windows, generalized), all finished.
    func makeImage(_ i: String = "img", body: String = ARMTestClient.seedImage) async throws {
        try await makeGallery()
        try await waitFor(try await putImage("rg", "gallery", i, body: body))
    }

    /// Creates a resource group and a gallery whose operation has finished.
    func makeGallery(_ rg: String = "rg", _ g: String = "gallery") async throws {
        try await putGroup(rg)
        try await waitFor(try await putGallery(rg, g))
    }

    /// Polls the reply's `Azure-AsyncOperation` URL until the operation is terminal; returns the final status body.
    @discardableResult
    func waitFor(_ reply: Reply) async throws -> Reply {
        let url = try #require(reply.header("Azure-AsyncOperation"), "no Azure-AsyncOperation header: \(reply.status) \(reply.raw)")
        for _ in 0..<200 {
            let status = try await send(.get, Self.pathAndQuery(url))
            if status.string("status") != "InProgress" { return status }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("operation did not finish")
        return reply
    }

    /// The path and query of an absolute URL.
    static func pathAndQuery(_ url: String) -> String {
        let components = URLComponents(string: url)!
        return components.percentEncodedPath + (components.percentEncodedQuery.map { "?\($0)" } ?? "")
    }

    static let seedImage = #"""
        {"location": "West US", "properties": {"osType": "Windows", "osState": "Generalized", "hyperVGeneration": "V1",
         "identifier": {"publisher": "myPublisherName", "offer": "myOfferName", "sku": "mySkuName"}}}
        """#

    /// An image body with its identifier and extra `properties` members.
    static func imageBody(sku: String = "mySkuName", hyperV: String = "V1", extra: String = "", location: String = "West US") -> String {
        #"{"location": "\#(location)", "properties": {"osType": "Linux", "osState": "Generalized", "hyperVGeneration": "\#(hyperV)", "identifier": {"publisher": "pub", "offer": "offer", "sku": "\#(sku)"}\#(extra.isEmpty ? "" : ", " + extra)}}"#
    }
}

/// Runs `body` against a fresh in-process service.
func withService(
    store: (any ResourceStore)? = nil,
    configuration: ServiceConfiguration = .forTests,
    control: ControlPlane? = nil,
    _ body: @escaping @Sendable (ARMTestClient) async throws -> Void
) async throws {
    let access = try await GalleryRPServer.makeAccessControl(configuration)
    let app = GalleryRPServer.buildApplication(
        store: store ?? MemoryResourceStore(),
        configuration: configuration,
        access: access,
        control: control
    )
    try await app.test(.router) { client in try await body(ARMTestClient(client: client)) }
}

extension ServiceConfiguration {
    /// In memory, operations due at once, keys in the tests' shared data directory.
    static var forTests: ServiceConfiguration {
        var configuration = ServiceConfiguration()
        configuration.inMemory = true
        configuration.operationDuration = 0
        configuration.dataDirectory = TestKeys.dataDirectory
        return configuration
    }
}

/// One data directory (signing key, CA) shared by the in-process tests.
enum TestKeys {
    static let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("galleryrp-tests-\(getpid())").path
}
