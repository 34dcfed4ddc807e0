/// A read-only member (`provisioningState`, `publishedDate`, `sizeInGB`…) that a request may carry back from a GET, as
/// Terraform does: the member exists in the model, so it is accepted whatever its value, and it is never taken from the
/// request (validators clear it before storing).
public struct ReadOnlyMember: Codable, Sendable, Equatable {
    public init() {}
    public init(from decoder: any Decoder) throws {}
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encodeNil()
    }
}
