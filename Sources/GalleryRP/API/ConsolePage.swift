/// The web console's page: one HTML document with its style and script inline, served by the binary itself.
enum ConsolePage {
    /// Everything the page loads comes from the page itself or this service.
    static let contentSecurityPolicy = "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src 'self' data:"

    static let html = """
        <!doctype html><title>GalleryRP</title><p>GalleryRP console</p>
        """
}
