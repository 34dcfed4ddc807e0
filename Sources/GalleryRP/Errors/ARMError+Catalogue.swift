import Foundation
import HTTPTypes

/// Every error the service answers with, in one place. Texts follow `shared/reference/wire-contract.md`.
extension ARMError {
    // MARK: Request envelope

    static let missingAPIVersion = ARMError(
        .badRequest,
        code: "MissingApiVersionParameter",
        message: "The api-version query parameter (?api-version=) is required for all requests."
    )

    /// Unsupported api-version for a Microsoft.Compute type (ARM front door wording).
    static func noRegisteredProvider(apiVersion: String, type: String, location: String, supported: [String]) -> ARMError {
        ARMError(
            .badRequest,
            code: "NoRegisteredProviderFound",
            message: "No registered resource provider found for location '\(location)' and API version '\(apiVersion)' for type '\(type)'. "
                + "The supported api-versions are '\(supported.joined(separator: ", "))'. The supported locations are '\(AzureLocation.all.map(\.name).joined(separator: ", "))'."
        )
    }

    /// Unsupported api-version for a Microsoft.Resources type.
    static func invalidAPIVersion(_ apiVersion: String, supported: [String]) -> ARMError {
        ARMError(
            .badRequest,
            code: "InvalidApiVersionParameter",
            message: "The api-version '\(apiVersion)' is invalid. The supported versions are '\(supported.joined(separator: ","))'."
        )
    }

    static func invalidSubscriptionID(_ id: String) -> ARMError {
        ARMError(.badRequest, code: "InvalidSubscriptionId", message: "The provided subscription identifier '\(id)' is malformed or invalid.")
    }

    static func invalidRequestContent(_ detail: String) -> ARMError {
        ARMError(.badRequest, code: "InvalidRequestContent", message: "The request content was invalid and could not be deserialized: '\(detail)'.")
    }

    /// A body not sent as `application/json` (`mediaType` nil when there is no `Content-Type`).
    static func unsupportedMediaType(_ mediaType: String?) -> ARMError {
        ARMError(
            .unsupportedMediaType,
            code: "UnsupportedMediaType",
            message: "The content media type '\(mediaType ?? "<null>")' is not supported. Only 'application/json' is supported."
        )
    }

    static let emptyBody = invalidRequestContent("The request body is empty.")

    static let requestTooLarge = ARMError(
        .contentTooLarge,
        code: "RequestContentTooLarge",
        message: "The request content size exceeds the maximum allowed size of 4194304 bytes."
    )

    static func pathNotFound(_ path: String) -> ARMError {
        ARMError(.notFound, code: "NotFound", message: "The requested path '\(path)' is not served by this resource provider.")
    }

    static func methodNotAllowed(_ method: String) -> ARMError {
        ARMError(.methodNotAllowed, code: "MethodNotAllowed", message: "The HTTP method '\(method)' is not supported for this resource.")
    }

    /// A write that kept losing races with other writers of the same resource.
    static let anotherOperationInProgress = ARMError(
        .conflict,
        code: "AnotherOperationInProgress",
        message: "Another operation on this or a dependent resource is in progress. Retry the request."
    )

    /// The database could not be reached or failed; nothing was changed. Clients retry on 503 with Retry-After.
    static let storageUnavailable = ARMError(
        .serviceUnavailable,
        code: "ServiceUnavailable",
        message: "The storage backend is temporarily unavailable. Retry the request.",
        headers: [.retryAfter: "1"]
    )

    static let unexpected = ARMError(
        .internalServerError,
        code: "InternalServerError",
        message: "An unexpected error occurred while processing the request."
    )

    // MARK: Authentication

    static let missingAuthorization = ARMError(
        .unauthorized,
        code: "AuthenticationFailed",
        message: "Authentication failed. The 'Authorization' header is missing.",
        headers: wwwAuthenticate("The authentication failed because of missing 'Authorization' header.")
    )

    static let malformedAuthorization = ARMError(
        .unauthorized,
        code: "AuthenticationFailed",
        message: "Authentication failed. The 'Authorization' header is provided in an invalid format.",
        headers: wwwAuthenticate("The authentication failed because of invalid 'Authorization' header format.")
    )

    private static func wwwAuthenticate(_ description: String) -> HTTPFields {
        [
            .wwwAuthenticate:
                "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", error=\"invalid_token\", error_description=\"\(description)\""
        ]
    }

    // MARK: Containers and lookups

    static func resourceGroupNotFound(_ name: String) -> ARMError {
        ARMError(.notFound, code: "ResourceGroupNotFound", message: "Resource group '\(name)' could not be found.")
    }

    static func resourceGroupBeingDeleted(_ name: String) -> ARMError {
        ARMError(
            .conflict,
            code: "ResourceGroupBeingDeleted",
            message: "The resource group '\(name)' is in deprovisioning state and cannot perform this operation."
        )
    }

    static func parentResourceNotFound(_ name: String) -> ARMError {
        ARMError(
            .notFound,
            code: "ParentResourceNotFound",
            message: "Can not perform requested operation on nested resource. Parent resource '\(name)' not found."
        )
    }

    static func resourceNotFound(qualifiedName: String, resourceGroup: String) -> ARMError {
        ARMError(
            .notFound,
            code: "ResourceNotFound",
            message:
                "The Resource '\(qualifiedName)' under resource group '\(resourceGroup)' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"
        )
    }

    static func operationNotFound(_ id: String) -> ARMError {
        ARMError(.notFound, code: "OperationNotFound", message: "The operation '\(id)' could not be found.")
    }

    /// The nested ids are listed together inside one pair of quotes, as Azure does (jenkins-infra/azure#1544).
    static func cannotDeleteResource(nested: [String]) -> ARMError {
        let ids = "'" + nested.joined(separator: ", ") + "'"
        return ARMError(
            .conflict,
            code: "CannotDeleteResource",
            message:
                "Cannot delete resource while nested resources exist. Some existing nested resource IDs include: \(ids). Please delete all nested resources before deleting this resource."
        )
    }

    // MARK: Validation

    static func invalidParameter(_ message: String, target: String) -> ARMError {
        ARMError(.badRequest, code: "InvalidParameter", message: message, target: target)
    }

    static func requiredParameter(_ target: String) -> ARMError {
        invalidParameter("Required parameter '\(target)' is missing (null).", target: target)
    }

    static func invalidEnumValue(_ value: String, target: String, allowed: [String]) -> ARMError {
        invalidParameter(
            "The value '\(value)' of parameter '\(target)' is not allowed. Allowed values are '\(allowed.joined(separator: ", "))'.",
            target: target
        )
    }

    static func invalidEntityName(_ entity: String) -> ARMError {
        invalidParameter("The entity name '\(entity)' is invalid according to its validation rule: ^[^_\\W][\\w-._]{0,79}(?<![-.])$.", target: entity)
    }

    static let invalidGalleryName = invalidParameter(
        "Gallery name is invalid. Allowed characters are English alphanumeric characters, with underscores, and periods allowed in the middle, up to 80 characters total. All other special characters, including dashes, are disallowed.",
        target: "galleryName"
    )

    static func invalidResourceGroupName(_ name: String) -> ARMError {
        ARMError(
            .badRequest,
            code: "InvalidResourceGroupName",
            message:
                "The resource group name '\(name)' is invalid. It must be 1 to 90 characters of letters, digits, underscores, hyphens, periods or parentheses, and must not end in a period.",
            target: "resourceGroupName"
        )
    }

    static let locationRequired = ARMError(.badRequest, code: "LocationRequired", message: "The location property is required for this definition.")

    static func locationNotAvailable(_ location: String, type: String) -> ARMError {
        ARMError(
            .badRequest,
            code: "LocationNotAvailableForResourceType",
            message:
                "The provided location '\(location)' is not available for resource type '\(type)'. List of available regions for the resource type is '\(AzureLocation.all.map(\.name).joined(separator: ","))'."
        )
    }

    static func locationNotAvailableForResourceGroup(_ location: String) -> ARMError {
        ARMError(
            .badRequest,
            code: "LocationNotAvailableForResourceGroup",
            message:
                "The provided location '\(location)' is not available for resource group. List of available regions is '\(AzureLocation.all.map(\.name).joined(separator: ","))'."
        )
    }

    static func resourceGroupLocationChange(name: String, existing: String, requested: String) -> ARMError {
        ARMError(
            .conflict,
            code: "InvalidResourceGroupLocation",
            message: "Invalid resource group location '\(requested)'. The Resource group already exists in location '\(existing)'."
        )
    }

    static func resourceLocationChange(path: String, existing: String, requested: String, resourceGroup: String) -> ARMError {
        ARMError(
            .conflict,
            code: "InvalidResourceLocation",
            message:
                "The resource '\(path)' already exists in location '\(existing)' in resource group '\(resourceGroup)'. A resource with the same name cannot be created in location '\(requested)'. Please select a new resource name."
        )
    }

    static func propertyChangeNotAllowed(_ path: String, details: [Detail] = []) -> ARMError {
        ARMError(.conflict, code: "PropertyChangeNotAllowed", message: "Changing property '\(path)' is not allowed.", target: path, details: details)
    }

    static func duplicateImageIdentifier(image: String, publisher: String, offer: String, sku: String) -> ARMError {
        ARMError(
            .conflict,
            code: "OperationNotAllowed",
            message:
                "Gallery image: \(image) identified by (publisher:\(publisher), offer:\(offer), sku:\(sku)) already exists. Choose a different publisher, offer, sku combination."
        )
    }

    static func invalidIdentifierPart(_ part: String, maxLength: Int) -> ARMError {
        let target = "galleryImage.properties.identifier.\(part)"
        return invalidParameter(
            "Asset name \(target) is not valid. It cannot be empty. Allowed characters are uppercase or lowercase letters, digits, hyphen(-), period (.), underscore (_). Names are not allowed to end with period(.). The length of the name cannot exceed \(maxLength) characters.",
            target: target
        )
    }

    static func invalidFeatureValue(name: String, value: String) -> ARMError {
        invalidParameter(
            "The value '\(value)' for feature '\(name)' is invalid. Allowed characters are English alphanumerical characters with spaces and commas. The length of the value cannot exceed 100 characters.",
            target: "galleryImage.properties.features"
        )
    }

    // MARK: Image versions

    static let invalidImageVersionName = invalidParameter(
        "The image version name is invalid. The image version name should follow Major(int).Minor(int).Patch(int) format, where int is between 0 and 2,147,483,647 (inclusive). For e.g: 1.0.0, 2018.12.1 etc.",
        target: "galleryImageVersionName"
    )

    /// No source, several kinds of source, or a source both at the top and in the disks.
    static let imageVersionSource = invalidParameter(
        "The gallery artifact version source can only be specified either directly under storageProfile or within individual OS or data disks. One and only one source type (user image, snapshot, disk, virtual machine) can be provided.",
        target: "galleryImageVersion.properties.storageProfile.source.id"
    )

    static func virtualMachineSourceInID(_ id: String) -> ARMError {
        invalidParameter(
            "The gallery image version source id: '\(id)' must be specified in 'galleryImageVersion.properties.storageProfile.source.virtualMachineId'.",
            target: "galleryImageVersion.properties.storageProfile.source"
        )
    }

    static func unsupportedImageVersionSource(_ id: String, target: String) -> ARMError {
        invalidParameter("The source id: \(id) must either be a managed image, virtual machine or another gallery image version", target: target)
    }

    static func unsupportedDiskSource(_ id: String, target: String) -> ARMError {
        invalidParameter("The source id: \(id) must be a managed disk or snapshot", target: target)
    }

    /// A source id that is not a resource id; `path` is the JSON path (`properties.storageProfile.source.id`).
    static func malformedSourceID(_ id: String, path: String) -> ARMError {
        invalidParameter(
            "Property id \(id) at path '\(path)' is invalid. Expect fully qualified resource Id that start with '/subscriptions/{subscriptionId}' or '/providers/{resourceProviderNamespace}/'.",
            target: "galleryImageVersion.\(path)"
        )
    }

    static func sourceNotFound(_ id: String) -> ARMError {
        ARMError(
            .notFound,
            code: "NotFound",
            message: "Source \(id) is not found. Please check source exists, and is in the same region as gallery image version being created",
            target: "galleryImageVersion.properties.storageProfile.source.id"
        )
    }

    /// A source whose OS state (or type) differs from the image definition's.
    static func sourceMismatch(_ id: String, property: String, source: String, parent: String) -> ARMError {
        ARMError(
            .badRequest,
            code: "BadRequest",
            message: "The resource with id '\(id)' has a different \(property) ['\(source)'] than the parent gallery image \(property) ['\(parent)']."
        )
    }

    static func targetRegionsMissLocation(_ regions: [String], location: String) -> ARMError {
        invalidParameter(
            "Gallery image version publishing profile regions '\(regions.joined(separator: ", "))' must contain the location of image version '\(location)'.",
            target: "galleryImageVersion.properties.publishingProfile.targetRegions"
        )
    }

    static let duplicateTargetRegions = invalidParameter(
        "Duplicate regions are not allowed in target publishing regions.",
        target: "galleryImageVersion.properties.publishingProfile.targetRegions"
    )

    static func unknownTargetRegion(_ name: String) -> ARMError {
        invalidParameter(
            "The target region '\(name)' is not a valid Azure region. List of available regions is '\(AzureLocation.all.map(\.name).joined(separator: ","))'.",
            target: "galleryImageVersion.properties.publishingProfile.targetRegions"
        )
    }

    static func outOfRange(_ value: Int32, parameter: String, min: Int, max: Int) -> ARMError {
        invalidParameter(
            "The value \(value) of parameter '\(parameter)' is out of range. The value must be between \(min) and \(max), inclusive.",
            target: parameter
        )
    }

    static let duplicateDataDiskLuns = invalidParameter(
        "Duplicated lun numbers have been detected in the input data disks. Lun number must be unique for each data disk",
        target: "galleryImageVersion.properties.storageProfile.dataDiskImages"
    )

    static let duplicateDiskSources = invalidParameter(
        "Duplicated source ids are found in the input disks. Source id should be unique for each disk",
        target: "galleryImageVersion.properties.storageProfile"
    )

    static let dataDisksChanged = invalidParameter(
        "Adding new Data Disks or changing the LUN of a Data Disk in an existing Image is not allowed",
        target: "galleryImageVersion.properties.storageProfile.dataDiskImages"
    )

    static func duplicateEncryptionLuns(_ lun: Int32, region: String) -> ARMError {
        invalidParameter(
            "Duplicate luns '\(lun)' were specified in target region '\(region)' encryption.dataDiskImages",
            target: "galleryImageVersion.properties.publishingProfile.targetRegions"
        )
    }

    /// A request member the resource provider cannot deserialize (Json.NET's message), as Compute answers it.
    static func providerDeserialization(_ error: JSONNetError, entity: String) -> ARMError {
        ARMError(.badRequest, code: "BadRequest", message: error.message, target: error.path.isEmpty ? entity : "\(entity).\(error.path)")
    }

    // MARK: Tags

    static func invalidTagNameCharacters(_ names: [String]) -> ARMError {
        ARMError(
            .badRequest,
            code: "InvalidTagNameCharacters",
            message: "The tag names '\(names.joined(separator: ","))' have reserved characters '<,>,%,&,\\,?,/' or control characters."
        )
    }

    static func tagNameTooLong(_ name: String) -> ARMError {
        ARMError(.badRequest, code: "InvalidTagNameLength", message: "The tag name '\(name)' exceeds the maximum length of 512 characters.")
    }

    static func tagValueTooLong(_ name: String) -> ARMError {
        ARMError(.badRequest, code: "InvalidTagValueLength", message: "The value of tag '\(name)' exceeds the maximum length of 256 characters.")
    }

    static func tooManyTags(_ count: Int) -> ARMError {
        ARMError(.badRequest, code: "InvalidTagsCount", message: "The number of tags '\(count)' exceeds the maximum of 50 tags per resource.")
    }

    static let emptyTagName = ARMError(.badRequest, code: "InvalidTagName", message: "The tag name cannot be empty.")
}

extension ARMError {
    /// A write to a resource (or into a gallery) that is being deleted.
    static func beingDeleted(_ name: String) -> ARMError {
        ARMError(
            .conflict,
            code: "OperationNotAllowed",
            message: "The resource '\(name)' is being deleted. Wait for the delete operation to finish before changing it or anything inside it."
        )
    }
}

// MARK: Strict authentication and authorization

extension ARMError {
    private static func unauthorized(_ code: String, _ message: String) -> ARMError {
        ARMError(
            .unauthorized,
            code: code,
            message: message,
            headers: [
                .wwwAuthenticate:
                    "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", error=\"invalid_token\", error_description=\"\(message.replacingOccurrences(of: "\"", with: "'"))\""
            ]
        )
    }

    static let invalidAuthenticationToken = unauthorized("InvalidAuthenticationToken", "The access token is invalid.")

    static func expiredAuthenticationToken(expiry: Int, now: Int) -> ARMError {
        unauthorized(
            "ExpiredAuthenticationToken",
            "The access token expiry UTC time '\(usDate(expiry))' is earlier than current UTC time '\(usDate(now))'."
        )
    }

    static func wrongAudience(_ audience: String) -> ARMError {
        unauthorized(
            "InvalidAuthenticationTokenAudience",
            "The access token has been obtained for wrong audience or resource '\(audience)'. It should exactly match with one of the allowed audiences '\(TokenService.audiences.joined(separator: "','"))'."
        )
    }

    static func wrongIssuer(_ issuer: String) -> ARMError {
        unauthorized(
            "InvalidAuthenticationTokenTenant",
            "The access token is from the wrong issuer '\(issuer)'. It must match a tenant known to this service."
        )
    }

    static func wrongTenant(issuer: String, expected: String) -> ARMError {
        unauthorized(
            "InvalidAuthenticationTokenTenant",
            "The access token is from the wrong issuer '\(issuer)'. It must match the tenant '\(TokenService.issuer(tenant: expected))' associated with this subscription. Please use the authority (URL) 'https://login.windows.net/\(expected)' to get the token."
        )
    }

    static func subscriptionNotFound(_ id: String) -> ARMError {
        ARMError(.notFound, code: "SubscriptionNotFound", message: "The subscription '\(id)' could not be found.")
    }

    static func authorizationFailed(client: String, objectID: String, action: String, scope: String) -> ARMError {
        ARMError(
            .forbidden,
            code: "AuthorizationFailed",
            message:
                "The client '\(client)' with object id '\(objectID)' does not have authorization to perform action '\(action)' over scope '\(scope)' or the scope is invalid. If access was recently granted, please refresh your credentials."
        )
    }

    /// `11/25/2026 8:00:00 PM`, the .NET invariant format ARM prints.
    private static func usDate(_ seconds: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "M/d/yyyy h:mm:ss a"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
