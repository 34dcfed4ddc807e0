import Hummingbird

/// The request context: Hummingbird's core storage with ARM's 4 MB body limit.
public struct ARMRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var maxUploadSize: Int { ARMRequestContext.maxBodySize }

    /// ARM rejects request bodies larger than 4 MB with 413.
    public static let maxBodySize = 4 * 1024 * 1024

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }
}
