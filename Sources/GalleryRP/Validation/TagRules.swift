/// ARM's tag limits: 50 tags, names up to 512 characters without reserved characters, values up to 256.
enum TagRules {
    private static let reserved: Set<Character> = ["<", ">", "%", "&", "\\", "?", "/"]

    /// Validates the tags and returns them in a stable order.
    static func validate(_ tags: [String: String]?) throws -> [Tag]? {
        guard let tags else { return nil }
        guard tags.count <= 50 else { throw ARMError.tooManyTags(tags.count) }
        let names = tags.keys.sorted()
        if names.contains(where: \.isEmpty) { throw ARMError.emptyTagName }
        let bad = names.filter { $0.contains { reserved.contains($0) || $0.unicodeScalars.contains { $0.properties.generalCategory == .control } } }
        if !bad.isEmpty { throw ARMError.invalidTagNameCharacters(bad) }
        if let long = names.first(where: { $0.count > 512 }) { throw ARMError.tagNameTooLong(long) }
        if let long = names.first(where: { tags[$0]!.count > 256 }) { throw ARMError.tagValueTooLong(long) }
        return names.map { Tag(name: $0, value: tags[$0]!) }
    }
}
