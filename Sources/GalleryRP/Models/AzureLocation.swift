/// An Azure region: its programmatic name (`westus`) and display name (`West US`).
public struct AzureLocation: Sendable, Hashable {
    public var name: String
    public var displayName: String

    /// The public Azure regions the service accepts.
    public static let all: [AzureLocation] = [
        ("eastus", "East US"), ("eastus2", "East US 2"), ("southcentralus", "South Central US"), ("westus2", "West US 2"),
        ("westus3", "West US 3"), ("australiaeast", "Australia East"), ("southeastasia", "Southeast Asia"), ("northeurope", "North Europe"),
        ("swedencentral", "Sweden Central"), ("uksouth", "UK South"), ("westeurope", "West Europe"), ("centralus", "Central US"),
        ("southafricanorth", "South Africa North"), ("centralindia", "Central India"), ("eastasia", "East Asia"), ("japaneast", "Japan East"),
        ("koreacentral", "Korea Central"), ("canadacentral", "Canada Central"), ("francecentral", "France Central"),
        ("germanywestcentral", "Germany West Central"), ("italynorth", "Italy North"), ("norwayeast", "Norway East"),
        ("polandcentral", "Poland Central"), ("spaincentral", "Spain Central"), ("switzerlandnorth", "Switzerland North"),
        ("mexicocentral", "Mexico Central"), ("uaenorth", "UAE North"), ("brazilsouth", "Brazil South"), ("israelcentral", "Israel Central"),
        ("qatarcentral", "Qatar Central"), ("northcentralus", "North Central US"), ("westus", "West US"), ("westcentralus", "West Central US"),
        ("japanwest", "Japan West"), ("australiasoutheast", "Australia Southeast"), ("australiacentral", "Australia Central"),
        ("canadaeast", "Canada East"), ("ukwest", "UK West"), ("francesouth", "France South"), ("germanynorth", "Germany North"),
        ("norwaywest", "Norway West"), ("switzerlandwest", "Switzerland West"), ("koreasouth", "Korea South"), ("southindia", "South India"),
        ("westindia", "West India"), ("brazilsoutheast", "Brazil Southeast"), ("southafricawest", "South Africa West"),
        ("uaecentral", "UAE Central"), ("eastus2euap", "East US 2 EUAP"), ("centraluseuap", "Central US EUAP"),
        ("newzealandnorth", "New Zealand North"), ("indonesiacentral", "Indonesia Central"), ("malaysiawest", "Malaysia West"),
        ("chilecentral", "Chile Central"),
    ].map { AzureLocation(name: $0.0, displayName: $0.1) }

    private static let byName: [String: AzureLocation] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// Normalises `"West US"`, `"westus"` or `"West us"` to the region, ignoring case and whitespace.
    public static func normalize(_ input: String) -> AzureLocation? {
        let key = String(input.lowercased().filter { !$0.isWhitespace })
        return byName[key]
    }

    /// The display name of a stored region name (`westus` → `West US`), or the name itself if it is not a known region.
    public static func displayName(_ name: String) -> String { byName[name]?.displayName ?? name }
}
