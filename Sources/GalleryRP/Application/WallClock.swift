import Foundation

/// Where the service reads the time, so tests can drive operation timing instead of sleeping.
public protocol WallClock: Sendable {
    func now() -> Date
}

/// The system clock.
public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}
