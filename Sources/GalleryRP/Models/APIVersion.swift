/// The api-versions the service accepts, per resource provider namespace.
public enum APIVersion {
    /// Every published stable GalleryRP api-version of galleries, image definitions and image versions, 2018-06-01 to
    /// 2026-03-03 (the specs' `GalleryRP/stable` folders); each has its own schema (``WireSchema``).
    public static let compute = [
        "2018-06-01", "2019-03-01", "2019-07-01", "2019-12-01", "2020-09-30", "2021-07-01", "2021-10-01", "2022-01-03", "2022-03-03",
        "2022-08-03", "2023-07-03", "2024-03-03", "2025-03-03", "2025-12-03", "2026-03-03",
    ]

    /// First version with PATCH (`*_Update`) on galleries, image definitions and image versions.
    public static let patch = "2019-07-01"

    /// `Microsoft.Resources` versions that clients send for resource groups, subscriptions and locations.
    public static let resources = [
        "2016-02-01", "2016-06-01", "2016-09-01", "2017-05-10", "2018-02-01", "2018-05-01", "2019-05-01", "2019-05-10", "2019-07-01",
        "2019-08-01", "2019-10-01", "2020-01-01", "2020-06-01", "2020-08-01", "2020-10-01", "2021-01-01", "2021-04-01", "2022-01-01",
        "2022-09-01", "2022-12-01", "2023-07-01", "2024-03-01", "2024-07-01", "2024-11-01", "2025-01-01", "2025-03-01", "2025-04-01",
    ]

    /// First version with `allowUpdateImage` and `features[].startsAtVersion`.
    public static let featureUpdates = "2024-03-03"

    /// Whether `version` is at least `minimum` (api-versions compare as dates).
    public static func isAtLeast(_ version: String, _ minimum: String) -> Bool { version.prefix(10) >= minimum }

    /// `YYYY-MM-DD` with an optional `-preview`-style suffix.
    static func isWellFormed(_ version: String) -> Bool {
        let parts = version.split(separator: "-", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts[0...2].allSatisfy({ $0.allSatisfy(\.isNumber) })
        else { return false }
        return parts.count == 3 || ["preview", "alpha", "beta", "rc", "privatepreview"].contains(parts[3].lowercased())
    }
}
