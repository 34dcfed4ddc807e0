import ArgumentParser
import Foundation
import GalleryRP
import Logging
import PostgresNIO

/// `galleryrp load`: write many image definitions and versions straight into the store (the benchmark's scaling runs).
struct Load: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Bulk-load image definitions and versions into the store, past HTTP, and exit.")

    @Option(help: "How many image definitions to write.") var images: Int
    @Option(help: "First image number (images are named <prefix><n>).") var start = 0
    @Option(help: "Image name prefix.") var prefix = "seed"
    @Option(help: "How many image versions (1.0.0, 1.0.1, …) to write into the image named by --version-image.") var versions = 0
    @Option(name: .customLong("version-image"), help: "The image definition that takes the versions (default: <prefix>0).")
    var versionImage: String?
    @Option(help: "Subscription id (default: the default directory's).") var subscription = Directory.default.subscriptions[0].id
    @Option(name: .customLong("resource-group"), help: "Resource group (created if missing).") var resourceGroup = "bench"
    @Option(help: "Gallery (created if missing).") var gallery = "bench"
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard images >= 0, start >= 0, versions >= 0 else { throw ValidationError("--images, --versions and --start must not be negative.") }
        try store.validate()
    }

    func run() async throws {
        var configured = BulkLoader(subscriptionID: subscription, resourceGroup: resourceGroup, gallery: gallery)
        configured.prefix = prefix
        let loader = configured
        let started = Date()
        let (images, versions, versionImage) = (images, versions, versionImage ?? "\(prefix)0")
        let load = { @Sendable (store: any ResourceStore) async throws in
            try await loader.load(into: store, start: start, count: images) { done in
                if done % 100_000 == 0 { print("loaded \(done)") }
            }
            if versions > 0 {
                try await loader.loadVersions(into: store, image: versionImage, count: versions) { done in
                    if done % 100_000 == 0 { print("loaded \(done) versions") }
                }
            }
        }
        try await store.withStore(load)
        print(
            "loaded \(images) image definitions and \(versions) versions in \(String(format: "%.1f", Date().timeIntervalSince(started))) s"
        )
    }
}
