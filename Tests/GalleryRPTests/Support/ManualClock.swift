import Foundation
import NIOConcurrencyHelpers

@testable import GalleryRP

/// A clock the test moves by hand, so operation timing is driven instead of slept through.
final class ManualClock: WallClock {
    private let time: NIOLockedValueBox<Date>

    init(_ start: Date = Date()) { time = NIOLockedValueBox(start) }

    func now() -> Date { time.withLockedValue { $0 } }

    func advance(by seconds: TimeInterval) { time.withLockedValue { $0 = $0.addingTimeInterval(seconds) } }
}
