import Foundation

/// Checks a gallery image definition's properties the way Compute does and fills Azure's defaults.
struct GalleryImageValidator {
    let apiVersion: String
    let now: Date

    private static let prefix = "galleryImage.properties"

    /// Returns the canonical properties to store, or throws the error Azure gives for the first problem found.
    func validate(_ input: GalleryImageProperties?, previous: GalleryImageProperties?) throws -> GalleryImageProperties {
        var p = input ?? GalleryImageProperties()
        let p0 = Self.prefix
        guard let osType = p.osType else { throw ARMError.requiredParameter("\(p0).osType") }
        guard let osState = p.osState else { throw ARMError.requiredParameter("\(p0).osState") }
        guard var identifier = p.identifier else { throw ARMError.requiredParameter("\(p0).identifier") }
        p.osType = try EnumRules.canonical(osType, allowed: EnumRules.osTypes, target: "\(p0).osType")
        p.osState = try EnumRules.canonical(osState, allowed: EnumRules.osStates, target: "\(p0).osState")
        // A PUT at an api-version without these members keeps what is stored (or Azure's default).
        func has(_ member: String) -> Bool { WireSchema.has("GalleryImageProperties", member, at: apiVersion) }
        if !has("hyperVGeneration") { p.hyperVGeneration = previous?.hyperVGeneration }
        if !has("architecture") { p.architecture = previous?.architecture }
        if !has("features") { p.features = previous?.features }
        p.provisioningState = nil
        p.hyperVGeneration = try EnumRules.canonical(
            p.hyperVGeneration ?? "V1",
            allowed: EnumRules.hyperVGenerations,
            target: "\(p0).hyperVGeneration"
        )
        p.architecture = try EnumRules.canonical(p.architecture ?? "x64", allowed: EnumRules.architectures, target: "\(p0).architecture")
        identifier.publisher = try Self.identifierPart(identifier.publisher, "publisher", maxLength: 128)
        identifier.offer = try Self.identifierPart(identifier.offer, "offer", maxLength: 64)
        identifier.sku = try Self.identifierPart(identifier.sku, "sku", maxLength: 64)
        p.identifier = identifier

        if !APIVersion.isAtLeast(apiVersion, APIVersion.featureUpdates) {
            // Older api-versions know neither member: keep what is stored for startsAtVersion, ignore allowUpdateImage.
            p.allowUpdateImage = nil
            p.features = p.features?.map { feature in
                var f = feature
                f.startsAtVersion = previous?.features?.first { $0.name?.lowercased() == feature.name?.lowercased() }?.startsAtVersion
                return f
            }
        }
        try checkFeatures(p)
        try checkRecommended(p.recommended)
        if p.endOfLifeDate?.isEmpty == true { p.endOfLifeDate = nil }  // Json.NET reads "" as null for a date
        if let text = p.endOfLifeDate {
            let date = try Self.parseDate(text, target: "\(p0).endOfLifeDate")
            let canonical = Self.formatDate(date)
            if canonical != previous?.endOfLifeDate && date <= now {
                throw ARMError.invalidParameter("EndOfLifeDate must be set to a future date.", target: "\(p0).endOfLifeDate")
            }
            p.endOfLifeDate = canonical
        }
        if p.disallowed?.diskTypes == nil { p.disallowed = nil }
        return p
    }

    /// Rejects a change to a property Azure does not let change (409 `PropertyChangeNotAllowed`).
    func checkChanges(from old: GalleryImageProperties, to new: GalleryImageProperties) throws {
        let p0 = Self.prefix
        let checks: [(String, String?, String?)] = [
            ("osType", old.osType, new.osType), ("osState", old.osState, new.osState),
            ("hyperVGeneration", old.hyperVGeneration, new.hyperVGeneration), ("architecture", old.architecture, new.architecture),
            ("identifier.publisher", old.identifier?.publisher, new.identifier?.publisher),
            ("identifier.offer", old.identifier?.offer, new.identifier?.offer), ("identifier.sku", old.identifier?.sku, new.identifier?.sku),
            ("eula", old.eula, new.eula), ("privacyStatementUri", old.privacyStatementUri, new.privacyStatementUri),
            ("purchasePlan.name", old.purchasePlan?.name, new.purchasePlan?.name),
            ("purchasePlan.publisher", old.purchasePlan?.publisher, new.purchasePlan?.publisher),
            ("purchasePlan.product", old.purchasePlan?.product, new.purchasePlan?.product),
        ]
        if let changed = checks.first(where: { $0.1 != $0.2 }) { throw ARMError.propertyChangeNotAllowed("\(p0).\(changed.0)") }

        let oldFeatures = Self.featureMap(old.features)
        let newFeatures = Self.featureMap(new.features)
        let changedNames = Set(oldFeatures.keys).union(newFeatures.keys).filter { oldFeatures[$0] != newFeatures[$0] }.sorted()
        guard !changedNames.isEmpty else { return }
        let allowed = APIVersion.isAtLeast(apiVersion, APIVersion.featureUpdates) && new.allowUpdateImage == true
        let frozen = changedNames.filter { !allowed || $0 == "ishibernatesupported" }
        if !frozen.isEmpty {
            let display = frozen.map { key in (new.features ?? old.features ?? []).first { $0.name?.lowercased() == key }?.name ?? key }
            throw ARMError.propertyChangeNotAllowed(
                "\(p0).features",
                details: display.map {
                    ARMError.Detail(code: "PropertyChangeNotAllowed", target: $0, message: "Changing property '\($0)' is not allowed.")
                }
            )
        }
    }

    private static func featureMap(_ features: [GalleryImageProperties.Feature]?) -> [String: String] {
        Dictionary((features ?? []).map { (($0.name ?? "").lowercased(), $0.value ?? "") }, uniquingKeysWith: { a, _ in a })
    }

    private static func identifierPart(_ value: String?, _ part: String, maxLength: Int) throws -> String {
        guard let value else { throw ARMError.requiredParameter("\(prefix).identifier.\(part)") }
        let ok =
            !value.isEmpty && value.count <= maxLength && !value.hasSuffix(".")
            && value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) }
        guard ok else { throw ARMError.invalidIdentifierPart(part, maxLength: maxLength) }
        return value
    }

    private func checkFeatures(_ p: GalleryImageProperties) throws {
        var seen = Set<String>()
        for feature in p.features ?? [] {
            guard let name = feature.name, !name.isEmpty, name.count <= 100, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw ARMError.invalidParameter(
                    "The feature name '\(feature.name ?? "")' is invalid. Allowed characters are English alphanumerical characters. The length of the name cannot exceed 100 characters.",
                    target: "\(Self.prefix).features"
                )
            }
            guard seen.insert(name.lowercased()).inserted else {
                throw ARMError.invalidParameter("The feature '\(name)' is specified more than once.", target: "\(Self.prefix).features")
            }
            let value = feature.value ?? ""
            guard !value.isEmpty, value.count <= 100, value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == " " || $0 == ",") })
            else {
                throw ARMError.invalidFeatureValue(name: name, value: value)
            }
            if name.lowercased() == "securitytype" {
                let security = try EnumRules.canonical(value, allowed: EnumRules.securityTypes, target: "\(Self.prefix).features")
                if security != "Standard" && p.hyperVGeneration != "V2" {
                    throw ARMError.invalidParameter(
                        "The security type '\(security)' is supported only for images with hyperVGeneration 'V2'.",
                        target: "\(Self.prefix).hyperVGeneration"
                    )
                }
            }
        }
    }

    private func checkRecommended(_ recommended: GalleryImageProperties.Recommended?) throws {
        for (name, range) in [("vCPUs", recommended?.vCPUs), ("memory", recommended?.memory)] {
            guard let range else { continue }
            let target = "\(Self.prefix).recommended.\(name)"
            if let min = range.min, min < 0 {
                throw ARMError.invalidParameter("The minimum value of \(name) must not be negative.", target: target)
            }
            if let min = range.min, let max = range.max, min > max {
                throw ARMError.invalidParameter("The minimum value of \(name) must not be greater than the maximum value of \(name).", target: target)
            }
        }
    }

    // MARK: endOfLifeDate

    private static let inputFormats = [
        "yyyy-MM-dd'T'HH:mm:ss.SSSSSSSXXXXX", "yyyy-MM-dd'T'HH:mm:ss.SSSXXXXX", "yyyy-MM-dd'T'HH:mm:ssXXXXX", "yyyy-MM-dd'T'HH:mmXXXXX",
        "yyyy-MM-dd'T'HH:mm:ss.SSSSSSS", "yyyy-MM-dd'T'HH:mm:ss.SSS", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd",
    ]

    /// A date as .NET's DateTimeOffset reads it; otherwise the resource provider's 400 for the member at `target`
    /// (`galleryImage.properties.endOfLifeDate`).
    static func parseDate(_ text: String, target: String) throws -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        for format in inputFormats {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        let path = target.drop { $0 != "." }.dropFirst()
        throw ARMError(
            .badRequest,
            code: "BadRequest",
            message: "Could not convert string to DateTimeOffset: \(text). Path '\(path)'.",
            target: target
        )
    }

    static func formatDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return formatter.string(from: date) + "+00:00"
    }
}
