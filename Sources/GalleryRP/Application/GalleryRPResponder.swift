import Hummingbird

/// The service's responder. ARM paths (`/subscriptions…`) go straight into the middleware pipeline, which ends in
/// ``ARMRoutes``; everything else goes to the router's trie (health, the control plane, the identity endpoints). So an
/// ARM request never walks the trie, whose parameter routes (`/:tenant/…`) every path would be matched against.
struct GalleryRPResponder: HTTPResponder {
    typealias Context = ARMRequestContext

    private let fixed: RouterResponder<ARMRequestContext>
    private let arm: any HTTPResponder<ARMRequestContext>

    /// `router` must hold all its middleware.
    init(router: Router<ARMRequestContext>) {
        fixed = router.buildResponder()
        arm = router.middlewares.constructResponder(finalResponder: NoRoute())
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        guard Self.isARMPath(request.uri.path) else { return try await fixed.respond(to: request, context: context) }
        do {
            return try await arm.respond(to: request, context: context)
        } catch let error as any HTTPResponseError {
            return try error.response(from: request, context: context)
        }
    }

    /// Whether the path's first segment is `subscriptions` (ignoring case).
    static func isARMPath(_ path: String) -> Bool {
        let keyword = "/subscriptions".utf8
        let bytes = path.utf8
        guard bytes.count >= keyword.count else { return false }
        var index = bytes.startIndex
        for expected in keyword {
            guard bytes[index] | 0x20 == expected | 0x20 else { return false }
            index = bytes.index(after: index)
        }
        return index == bytes.endIndex || bytes[index] == UInt8(ascii: "/")
    }

    /// The end of the pipeline for an ARM path ``ARMRoutes`` did not serve: the 404 the error middleware renders.
    private struct NoRoute: HTTPResponder {
        func respond(to request: Request, context: ARMRequestContext) throws -> Response { throw HTTPError(.notFound) }
    }
}
