import Foundation
import Hummingbird

/// The Compute lists: galleries in a subscription or resource group, and image definitions in a gallery.
struct ComputeListController {
    let service: ServiceContext

    func register(on router: Router<ARMRequestContext>) {
        router.get("/subscriptions/:subscriptionId/providers/Microsoft.Compute/galleries", use: galleriesInSubscription)
        router.get("/subscriptions/:subscriptionId/resourcegroups/:resourceGroupName/providers/Microsoft.Compute/galleries", use: galleriesInGroup)
        router.get("/subscriptions/:subscriptionId/resourcegroups/:resourceGroupName/providers/Microsoft.Compute/galleries/:galleryName/images", use: images)
    }

    private func subscription(_ context: ARMRequestContext) throws -> String {
        let id = try context.pathParameter("subscriptionId")
        try NameRules.checkSubscriptionID(id)
        return id
    }

    @Sendable func galleriesInSubscription(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let apiVersion = try request.apiVersion(.compute, service.configuration)
        let scope = ResourcePath.subscriptionKey(try subscription(context))
        return try await ListPage.respond(to: request, service: service, scope: scope) { after, limit in
            try await service.store.resources(subscriptionKey: scope, type: .gallery, after: after, limit: limit)
        } render: { try GalleryKind().envelope($0, apiVersion: apiVersion) }
    }

    @Sendable func galleriesInGroup(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let apiVersion = try request.apiVersion(.compute, service.configuration)
        let group = ResourcePath(subscriptionID: try subscription(context), resourceGroup: try context.pathParameter("resourceGroupName"))
        guard try await service.resource(group) != nil else { throw ARMError.resourceGroupNotFound(group.resourceGroup) }
        return try await ListPage.respond(to: request, service: service, scope: group.key) { after, limit in
            try await service.store.children(parentKey: group.key, type: .gallery, after: after, limit: limit)
        } render: { try GalleryKind().envelope($0, apiVersion: apiVersion) }
    }

    @Sendable func images(_ request: Request, context: ARMRequestContext) async throws -> Response {
        let apiVersion = try request.apiVersion(.compute, service.configuration, type: "galleries/images")
        let gallery = ResourcePath(
            subscriptionID: try subscription(context), resourceGroup: try context.pathParameter("resourceGroupName"),
            gallery: try context.pathParameter("galleryName"))
        let found = try await service.store.resources(keys: [gallery.parent!.key, gallery.key])
        guard found[gallery.parent!.key]?.type == .resourceGroup else { throw ARMError.resourceGroupNotFound(gallery.resourceGroup) }
        guard found[gallery.key]?.type == .gallery else { throw ARMError.parentResourceNotFound(gallery.name) }
        return try await ListPage.respond(to: request, service: service, scope: gallery.key) { after, limit in
            try await service.store.children(parentKey: gallery.key, type: .galleryImage, after: after, limit: limit)
        } render: { try GalleryImageKind().envelope($0, apiVersion: apiVersion) }
    }
}
