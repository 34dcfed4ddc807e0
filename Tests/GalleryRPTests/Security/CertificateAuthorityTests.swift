import Foundation
import GalleryRP
import Testing
import X509

@Suite struct CertificateAuthorityTests {
    @Test func createsOnceAndReusesTheCA() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("galleryrp-ca-\(UUID().uuidString)").path
        let first = try CertificateAuthority.loadOrCreate(directory: directory, hostNames: ["gallery.example"])
        let caPEM = try String(contentsOfFile: first.caPath, encoding: .utf8)
        let ca = try Certificate(pemEncoded: caPEM)
        #expect(try ca.extensions.basicConstraints == .isCertificateAuthority(maxPathLength: 0))
        let leaf = try Certificate(
            pemEncoded: first.certificateChainPEM.components(separatedBy: "-----END CERTIFICATE-----")[0] + "-----END CERTIFICATE-----"
        )
        #expect(leaf.issuer == ca.subject)
        let names = try #require(try leaf.extensions.subjectAlternativeNames)
        #expect(names.contains(.dnsName("localhost")))
        #expect(names.contains(.dnsName("gallery.example")))
        #expect(names.contains { if case .ipAddress(let ip) = $0 { return Array(ip.bytes) == [127, 0, 0, 1] } else { return false } })
        #expect(names.contains { if case .ipAddress(let ip) = $0 { return ip.bytes.count == 16 } else { return false } })
        _ = try first.tlsConfiguration()

        let second = try CertificateAuthority.loadOrCreate(directory: directory, hostNames: ["gallery.example"])
        #expect(try String(contentsOfFile: second.caPath, encoding: .utf8) == caPEM)
        #expect(second.certificateChainPEM == first.certificateChainPEM)
        let renamed = try CertificateAuthority.loadOrCreate(directory: directory, hostNames: ["other.example"])
        #expect(try String(contentsOfFile: renamed.caPath, encoding: .utf8) == caPEM, "the CA clients trust stays the same")
        #expect(renamed.certificateChainPEM != first.certificateChainPEM)
    }
}
