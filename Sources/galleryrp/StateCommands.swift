import ArgumentParser
import Foundation
import GalleryRP

/// `galleryrp export`: write every resource and operation as a state document (the format of `GET /_galleryrp/state`).
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write the store's resources and operations as a state document, and exit.")

    @Option(name: .shortAndLong, help: "File to write (default: standard output).") var output: String?
    @OptionGroup var store: StoreOptions

    func validate() throws { try store.validate() }

    func run() async throws {
        let output = output
        try await store.withStore { store in
            let snapshot = try await store.snapshot(subscriptionKey: nil)
            let bytes = try StateDocument(snapshot: snapshot).json(exportedAt: Date()).serialized()
            if let output {
                try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
                print("exported \(snapshot.resources.count) resources and \(snapshot.operations.count) operations to \(output)")
            } else {
                FileHandle.standardOutput.write(Data(bytes + [UInt8(ascii: "\n")]))
            }
        }
    }
}

/// `galleryrp import FILE`: replace the store's contents with a state document (the format of `PUT /_galleryrp/state`).
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Replace the store's resources and operations with a state document, and exit.")

    @Argument(help: "The state document (from `galleryrp export` or GET /_galleryrp/state).") var file: String
    @OptionGroup var store: StoreOptions

    func validate() throws { try store.validate() }

    func run() async throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        let document: StateDocument
        do {
            document = try StateDocument.read(data, firstVersion: ResourceRecord.firstVersion(at: Date()))
        } catch let error as ARMError {
            throw ValidationError("\(file) cannot be imported: \(error.message)")
        }
        try await store.withStore { store in
            do {
                let removed = try await StateDocument.load(document, into: store)
                print(
                    "imported \(document.snapshot.resources.count) resources and \(document.snapshot.operations.count) operations (replacing \(removed.resources) resources and \(removed.operations) operations)"
                )
            } catch let error as ARMError {
                throw ValidationError("\(error.message)")
            }
        }
    }
}
