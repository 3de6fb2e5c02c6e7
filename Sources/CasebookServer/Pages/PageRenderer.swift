import Foundation
import Hummingbird
import Mustache
import CasebookCore
import Casework
import Registers

/// Renders the HTML pages from `Templates` with swift-mustache.
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    /// The organisation's name from the policy (`organisationName`), in every page's header and
    /// title; "Casebook" when the renderer is made without one.
    let organisation: String

    init(organisation: String = "Casebook") throws {
        self.organisation = organisation
        var library = MustacheLibrary()
        for (name, text) in Templates.all.merging(Templates.forms, uniquingKeysWith: { a, _ in a }).merging(Templates.casePage, uniquingKeysWith: { a, _ in a })
            .merging(Templates.importPages, uniquingKeysWith: { a, _ in a }) {
            try library.register(text, named: name)
        }
        self.library = library
    }

    /// A full page: `template` rendered with `context`, inside the layout.
    /// `marking`: the security marking printed at the top and foot of a page that shows a register
    /// or a case (the data-sharing guidance §5 'Security'), nil on other pages.
    func page(_ template: String, title: String, context: [String: Any], identity: Identity?, current: String? = nil,
              status: HTTPResponse.Status = .ok, marking: SecurityMarking? = nil) -> Response {
        let content = library.render(context, withTemplate: template) ?? ""
        var layout: [String: Any] = [
            "title": title, "content": content, "nav": Self.navigation(for: identity, current: current),
            "home": identity == nil ? "/disclosure-log" : "/dashboard", "organisation": organisation,
        ]
        if let marking { layout["marking"] = marking.text }
        if let identity { layout["identity"] = ["name": identity.name, "role": identity.role.rawValue, "csrf": identity.csrfToken ?? ""] }
        let html = library.render(layout, withTemplate: "layout") ?? ""
        return JSONResponse.text(html, contentType: "text/html; charset=utf-8", status: status)
    }

    func errorPage(_ error: APIError, identity: Identity?) -> Response {
        let heading: String
        switch error.status.code {
        case 403: heading = "You cannot see this page"
        case 404: heading = "Page not found"
        case 400..<500: heading = "There is a problem with the request"
        default: heading = "Sorry, there is a problem with the service"
        }
        return page("error", title: heading, context: [
            "heading": heading, "message": error.message, "home": identity == nil ? "/disclosure-log" : "/dashboard",
        ], identity: identity, status: error.status)
    }

    static func navigation(for identity: Identity?, current: String?) -> [[String: Any]] {
        var items: [(String, String)] = []
        if identity != nil {
            items.append(("/dashboard", "Dashboard"))
            for register in RegisterName.allCases where register != .disclosure && AccessPolicy.mayRead(register, by: identity) {
                items.append(("/registers/\(register.rawValue)", Self.label(register)))
            }
            if AccessPolicy.recordsEvents(identity) { items.append(("/new", "New case")) }
            if let identity, !ImportController.kinds(for: identity).isEmpty { items.append(("/import", "Import")) }
        }
        items.append(("/disclosure-log", "Disclosure log"))
        if identity == nil { items.append(("/sign-in", "Sign in")) }
        return items.map { href, label in
            var item: [String: Any] = ["href": href, "label": label]
            if href == current { item["current"] = true }
            return item
        }
    }

    static func label(_ register: RegisterName) -> String {
        switch register {
        case .foi: "FOI and EIR register"
        case .sar: "Subject access register"
        case .breach: "Breach register"
        case .nearMiss: "Near-miss register"
        case .disclosure: "Disclosure log"
        case .thirdParty: "Third-party disclosure register"
        case .agreements: "Data-sharing and processing agreements"
        case .complaints: "Data handling complaints"
        }
    }

    /// Where the pages link for data: the API's read routes again, for the browser's session
    /// (`/api/v1` takes only `Authorization: Bearer`).
    static let dataPrefix = "/data/v1"

    /// Percent-encodes for a query value (RFC 3986 unreserved characters pass).
    static func percentEncode(_ text: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
