/// Name rules for the resources in the hierarchy, as Azure enforces them server-side.
enum NameRules {
    private static func isAlphanumeric(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }

    /// Subscription ids are GUIDs.
    static func checkSubscriptionID(_ id: String) throws {
        // 8-4-4-4-12 hex digits, checked on the UTF-8 bytes.
        var valid = id.utf8.count == 36
        var index = 0
        for byte in id.utf8 where valid {
            let dash = index == 8 || index == 13 || index == 18 || index == 23
            valid = dash ? byte == UInt8(ascii: "-") : (byte >= 48 && byte <= 57) || (byte | 0x20 >= 97 && byte | 0x20 <= 102)
            index += 1
        }
        guard valid else { throw ARMError.invalidSubscriptionID(id) }
    }

    /// 1-90 characters: letters, digits, `-`, `_`, `(`, `)`, `.`; not ending in `.`.
    static func checkResourceGroup(_ name: String) throws {
        let allowed = name.allSatisfy { ($0.isLetter || $0.isNumber) && !$0.isWhitespace || "-_().".contains($0) }
        guard !name.isEmpty, name.count <= 90, allowed, !name.hasSuffix(".") else { throw ARMError.invalidResourceGroupName(name) }
    }

    /// Alphanumerics, with underscores and periods in the middle, up to 80 characters.
    static func checkGallery(_ name: String) throws {
        guard let first = name.first, let last = name.last, name.count <= 80, isAlphanumeric(first), isAlphanumeric(last),
            name.allSatisfy({ isAlphanumeric($0) || $0 == "_" || $0 == "." })
        else { throw ARMError.invalidGalleryName }
    }

    /// `^[^_\W][\w-._]{0,79}(?<![-.])$`.
    static func checkImage(_ name: String) throws {
        guard let first = name.first, let last = name.last, name.count <= 80, isAlphanumeric(first), last != "-", last != ".",
            name.allSatisfy({ isAlphanumeric($0) || "_-.".contains($0) })
        else { throw ARMError.invalidEntityName("galleryImageName") }
    }

    /// `Major.Minor.Patch`, each part a 32-bit integer from 0 to 2,147,483,647.
    static func checkImageVersion(_ name: String) throws {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } && Int32($0) != nil }) else {
            throw ARMError.invalidImageVersionName
        }
    }
}
