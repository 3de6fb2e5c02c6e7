/// The case page's template: summary, status, clocks, next steps, then the timeline in words.
extension Templates {
    static let casePage: [String: String] = ["case": caseTemplate]

    static let caseTemplate = #"""
    {{> form-styles}}
    {{#recorded}}
    <div class="panel-success" role="status" aria-labelledby="recorded-title">
    <h2 id="recorded-title">Recorded</h2>
    <p>{{recorded}}. It is in the ledger under its proof.</p>
    </div>
    {{/recorded}}
    <p class="caption">{{noun}}</p>
    <h1>Case {{reference}}</h1>
    <p><strong>Status: {{status}}</strong></p>
    {{#hasSummary}}
    <table class="summary-list">
    <caption>Summary</caption>
    <tbody>
    {{#summary}}<tr><th scope="row">{{label}}</th><td>{{value}}</td></tr>
    {{/summary}}
    </tbody>
    </table>
    {{/hasSummary}}
    <h2 id="clocks-heading">Clocks</h2>
    {{#hasClocks}}
    <table aria-describedby="clocks-heading">
    <caption>Steps still to do</caption>
    <thead><tr><th scope="col">Step</th><th scope="col">Due</th><th scope="col">Time left</th></tr></thead>
    <tbody>
    {{#clocks}}<tr><td>{{step}}</td><td><time datetime="{{due}}">{{due}}</time></td><td>{{#overdue}}<span class="tag-overdue">{{left}}</span>{{/overdue}}{{^overdue}}{{left}}{{/overdue}}</td></tr>
    {{/clocks}}
    </tbody>
    </table>
    {{/hasClocks}}
    {{^hasClocks}}<p>No step is outstanding.</p>{{/hasClocks}}
    <h2>Next steps</h2>
    {{#hasNext}}<ul>
    {{#next}}<li><a href="{{href}}">{{text}}</a> <span class="hint">{{hint}}</span></li>
    {{/next}}
    </ul>{{/hasNext}}
    {{^hasNext}}<p>Nothing is waiting on this case.</p>{{/hasNext}}
    {{#hasOthers}}
    <details>
    <summary>Other actions on this case</summary>
    <ul>
    {{#others}}<li><a href="{{href}}">{{text}}</a> <span class="hint">{{hint}}</span></li>
    {{/others}}
    </ul>
    </details>
    {{/hasOthers}}
    {{#hasFacts}}<table>
    <caption>On the register</caption>
    <tbody>
    {{#facts}}<tr><th scope="row">{{label}}</th><td>{{#href}}<a href="{{href}}">{{value}}</a>{{/href}}{{^href}}{{value}}{{/href}}</td></tr>
    {{/facts}}
    </tbody>
    </table>{{/hasFacts}}
    <h2 id="timeline-heading">Timeline: {{count}} event(s)</h2>
    <p><strong>Occurred</strong> is when it happened; <strong>recorded</strong> is when it was entered in the ledger. Personal data is {{personalData}}.</p>
    <ol class="timeline">
    {{#entries}}
    <li id="event-{{version}}">
    <h3>{{version}}. {{#voided}}<del>{{label}}</del> <span class="tag-voided">Voided</span>{{/voided}}{{^voided}}{{label}}{{/voided}}{{#lateEntry}} <span class="tag-late">Late entry</span>{{/lateEntry}}</h3>
    {{#voided}}<p>Voided: {{reason}} (authorised by {{authorisedBy}}; position {{position}}).</p>{{/voided}}
    <p>By {{actor}} ({{role}}). Occurred <time datetime="{{occurredAt}}">{{occurredForPeople}}</time>, recorded <time datetime="{{recordedAt}}">{{recordedForPeople}}</time> (London time).</p>
    {{#eventHasFacts}}<dl>{{/eventHasFacts}}
    {{#facts}}<div><dt>{{label}}</dt><dd>{{value}}</dd></div>
    {{/facts}}
    {{#eventHasFacts}}</dl>{{/eventHasFacts}}
    <details><summary>Raw payload ({{type}}, position {{position}})</summary><pre>{{payload}}</pre></details>
    <p><a href="/data/v1/proofs/inclusion?position={{position}}">Inclusion proof (position {{position}})</a></p>
    </li>
    {{/entries}}
    </ol>
    <p><a href="/data/v1/cases/{{reference}}/timeline">This timeline as JSON</a></p>
    """#
}
