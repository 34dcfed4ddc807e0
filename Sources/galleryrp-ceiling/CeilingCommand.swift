import ArgumentParser
import Foundation
import GalleryRP
import Hummingbird
import HummingbirdTLS

/// The benchmark's ceiling: the same HTTP stack doing the least work a request can do. `GET /ceiling` returns the bytes
/// of a real image GET and `GET /ceiling/list` those of a real list page (read from files); `PUT /ceiling` decodes an image body and re-encodes it without storing.
@main
struct CeilingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "galleryrp-ceiling", abstract: "Bare Hummingbird responders for the benchmark.")

    @Option(help: "HTTPS port.") var port = 9443
    @Option(name: .customLong("http-port"), help: "Plain HTTP port.") var httpPort = 9080
    @Option(name: .customLong("data-dir"), help: "Where the CA and certificate are kept.") var dataDirectory = "./.galleryrp-ceiling"
    @Option(name: .customLong("get-body"), help: "File with the exact bytes a GET of an image returns.") var getBody: String
    @Option(name: .customLong("list-body"), help: "File with the exact bytes a list page returns.") var listBody: String

    func run() async throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: getBody))
        let listBytes = try Data(contentsOf: URL(fileURLWithPath: listBody))
        let router = Router()
        router.get("/ceiling") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        router.get("/ceiling/list") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: listBytes)))
        }
        router.put("/ceiling") { request, context in
            var request = request
            let buffer = try await request.collectBody(upTo: 4 * 1024 * 1024)
            let body = try JSONNetDecoder().decode(CeilingBody.self, from: try JSONParser.parse(buffer.readableBytesView))
            let encoded = try JSONEncoder().encode(body.properties)
            return Response(
                status: .created,
                headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: encoded))
            )
        }
        let authority = try CertificateAuthority.loadOrCreate(directory: dataDirectory, hostNames: [])
        let https = Application(
            router: router,
            server: try .tls(.http1(), tlsConfiguration: try authority.tlsConfiguration()),
            configuration: .init(address: .hostname("127.0.0.1", port: port))
        )
        let http = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: httpPort)))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await https.runService() }
            group.addTask { try await http.run() }
            try await group.next()
            group.cancelAll()
        }
    }
}

/// An image PUT body, decoded as the service decodes one.
struct CeilingBody: Decodable {
    var location: String?
    var tags: [String: String]?
    var properties: GalleryImageProperties?
}
