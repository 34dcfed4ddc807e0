import ArgumentParser
import Foundation
import GalleryRP
import Logging
import PostgresNIO

/// `galleryrp` and `galleryrp serve`: start the service.
@main
struct GalleryRPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "galleryrp",
        abstract: "An Azure Compute Gallery image definition service that speaks ARM.",
        subcommands: [Serve.self, Migrate.self, Load.self, Export.self, Import.self],
        defaultSubcommand: Serve.self
    )
}
