import Casework
import Foundation
import Hummingbird
import LedgerStore
import CasebookCore
import Registers

/// `GET /calendar/<secret>.ics`: an officer's due steps as an iCalendar feed (RFC 5545), for
/// the calendar app they already use. The secret in the address is the only credential (calendar
/// apps cannot sign in), so the feed holds no personal data: reference, step, register, dates.
///
/// An unknown or rotated secret, or one whose user has left the ledger, is a 404 that does not
/// say which. Served as `text/calendar; charset=utf-8`, never cached.
struct CalendarController {
    typealias Context = CasebookRequestContext
    let casebook: Casebook
    let configuration: CasebookServerConfiguration
    let integrity: RegisterIntegrity

    var secrets: CalendarSecretStore {
        CalendarSecretStore(path: configuration.calendarFile ?? CalendarSecretStore.path(inLedger: casebook.directory))
    }

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("calendar/:file", use: feed)
        return routes
    }

    @Sendable func feed(_ request: Request, context: Context) async throws -> Response {
        let file = try context.parameters.require("file")
        let notFound = APIError.notFound("no calendar at this address; it may have been replaced: ask for the new address (`casebook user calendar NAME --rotate` makes one)")
        guard file.hasSuffix(".ics"), let user = secrets.user(forSecret: String(file.dropLast(4))) else { throw notFound }
        guard try casebook.user(named: user) != nil else { throw notFound }
        try await integrity.require(RegisterName.allCases)
        let today = configuration.today()
        let casebook = self.casebook
        let items = try await blocking {
            let reader = RegisterReader(calculator: casebook.deadlines)
            return try casebook.ledger.read { log in try reader.dueList(in: log, within: DueCalendar.horizonWorkingDays, today: today) }
        }
        let calendar = DueCalendar(origin: casebook.ledger.origin, baseURL: configuration.baseURL)
        let body = calendar.render(DueCalendar.items(items, heldBy: user), stamp: Timestamp(configuration.now()))
        return JSONResponse.text(body, contentType: "text/calendar; charset=utf-8", headers: [
            .cacheControl: "no-store, max-age=0",
            .contentDisposition: "inline; filename=\"casebook-due.ics\"",
        ])
    }
}
