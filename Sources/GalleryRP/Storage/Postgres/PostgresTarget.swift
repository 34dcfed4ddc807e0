import Foundation

/// The parts of a `postgres://user:password@host:port/database?sslmode=...` URL.
public struct PostgresTarget: Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String?
    public var sslMode: String

    public init(url: String) throws {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
            let host = components.host, let user = components.user
        else { throw StoreConfigurationError("--postgres-url must look like postgres://user:password@host:5432/database") }
        self.host = host
        port = components.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        password = components.password?.removingPercentEncoding
        let path = String(components.path.dropFirst())
        database = path.isEmpty ? nil : path
        sslMode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
    }

    /// `user@host:port/database`, without the password (for start-up lines and logs).
    public var description: String { "\(user)@\(host):\(port)/\(database ?? user)" }
}
