import Casework
@testable import CasebookCore
import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerStore
import Registers
import Testing

@testable import CasebookServer

@Suite("The case page and its forms in words: London times, actions as instructions")
struct CasePageWordsTests {
    static func instant(_ text: String) -> Date { Timestamp(rfc3339: text)!.date }

    @Test("an instant on the London clock: GMT in winter, BST in summer, either side of the change, seconds dropped")
    func londonText() {
        #expect(LondonTime.text(Self.instant("2026-03-03T14:05:00Z")) == "Tue 3 Mar 2026, 14:05")
        #expect(LondonTime.text(Self.instant("2026-07-01T13:05:59Z")) == "Wed 1 Jul 2026, 14:05")
        // The clocks go forward at 01:00 UTC on 29 March 2026.
        #expect(LondonTime.text(Self.instant("2026-03-29T00:30:00Z")) == "Sun 29 Mar 2026, 00:30")
        #expect(LondonTime.text(Self.instant("2026-03-29T01:30:00Z")) == "Sun 29 Mar 2026, 02:30")
        // Late on the last day of BST in UTC is already the next day in London.
        #expect(LondonTime.text(Self.instant("2026-10-24T23:30:00Z")) == "Sun 25 Oct 2026, 00:30")
        #expect(LondonTime.text(Self.instant("2026-12-31T09:00:00Z")) == "Thu 31 Dec 2026, 09:00")
    }

    @Test("the timeline shows occurred and recorded on the London clock, the UTC value in <time datetime>")
    func timelineTimes() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let page = try await client.send(.get, "/cases/FOI-2026-0001", as: .auditor, fixture: f)
                #expect(page.status == 200)
                #expect(page.body.contains(">Mon 5 Jan 2026, 09:30</time>"), "\(page.body)")
                #expect(page.body.contains("<time datetime=\"2026-01-05T09:30:00.000Z\">Mon 5 Jan 2026, 09:30</time>")
                        || page.body.contains("<time datetime=\"2026-01-05T09:30:00Z\">Mon 5 Jan 2026, 09:30</time>"))
                // No UTC instant is shown as text between the tags.
                #expect(!page.body.contains("Z</time>"))
            }
        }
    }

    @Test("a form's heading is the action in words and the case; an opening form is the action alone")
    func formHeadings() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let cookie = try await client.signIn(.officer, fixture: f)
                let acknowledge = try await client.send(.get, "/cases/FOI-2026-0002/actions/acknowledge", fixture: f, headers: [.cookie: cookie])
                #expect(acknowledge.body.contains("<h1>Acknowledge the request — FOI-2026-0002</h1>"), "\(acknowledge.body.prefix(2000))")
                #expect(acknowledge.body.contains("<title>Acknowledge the request — FOI-2026-0002"))
                let receive = try await client.send(.get, "/new/foi/receive", fixture: f, headers: [.cookie: cookie])
                #expect(receive.body.contains("<h1>Log a new request</h1>"))
                let note = try await client.send(.get, "/cases/FOI-2026-0002/actions/note", fixture: f, headers: [.cookie: cookie])
                #expect(note.body.contains("<h1>Add a note — FOI-2026-0002</h1>"))
            }
        }
    }

    @Test("every action has its own title, not the event's label, unique within its group")
    func everyActionHasATitle() {
        for group in ActionGroup.allCases {
            let actions = CaseAction.actions(in: group)
            for action in actions {
                #expect(CaseAction.titles[action.description] != nil, "\(action) has no title")
                #expect(action.title != Labels.value(action.event.rawValue), "\(action): \(action.title)")
            }
            #expect(Set(actions.map(\.title)).count == actions.count, "\(group): two actions share a title")
        }
        #expect(CaseAction.titles.count == CaseAction.all.count)
    }
}
