import Casework
import Foundation
import Hummingbird
import LedgerStore
import CasebookCore
import Registers

extension ReadController {
    /// Paging, sorting, search and the officer from the query: `page`, `pageSize`, `sort`,
    /// `dir=asc|desc`, `q` and `officer`. `paged`: whether to cut pages when neither `page` nor
    /// `pageSize` is given (the pages do, 50 rows a page; the API answers every row unless asked).
    func registerPageRequest(_ query: Query, paged: Bool) throws -> RegisterPageRequest {
        let page = try query.int("page", in: 1...1_000_000)
        let size = try query.int("pageSize", in: 1...RegisterPageRequest.maxPageSize)
        var request = (paged || page != nil || size != nil)
            ? RegisterPageRequest(page: page ?? 1, pageSize: size ?? RegisterPageRequest.defaultPageSize)
            : RegisterPageRequest.everything
        request.sort = try query.string("sort", maxLength: 60)
        switch try query.string("dir")?.lowercased() {
        case nil, "asc": request.descending = false
        case "desc": request.descending = true
        case let other?: throw APIError.badRequest("query parameter dir=\(other) must be asc or desc", code: "invalidParameter")
        }
        request.search = try query.string("q", maxLength: 200)
        request.officer = try query.string("officer", maxLength: 200)
        return request
    }

    /// One page of a register for a reader (personal values as `registerOutput`), the stored rows
    /// decoded once per committed state (`rowCache`). A bad filter value, sort column or page is
    /// a 400 naming what is allowed.
    func registerPage(_ q: RegisterQuery, request: RegisterPageRequest, access: PersonalDataAccess) async throws -> RegisterPage {
        let casebook = self.casebook
        let cache = self.rowCache
        do {
            return try await blocking {
                let reader = RegisterReader(calculator: casebook.deadlines)
                let reveal = casebook.reveal(access)
                return try casebook.ledger.read { log in
                    try reader.page(q.name, in: log, filter: q.filter, request: request, today: q.today, asOf: q.asOf, cache: cache, reveal: reveal)
                }
            }
        } catch let e as LedgerError where e.code == .invalidInput {
            throw APIError.badRequest(e.message, code: "invalidParameter")
        }
    }
}
