/// Case-insensitive enum matching that returns Azure's canonical spelling.
enum EnumRules {
    static let osTypes = ["Windows", "Linux"]
    static let osStates = ["Generalized", "Specialized"]
    static let hyperVGenerations = ["V1", "V2"]
    static let architectures = ["x64", "Arm64"]
    static let sharingPermissions = ["Private", "Groups", "Community"]
    static let securityTypes = [
        "Standard", "TrustedLaunch", "TrustedLaunchSupported", "ConfidentialVM", "ConfidentialVMSupported",
        "TrustedLaunchAndConfidentialVmSupported",
    ]

    /// The canonical member of `allowed` equal to `value` ignoring case, or an `InvalidParameter` error.
    static func canonical(_ value: String, allowed: [String], target: String) throws -> String {
        guard let match = allowed.first(where: { $0.caseInsensitiveCompare(value) == .orderedSame }) else {
            throw ARMError.invalidEnumValue(value, target: target, allowed: allowed)
        }
        return match
    }
}
