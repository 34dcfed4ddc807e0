/// A resource provider namespace: its api-versions and how its long-running operations are polled.
public struct ResourceProvider: Sendable, Equatable {
    /// How a provider's long-running operations answer.
    public enum Operations: Sendable, Equatable {
        /// ARM's own (resource groups): PUT is synchronous; DELETE answers 202 with a `Location` under
        /// `/subscriptions/{s}/operationresults/{id}`.
        case resourceManager
        /// Azure Compute's: writes answer at once with a non-terminal `provisioningState` and an `Azure-AsyncOperation`
        /// URL under `/subscriptions/{s}/providers/Microsoft.Compute/locations/{region}/capsOperations/{id}`.
        case compute
    }

    public let namespace: String
    /// Published api-versions, oldest first.
    public let apiVersions: [String]
    public let operations: Operations

    public static let resources = ResourceProvider(namespace: "Microsoft.Resources", apiVersions: APIVersion.resources, operations: .resourceManager)
    public static let compute = ResourceProvider(namespace: "Microsoft.Compute", apiVersions: APIVersion.compute, operations: .compute)

    /// The api-version if the provider publishes it (or `acceptAny` and it is well formed), else ARM's 400 for it.
    /// `type` is the resource type as ARM's error text names it (`galleries/images`).
    func check(apiVersion: String?, type: String, acceptAny: Bool) throws -> String {
        guard let version = apiVersion, !version.isEmpty else { throw ARMError.missingAPIVersion }
        if apiVersions.contains(version) { return version }
        if acceptAny, APIVersion.isWellFormed(version) { return version }
        switch operations {
        case .compute: throw ARMError.noRegisteredProvider(apiVersion: version, type: type, location: "westus", supported: apiVersions.reversed())
        case .resourceManager: throw ARMError.invalidAPIVersion(version, supported: apiVersions.reversed())
        }
    }
}
