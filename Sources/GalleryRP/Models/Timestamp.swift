import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Timestamp formats, computed with `gmtime_r` (Calendar is far too slow for every request).
enum Timestamp {
    private static func utc(_ seconds: Int) -> tm {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return parts
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// `2026-04-27T04:46:48.7229613+00:00`: seven fractional digits and an explicit offset.
    static func dotNet(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = seconds.rounded(.down)
        let ticks = Int(((seconds - whole) * 10_000_000).rounded(.down))
        let t = utc(Int(whole))
        return
            "\(pad(Int(t.tm_year) + 1900, 4))-\(pad(Int(t.tm_mon) + 1, 2))-\(pad(Int(t.tm_mday), 2))T\(pad(Int(t.tm_hour), 2)):\(pad(Int(t.tm_min), 2)):\(pad(Int(t.tm_sec), 2)).\(pad(ticks, 7))+00:00"
    }

    /// `20260427T044648Z`, as in `x-ms-routing-request-id`.
    static func compact(_ date: Date) -> String {
        let t = utc(Int(date.timeIntervalSince1970))
        return
            "\(pad(Int(t.tm_year) + 1900, 4))\(pad(Int(t.tm_mon) + 1, 2))\(pad(Int(t.tm_mday), 2))T\(pad(Int(t.tm_hour), 2))\(pad(Int(t.tm_min), 2))\(pad(Int(t.tm_sec), 2))Z"
    }
}
