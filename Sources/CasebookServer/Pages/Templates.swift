/// The HTML templates (Mustache), kept in the binary so the server has no files to find at run
/// time. Plain, accessible HTML in the spirit of GOV.UK pages: a skip link, one `<h1>`, tables
/// with `<caption>` and `<th scope>`, every input labelled, no JavaScript.
///
/// `{{x}}` is HTML-escaped; the only `{{{x}}}` (unescaped) values are `content` (a rendered
/// template) and `chart` (the compliance report's or the trends report's SVG, whose text the
/// report escapes itself).
enum Templates {
    static let all: [String: String] = [
        "layout": layout, "sign-in": signIn, "dashboard": dashboard, "register": register,
        "timeline": timeline, "disclosure": disclosure, "error": error, "registers-table": registersTable, "register-page": registerPage, "register-page-table": registerPageTable,
        "reports": reports, "report": report,
        "sign-in-role": signInRole, "sign-in-locked": signInLocked,
    ]

    static let layout = #"""
    <!DOCTYPE html>
    <html lang="en-GB">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}} – {{organisation}}</title>
    <style>
    body { font-family: Arial, Helvetica, sans-serif; margin: 0; color: #0b0c0c; background: #fff; line-height: 1.4; }
    .skip-link { position: absolute; left: -9999px; }
    .skip-link:focus { position: static; display: block; padding: 10px; background: #fd0; color: #0b0c0c; }
    header { background: #0b0c0c; color: #fff; padding: 10px 0; border-bottom: 10px solid #1d70b8; }
    header a, header a:visited { color: #fff; }
    .width-container { max-width: 1100px; margin: 0 15px; }
    @media (min-width: 1130px) { .width-container { margin: 0 auto; } }
    .service-name { font-weight: bold; font-size: 1.5rem; text-decoration: none; }
    nav ul { list-style: none; padding: 0; margin: 10px 0 0; display: flex; flex-wrap: wrap; gap: 15px; }
    nav a[aria-current] { font-weight: bold; }
    .signed-in { float: right; }
    .signed-in form { display: inline; }
    main { padding: 20px 0 40px; }
    a { color: #1d70b8; }
    a:focus, button:focus, input:focus, select:focus { outline: 3px solid #fd0; outline-offset: 0; }
    table { border-collapse: collapse; width: 100%; margin-bottom: 30px; font-size: 0.95rem; }
    caption { text-align: left; font-weight: bold; font-size: 1.2rem; margin-bottom: 10px; }
    th, td { border-bottom: 1px solid #b1b4b6; padding: 8px 10px 8px 0; text-align: left; vertical-align: top; }
    .filters { display: flex; flex-wrap: wrap; gap: 10px 20px; margin-bottom: 20px; }
    .filters div { display: flex; flex-direction: column; }
    label { font-weight: bold; }
    input, select { font-size: 1rem; padding: 5px; border: 2px solid #0b0c0c; }
    button { font-size: 1rem; padding: 8px 12px; background: #00703c; color: #fff; border: 0; box-shadow: 0 2px 0 #002d18; cursor: pointer; }
    .secondary { background: #f3f2f1; color: #0b0c0c; box-shadow: 0 2px 0 #929191; }
    .tag-overdue { background: #d4351c; color: #fff; padding: 2px 6px; font-weight: bold; }
    .tag-late { background: #f47738; color: #0b0c0c; padding: 2px 6px; }
    .tag-voided { background: #505a5f; color: #ffffff; padding: 2px 6px; }
    .error-summary { border: 5px solid #d4351c; padding: 15px; margin-bottom: 20px; }
    .form-group { margin-bottom: 20px; border: 0; padding: 0; }
    .form-group > label { display: block; margin-bottom: 5px; }
    .radio { margin: 8px 0; }
    .form-group-error { border-left: 5px solid #d4351c; padding-left: 15px; }
    .error-message { color: #d4351c; font-weight: bold; margin: 0 0 8px; }
    .visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    .hint { color: #505a5f; }
    pre { white-space: pre-wrap; word-break: break-word; background: #f3f2f1; padding: 8px; margin: 0; }
    footer { border-top: 1px solid #b1b4b6; padding: 20px 0; color: #505a5f; }
    .marking { text-align: center; letter-spacing: 0.05em; border: 2px solid #0b0c0c; padding: 4px; margin: 8px 0; }
    .product { color: #b1b4b6; margin-left: 6px; }
    .table-region { overflow-x: auto; margin-bottom: 20px; max-width: 100%; position: relative; }
    .table-region:focus { outline: 3px solid #fd0; }
    .table-region table { margin-bottom: 10px; }
    .nowrap, .table-region th[scope=row] { white-space: nowrap; }
    th a.sort { color: #0b0c0c; }
    .pagination ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 12px; }
    .pagination a[aria-current] { font-weight: bold; text-decoration: none; color: #0b0c0c; }
    .rows-line { font-weight: bold; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    </style>
    </head>
    <body>
    <a href="#main-content" class="skip-link">Skip to main content</a>
    <header>
    <div class="width-container">
    {{#identity}}<div class="signed-in">Signed in as {{name}} ({{role}}) <form method="post" action="/sign-out"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="secondary">Sign out</button></form></div>{{/identity}}
    <a href="{{home}}" class="service-name">{{organisation}}</a> <span class="product">Casebook</span>
    <nav aria-label="Main">
    <ul>
    {{#nav}}<li><a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a></li>
    {{/nav}}
    </ul>
    </nav>
    </div>
    </header>
    <main id="main-content" class="width-container" tabindex="-1">
    {{#marking}}<p class="marking" role="note"><strong>{{marking}}</strong></p>{{/marking}}
    {{{content}}}
    {{#marking}}<p class="marking" role="note"><strong>{{marking}}</strong></p>{{/marking}}
    </main>
    <footer><div class="width-container">Casebook – a tamper-evident register of information-rights casework. Every entry is in a signed, append-only log.</div></footer>
    </body>
    </html>
    """#

    static let dashboard = #"""
    <h1>Dashboard</h1>
    <p>Today is {{today}}. Due soon means within {{within}} working days.</p>
    <form method="get" action="/cases" class="filters">
    <div><label for="reference">Find a case by reference</label><input id="reference" name="reference" placeholder="FOI-2026-0001" size="20"></div>
    <div><span>&nbsp;</span><button type="submit" class="secondary">Find case</button></div>
    </form>
    <h2 id="overdue-heading">Overdue</h2>
    {{#hasOverdue}}
    <table aria-describedby="overdue-heading">
    <caption>{{overdueCount}} overdue step(s)</caption>
    <thead><tr><th scope="col">Reference</th><th scope="col">Register</th><th scope="col">Step</th><th scope="col">Was due</th><th scope="col">Working days late</th></tr></thead>
    <tbody>
    {{#overdue}}<tr><th scope="row"><a href="/cases/{{reference}}">{{reference}}</a></th><td>{{register}}</td><td>{{step}}</td><td>{{due}}</td><td><span class="tag-overdue">{{daysLate}}</span></td></tr>
    {{/overdue}}
    </tbody>
    </table>
    {{/hasOverdue}}
    {{^hasOverdue}}<p>Nothing is overdue.</p>{{/hasOverdue}}
    <h2 id="due-heading">Due soon</h2>
    {{#hasDueSoon}}
    <table aria-describedby="due-heading">
    <caption>{{dueSoonCount}} step(s) due within {{within}} working days</caption>
    <thead><tr><th scope="col">Reference</th><th scope="col">Register</th><th scope="col">Step</th><th scope="col">Due</th><th scope="col">Working days left</th></tr></thead>
    <tbody>
    {{#dueSoon}}<tr><th scope="row"><a href="/cases/{{reference}}">{{reference}}</a></th><td>{{register}}</td><td>{{step}}</td><td>{{due}}</td><td>{{workingDaysLeft}}</td></tr>
    {{/dueSoon}}
    </tbody>
    </table>
    {{/hasDueSoon}}
    {{^hasDueSoon}}<p>Nothing else is due in the next {{within}} working days.</p>{{/hasDueSoon}}
    <h2>Compliance {{period}}</h2>
    <p>FOI and EIR requests answered on time: <strong>{{onTime}}</strong> against the ICO's benchmark of {{benchmark}}%.</p>
    <figure>
    {{{chart}}}
    <figcaption>Monthly percentage of FOI/EIR requests answered on time in {{period}}, by month of receipt; the dashed line is the {{benchmark}}% benchmark. <a href="/data/v1/reports/compliance?period={{period}}">The report as JSON</a>.</figcaption>
    </figure>
    <p><a href="/reports">Monitoring reports</a>: the quarterly data protection monitoring report, the report to the management team, trends in breaches and near misses, and FOI and EIR request statistics.</p>
    <h2>Registers</h2>
    <ul>
    {{#registers}}<li><a href="/registers/{{name}}">{{label}}</a></li>
    {{/registers}}
    </ul>
    """#

    static let registersTable = #"""
    <table>
    <caption>{{caption}}</caption>
    <thead><tr>{{#header}}<th scope="col">{{.}}</th>{{/header}}</tr></thead>
    <tbody>
    {{#rows}}<tr>{{#first}}<th scope="row">{{#href}}<a href="{{href}}">{{text}}</a>{{/href}}{{^href}}{{text}}{{/href}}</th>{{/first}}{{#cells}}<td>{{.}}</td>{{/cells}}</tr>
    {{/rows}}
    </tbody>
    </table>
    {{^rows}}<p>No rows match.</p>{{/rows}}
    """#

    static let register = #"""
    <h1>{{label}}</h1>
    {{> register-page}}
    """#

    static let timeline = #"""
    <h1>Case {{reference}}</h1>
    <p>Every event recorded on the case, in order. <strong>Occurred</strong> is when it happened; <strong>recorded</strong> is when it was entered in the ledger. Personal data is {{personalData}}.</p>
    {{#hasFacts}}<table>
    <caption>On the register</caption>
    <tbody>
    {{#facts}}<tr><th scope="row">{{label}}</th><td>{{#href}}<a href="{{href}}">{{value}}</a>{{/href}}{{^href}}{{value}}{{/href}}</td></tr>
    {{/facts}}
    </tbody>
    </table>{{/hasFacts}}
    <table>
    <caption>Timeline of {{reference}}: {{count}} event(s)</caption>
    <thead><tr><th scope="col">Version</th><th scope="col">Event</th><th scope="col">Occurred</th><th scope="col">Recorded</th><th scope="col">Who</th><th scope="col">Late entry</th><th scope="col">Details</th><th scope="col">Proof</th></tr></thead>
    <tbody>
    {{#entries}}<tr>
    <th scope="row">{{version}}</th>
    <td>{{#voided}}<del>{{type}}</del> <span class="tag-voided">Voided</span> <span>{{reason}} (authorised by {{authorisedBy}}; position {{position}})</span>{{/voided}}{{^voided}}{{type}}{{/voided}}</td>
    <td><time datetime="{{occurredAt}}">{{occurredAt}}</time></td>
    <td><time datetime="{{recordedAt}}">{{recordedAt}}</time></td>
    <td>{{actor}}</td>
    <td>{{#lateEntry}}<span class="tag-late">Late entry</span>{{/lateEntry}}{{^lateEntry}}No{{/lateEntry}}</td>
    <td><details><summary>Payload</summary><pre>{{payload}}</pre></details></td>
    <td><a href="/data/v1/proofs/inclusion?position={{position}}">Inclusion proof (position {{position}})</a></td>
    </tr>
    {{/entries}}
    </tbody>
    </table>
    <p><a href="/data/v1/cases/{{reference}}/timeline">This timeline as JSON</a></p>
    """#

    static let disclosure = #"""
    <h1>Disclosure log</h1>
    <p>Responses to Freedom of Information and Environmental Information requests that we have published. Requesters are never identified. An entry withdrawn from the log shows only its reference and the day it was withdrawn.</p>
    {{> register-page}}
    """#

    static let error = #"""
    <h1>{{heading}}</h1>
    <p>{{message}}</p>
    <p><a href="{{home}}">Go to the start page</a></p>
    """#

    static let reports = #"""
    <h1>Monitoring reports</h1>
    <p class="hint">Figures as of {{today}}, from the registers.</p>
    <ul>
    {{#reports}}<li><a href="{{href}}">{{text}}</a> <span class="hint">{{hint}}</span></li>
    {{/reports}}
    </ul>
    """#

    static let report = #"""
    <h1>{{heading}}</h1>
    <p>{{basis}}</p>
    <form method="get" action="{{action}}">
    <div class="filters">
    <div><label for="{{parameter}}">{{parameterLabel}}</label><input id="{{parameter}}" name="{{parameter}}" value="{{value}}" size="12"></div>
    <div><span>&nbsp;</span><button type="submit" class="secondary">Show report</button></div>
    </div>
    </form>
    <ul>
    {{#links}}<li><a href="{{href}}">{{text}}</a></li>
    {{/links}}
    <li><a href="/reports">All monitoring reports</a></li>
    </ul>
    {{#hasChart}}
    <figure>
    {{{chart}}}
    <figcaption>{{chartCaption}}</figcaption>
    </figure>
    {{/hasChart}}
    {{#tables}}
    <table id="{{id}}">
    <caption>{{caption}}</caption>
    <thead><tr>{{#header}}<th scope="col">{{.}}</th>{{/header}}</tr></thead>
    <tbody>
    {{#rows}}<tr>{{#first}}<th scope="row">{{#href}}<a href="{{href}}">{{text}}</a>{{/href}}{{^href}}{{text}}{{/href}}</th>{{/first}}{{#cells}}<td>{{.}}</td>{{/cells}}</tr>
    {{/rows}}
    </tbody>
    </table>
    {{#empty}}<p>None.</p>{{/empty}}
    {{/tables}}
    """#
}
