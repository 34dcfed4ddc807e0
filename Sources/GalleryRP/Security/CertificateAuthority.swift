import Crypto
import Foundation
import NIOSSL
import SwiftASN1
import X509

/// The service's own CA and server certificate, created on first start and kept in the data directory.
/// Clients trust `<data-dir>/ca.pem`.
public struct CertificateAuthority: Sendable {
    public let caPath: String
    public let certificateChainPEM: String
    public let privateKeyPEM: String

    /// Loads the CA (creating it if absent) and issues a server certificate for 127.0.0.1, ::1, localhost and `hostNames`.
    public static func loadOrCreate(directory: String, hostNames: [String]) throws -> CertificateAuthority {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let caPath = "\(directory)/ca.pem"
        let caKeyPath = "\(directory)/ca-key.pem"
        let caKey: P256.Signing.PrivateKey
        let caCertificate: Certificate
        if fm.fileExists(atPath: caPath), fm.fileExists(atPath: caKeyPath) {
            caKey = try P256.Signing.PrivateKey(pemRepresentation: String(contentsOfFile: caKeyPath, encoding: .utf8))
            caCertificate = try Certificate(pemEncoded: String(contentsOfFile: caPath, encoding: .utf8))
        } else {
            caKey = P256.Signing.PrivateKey()
            caCertificate = try makeCA(key: caKey)
            try write(caKey.pemRepresentation, to: caKeyPath, private: true)
            try write(caCertificate.serializeAsPEM().pemString, to: caPath, private: false)
        }

        let names = (["localhost"] + hostNames).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let serverPath = "\(directory)/server.pem"
        let serverKeyPath = "\(directory)/server-key.pem"
        let namesPath = "\(directory)/server-names.txt"
        let namesLine = names.joined(separator: ",")
        if fm.fileExists(atPath: serverPath), fm.fileExists(atPath: serverKeyPath),
            (try? String(contentsOfFile: namesPath, encoding: .utf8)) == namesLine
        {
            return CertificateAuthority(
                caPath: caPath,
                certificateChainPEM: try String(contentsOfFile: serverPath, encoding: .utf8),
                privateKeyPEM: try String(contentsOfFile: serverKeyPath, encoding: .utf8)
            )
        }
        let serverKey = P256.Signing.PrivateKey()
        let server = try makeServer(key: serverKey, names: names, ca: caCertificate, caKey: caKey)
        let chain = try server.serializeAsPEM().pemString + "\n" + caCertificate.serializeAsPEM().pemString + "\n"
        try write(serverKey.pemRepresentation, to: serverKeyPath, private: true)
        try write(chain, to: serverPath, private: false)
        try write(namesLine, to: namesPath, private: false)
        return CertificateAuthority(caPath: caPath, certificateChainPEM: chain, privateKeyPEM: serverKey.pemRepresentation)
    }

    /// NIOSSL server configuration for this certificate.
    public func tlsConfiguration() throws -> TLSConfiguration {
        try Self.tlsConfiguration(chainPEM: certificateChainPEM, keyPEM: privateKeyPEM)
    }

    /// NIOSSL server configuration from PEM text (user-supplied or generated).
    public static func tlsConfiguration(chainPEM: String, keyPEM: String) throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMBytes(Array(chainPEM.utf8)).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(bytes: Array(keyPEM.utf8), format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        // A closing connection waits this long for the client's close_notify. Idle keep-alive clients never send one, so
        // NIO's default (5 s) held every SIGTERM that long.
        configuration.shutdownTimeout = .milliseconds(300)
        return configuration
    }

    private static func makeCA(key: P256.Signing.PrivateKey) throws -> Certificate {
        let name = try DistinguishedName {
            OrganizationName("GalleryRP")
            CommonName("GalleryRP Local CA \(UUID().uuidString.prefix(8))")
        }
        let publicKey = Certificate.PublicKey(key.publicKey)
        let now = Date()
        return try Certificate(
            version: .v3,
            serialNumber: .init(),
            publicKey: publicKey,
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(10 * 365 * 86400),
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: publicKey)
            },
            issuerPrivateKey: .init(key)
        )
    }

    private static func makeServer(
        key: P256.Signing.PrivateKey,
        names: [String],
        ca: Certificate,
        caKey: P256.Signing.PrivateKey
    ) throws -> Certificate {
        let subject = try DistinguishedName {
            OrganizationName("GalleryRP")
            CommonName(names.first ?? "localhost")
        }
        var alternatives: [GeneralName] = names.map { .dnsName($0) }
        alternatives.append(.ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])))
        alternatives.append(.ipAddress(ASN1OctetString(contentBytes: ArraySlice(Array(repeating: 0, count: 15) + [1]))))
        let publicKey = Certificate.PublicKey(key.publicKey)
        let caSKI = try ca.extensions.subjectKeyIdentifier?.keyIdentifier
        let now = Date()
        return try Certificate(
            version: .v3,
            serialNumber: .init(),
            publicKey: publicKey,
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(825 * 86400),
            issuer: ca.subject,
            subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(alternatives)
                SubjectKeyIdentifier(hash: publicKey)
                AuthorityKeyIdentifier(keyIdentifier: caSKI)
            },
            issuerPrivateKey: .init(caKey)
        )
    }

    private static func write(_ text: String, to path: String, private isPrivate: Bool) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        if isPrivate { try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path) }
    }
}
