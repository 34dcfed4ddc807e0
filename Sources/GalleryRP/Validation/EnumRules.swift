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

    static let hostCachings = ["None", "ReadOnly", "ReadWrite"]

    /// Storage account types of image versions at an api-version (`PremiumV2_LRS` from 2024-03-03).
    static func storageAccountTypes(apiVersion: String) -> [String] {
        let types = ["Standard_LRS", "Standard_ZRS", "Premium_LRS"]
        return APIVersion.isAtLeast(apiVersion, "2024-03-03") ? types + ["PremiumV2_LRS"] : types
    }

    /// The canonical member of `allowed` equal to `value` ignoring case, or an `InvalidParameter` error.
    static func canonical(_ value: String, allowed: [String], target: String) throws -> String {
        guard let match = allowed.first(where: { $0.caseInsensitiveCompare(value) == .orderedSame }) else {
            throw ARMError.invalidEnumValue(value, target: target, allowed: allowed)
        }
        return match
    }
}
