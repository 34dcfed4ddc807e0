import Foundation
import HTTPTypes
import Testing

@testable import GalleryRP

/// The request journal, the health document and `/metrics`.
@Suite struct ObservationTests {
    typealias C = ARMTestClient

    @Test func theJournalKeepsWhatClientsSentOldestFirst() async throws {
        var configuration = ServiceConfiguration.forTests
        configuration.journalBodies = true
        try await withService(configuration: configuration) { c in
            var headers = C.auth
            headers[HTTPField.Name("x-ms-client-request-id")!] = "client-1"
            headers[HTTPField.Name("User-Agent")!] = "azsdk-python-test"
            try await c.send(.put, "\(C.group("rg"))?api-version=2024-11-01", body: #"{"location":"westus"}"#, headers: headers)
            try await c.send(.get, "\(C.group("missing"))?api-version=2024-11-01")
            try await c.send(.get, "/_galleryrp/health", headers: [:])  // the control plane is not journaled
            let journal = try await c.send(.get, "/_galleryrp/requests", headers: [:])
            #expect(journal.count("value") == 2, "\(journal.raw)")
            #expect(journal.string("value.0.method") == "PUT")
            #expect(journal.string("value.0.uri") == "\(C.group("rg"))?api-version=2024-11-01")
            #expect(journal.string("value.0.apiVersion") == "2024-11-01")
            #expect(journal.value("value.0.status") == .number(201))
            #expect(journal.string("value.0.clientRequestId") == "client-1")
            #expect(journal.string("value.0.userAgent") == "azsdk-python-test")
            #expect(journal.string("value.0.requestBody") == #"{"location":"westus"}"#)
            #expect(journal.string("value.0.responseBody")?.contains(#""name":"rg""#) == true)
            #expect(journal.value("value.1.status") == .number(404))
            #expect(journal.string("value.1.responseBody")?.contains("ResourceGroupNotFound") == true)
            let newest = try await c.send(.get, "/_galleryrp/requests?after=1", headers: [:])
            #expect(newest.count("value") == 1 && newest.value("value.0.sequence") == .number(2))
            #expect(try await c.send(.get, "/_galleryrp/requests?limit=0", headers: [:]).errorCode == "InvalidParameter")
            #expect(try await c.send(.delete, "/_galleryrp/requests", headers: [:]).value("removed") == .number(2))
            #expect(try await c.send(.get, "/_galleryrp/requests", headers: [:]).count("value") == 0)
        }
    }

    @Test func theJournalIsABoundedRing() async throws {
        var configuration = ServiceConfiguration.forTests
        configuration.journalSize = 3
        try await withService(configuration: configuration) { c in
            for index in 0..<5 { try await c.send(.get, "\(C.group("rg\(index)"))?api-version=2024-11-01") }
            let journal = try await c.send(.get, "/_galleryrp/requests", headers: [:])
            #expect(journal.count("value") == 3)
            #expect(journal.value("value.0.sequence") == .number(3))
            #expect(journal.string("value.2.uri")?.contains("rg4") == true)
            #expect(journal.value("value.0.requestBody") == nil, "no bodies unless --journal-bodies")
        }
    }

    @Test func healthNamesStorageWorkerAndVersion() async throws {
        try await withService { c in
            let health = try await c.send(.get, "/_galleryrp/health", headers: [:])
            #expect(health.status == .ok)
            #expect(health.string("status") == "Healthy")
            #expect(health.string("version") == GalleryRPServer.version)
            #expect(health.value("storage.reachable") == .bool(true))
            #expect(health.string("storage.backend") == "memory")
            #expect(health.value("warnings") == .array([]))
        }
    }

    @Test func anExposedPermissiveNodeIsWarnedAbout() {
        let exposed = HealthController.Exposure(host: "0.0.0.0", authMode: .permissive, adminToken: false)
        #expect(exposed.warnings.count == 2)
        #expect(exposed.warnings[0].contains("any bearer token is accepted"))
        #expect(HealthController.Exposure(host: "127.0.0.1", authMode: .permissive, adminToken: false).warnings.isEmpty)
        #expect(HealthController.Exposure(host: "0.0.0.0", authMode: .strict, adminToken: true).warnings.isEmpty)
    }

    @Test func metricsCountRequestsByTypeMethodAndStatus() async throws {
        try await withService { c in
            try await c.makeGallery()
            try await c.send(.get, "\(C.gallery("rg", "nope"))?api-version=2023-07-03")
            let metrics = try await c.send(.get, "/metrics", headers: [:])
            #expect(metrics.status == .ok)
            #expect(metrics.header("Content-Type")?.hasPrefix("text/plain") == true)
            let text = metrics.raw
            #expect(text.contains(#"galleryrp_requests_total{type="Microsoft.Compute/galleries",method="PUT",status="201"} 1"#), "\(text)")
            #expect(text.contains(#"galleryrp_requests_total{type="Microsoft.Compute/galleries",method="GET",status="404"} 1"#))
            #expect(text.contains(#"galleryrp_request_duration_seconds_bucket{type="Microsoft.Compute/galleries",method="PUT",le="+Inf"} 1"#))
            #expect(text.contains("galleryrp_store_commit_duration_seconds_count"))
            #expect(text.contains("galleryrp_operations_in_flight 0"))
        }
    }
}
