/// The only errors a store throws. Driver errors (GRDB, PostgresNIO) never leave the stores; ``ARMError/init(_:)``
/// maps these to ARM answers in one place.
public enum StoreError: Error, Sendable, Equatable {
    /// An expectation no longer held (another writer got there first). Nothing was applied; the writer reads again.
    case conflict(String)
    /// Another resource already holds the unique key. Nothing was applied.
    case uniqueKeyConflict(uniqueKey: String)
    /// The record's parent does not exist: stores never keep orphans. Nothing was applied.
    case parentMissing(key: String)
    /// The database could not be reached or failed, or did not answer in time. For a commit that timed out the
    /// outcome is unknown; otherwise nothing was applied.
    case unavailable(String)
}

/// A storage option that cannot work (bad URL, bad combination, a locked data directory).
public struct StoreConfigurationError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
