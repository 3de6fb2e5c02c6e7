/// The templates of the case-action forms, "Check your answers" and the new-case list, in the
/// GOV.UK Design System's patterns: an error summary first that links to each field, a label and
/// hint for every field, inline errors, day/month/year dates, radios, selects and checkboxes for
/// enumerations, text areas for long text. No JavaScript.
extension Templates {
    static let forms: [String: String] = [
        "action-form": actionForm, "form-control": formControl, "check-answers": checkAnswers, "new-case": newCase, "form-styles": formStyles, "error-summary": errorSummary,
    ]

    /// Styles the forms add to the layout's (inside the page, as the CSP allows inline styles).
    static let formStyles = #"""
    <style>
    .form-group { margin-bottom: 25px; }
    .form-group-error { border-left: 5px solid #d4351c; padding-left: 15px; }
    .error-message { color: #d4351c; font-weight: bold; margin: 5px 0; }
    .error-summary h2 { margin-top: 0; }
    .error-summary a { color: #d4351c; font-weight: bold; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    fieldset { border: 0; padding: 0; margin: 0; }
    legend { font-weight: bold; padding: 0; }
    .form-group .hint { display: block; margin: 5px 0; }
    .radios div, .checkboxes div { margin: 5px 0; }
    .radios label, .checkboxes label { font-weight: normal; }
    .date-input { display: flex; gap: 15px; flex-wrap: wrap; }
    .date-input div { display: flex; flex-direction: column; }
    textarea { font-size: 1rem; padding: 5px; border: 2px solid #0b0c0c; width: 100%; max-width: 40em; box-sizing: border-box; font-family: inherit; }
    input.wide { width: 100%; max-width: 30em; box-sizing: border-box; }
    .caption { color: #505a5f; font-size: 1.1rem; margin-bottom: 0; }
    .summary-list { width: 100%; max-width: 50em; }
    .summary-list th { width: 35%; }
    .button-group { display: flex; gap: 15px; flex-wrap: wrap; align-items: center; }
    .panel-success { border: 5px solid #00703c; padding: 15px; margin-bottom: 20px; }
    .tag-overdue-words { font-weight: bold; color: #d4351c; }
    </style>
    """#

    static let formControl = #"""
    <div class="form-group{{#error}} form-group-error{{/error}}">
    {{#isText}}
    <label for="{{id}}">{{label}}{{#optional}} (optional){{/optional}}</label>
    {{#hint}}<div id="{{id}}-hint" class="hint">{{hint}}</div>{{/hint}}
    {{#error}}<p id="{{id}}-error" class="error-message"><span class="visually-hidden">Error:</span> {{error}}</p>{{/error}}
    <input class="wide" id="{{id}}" name="{{name}}" type="text" value="{{value}}"{{#numeric}} inputmode="numeric" spellcheck="false"{{/numeric}}{{#describedBy}} aria-describedby="{{describedBy}}"{{/describedBy}}>
    {{/isText}}
    {{#isTextarea}}
    <label for="{{id}}">{{label}}{{#optional}} (optional){{/optional}}</label>
    {{#hint}}<div id="{{id}}-hint" class="hint">{{hint}}</div>{{/hint}}
    {{#error}}<p id="{{id}}-error" class="error-message"><span class="visually-hidden">Error:</span> {{error}}</p>{{/error}}
    <textarea id="{{id}}" name="{{name}}" rows="4"{{#describedBy}} aria-describedby="{{describedBy}}"{{/describedBy}}>{{value}}</textarea>
    {{/isTextarea}}
    {{#isSelect}}
    <label for="{{id}}">{{label}}{{#optional}} (optional){{/optional}}</label>
    {{#hint}}<div id="{{id}}-hint" class="hint">{{hint}}</div>{{/hint}}
    {{#error}}<p id="{{id}}-error" class="error-message"><span class="visually-hidden">Error:</span> {{error}}</p>{{/error}}
    <select id="{{id}}" name="{{name}}"{{#describedBy}} aria-describedby="{{describedBy}}"{{/describedBy}}>
    <option value="">{{#optional}}Not given{{/optional}}{{^optional}}Choose one{{/optional}}</option>
    {{#options}}<option value="{{value}}"{{#checked}} selected{{/checked}}>{{text}}</option>
    {{/options}}
    </select>
    {{/isSelect}}
    {{#isRadios}}
    <fieldset class="radios"{{#describedBy}} aria-describedby="{{describedBy}}"{{/describedBy}}>
    <legend>{{label}}{{#optional}} (optional){{/optional}}</legend>
    {{#hint}}<div id="{{id}}-hint" class="hint">{{hint}}</div>{{/hint}}
    {{#error}}<p id="{{id}}-error" class="error-message"><span class="visually-hidden">Error:</span> {{error}}</p>{{/error}}
    {{#options}}<div><input type="radio" id="{{id}}" name="{{name}}" value="{{value}}"{{#checked}} checked{{/checked}}> <label for="{{id}}">{{text}}</label></div>
    {{/options}}
    </fieldset>
    {{/isRadios}}
    {{#isCheckboxes}}
    <fieldset class="checkboxes"{{#describedBy}} aria-describedby="{{describedBy}}"{{/describedBy}}>
    <legend>{{label}}{{#optional}} (optional){{/optional}}</legend>
    {{#hint}}<div id="{{id}}-hint" class="hint">{{hint}}</div>{{/hint}}
    {{#error}}<p id="{{id}}-error" class="error-message"><span class="visually-hidden">Error:</span> {{error}}</p>{{/error}}
    {{#options}}<div><input type="checkbox" id="{{id}}" name="{{name}}" value="{{value}}"{{#checked}} checked{{/checked}}> <label for="{{id}}">{{text}}</label></div>
    {{/options}}
    </fieldset>
    {{/isCheckboxes}}
    {{#isDate}}
    <fieldset role="group"{{#describedBy}} aria-describedby="{{describedBy}}"{{/describedBy}}>
    <legend>{{label}}{{#optional}} (optional){{/optional}}</legend>
    <div id="{{id}}-hint" class="hint">{{#hint}}{{hint}} {{/hint}}For example, 27 3 2026{{#withTime}} and 14:30{{/withTime}}.</div>
    {{#error}}<p id="{{id}}-error" class="error-message"><span class="visually-hidden">Error:</span> {{error}}</p>{{/error}}
    <div class="date-input">
    <div><label for="{{id}}-day">Day</label><input id="{{id}}-day" name="{{name}}-day" inputmode="numeric" size="2" value="{{day}}"></div>
    <div><label for="{{id}}-month">Month</label><input id="{{id}}-month" name="{{name}}-month" inputmode="numeric" size="2" value="{{month}}"></div>
    <div><label for="{{id}}-year">Year</label><input id="{{id}}-year" name="{{name}}-year" inputmode="numeric" size="4" value="{{year}}"></div>
    {{#withTime}}<div><label for="{{id}}-time">Time</label><input id="{{id}}-time" name="{{name}}-time" size="5" value="{{time}}"></div>{{/withTime}}
    </div>
    </fieldset>
    {{/isDate}}
    </div>
    """#

    /// The GOV.UK error summary of a form that recorded nothing: every problem, each linking to its field.
    static let errorSummary = #"""
    {{#hasErrors}}
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
    <h2 id="error-summary-title">There is a problem</h2>
    <ul>
    {{#errors}}<li><a href="{{href}}">{{text}}</a></li>
    {{/errors}}
    </ul>
    <p>Nothing was recorded.</p>
    </div>
    {{/hasErrors}}
    """#

    static let actionForm = #"""
    {{> form-styles}}
    {{> error-summary}}
    {{#hasCase}}<p class="caption"><a href="/cases/{{caseReference}}">{{caseReference}}</a></p>{{/hasCase}}
    <h1>{{heading}}</h1>
    <p>{{summary}}</p>
    <p class="hint">Fields marked (optional) may be left empty; anything left empty takes the usual value its hint names. The same action is <code>casebook {{command}}</code> on the command line.</p>
    <form method="post" action="{{path}}" novalidate>
    <input type="hidden" name="{{csrfField}}" value="{{csrf}}">
    {{#fields}}
    {{#isGroup}}
    <fieldset class="form-group">
    <legend>{{label}}{{#optional}} (optional){{/optional}}</legend>
    {{#hint}}<div id="{{id}}-hint" class="hint">{{hint}}</div>{{/hint}}
    {{#children}}{{> form-control}}{{/children}}
    </fieldset>
    {{/isGroup}}
    {{^isGroup}}{{> form-control}}{{/isGroup}}
    {{/fields}}
    <div class="button-group">
    <button type="submit" name="intent" value="preview">Continue</button>
    {{#hasCase}}<a href="/cases/{{caseReference}}">Cancel</a>{{/hasCase}}{{^hasCase}}<a href="/new">Cancel</a>{{/hasCase}}
    </div>
    </form>
    """#

    static let checkAnswers = #"""
    {{> form-styles}}
    <p class="caption">{{reference}}{{#opens}} (the reference it will take){{/opens}}</p>
    <h1>Check your answers</h1>
    <p>{{heading}}. Nothing is recorded until you choose Record.</p>
    <table class="summary-list">
    <caption>Your answers</caption>
    <tbody>
    {{#answers}}<tr><th scope="row">{{label}}</th><td>{{value}}</td></tr>
    {{/answers}}
    </tbody>
    </table>
    <table class="summary-list">
    <caption>The case after this</caption>
    <tbody>
    <tr><th scope="row">Will record</th><td>{{#events}}{{.}}<br>{{/events}}</td></tr>
    <tr><th scope="row">Status</th><td>{{status}}{{#closes}} (this closes the case){{/closes}}</td></tr>
    <tr><th scope="row">Next due</th><td>{{#hasSteps}}{{#next}}{{step}}: {{due}} ({{left}}){{/next}}{{/hasSteps}}{{^hasSteps}}Nothing is due{{/hasSteps}}</td></tr>
    </tbody>
    </table>
    {{#hasSteps}}
    <table class="summary-list">
    <caption>Clocks after this</caption>
    <thead><tr><th scope="col">Step</th><th scope="col">Due</th><th scope="col">Time left</th></tr></thead>
    <tbody>
    {{#steps}}<tr><td>{{step}}</td><td>{{due}}</td><td>{{left}}</td></tr>
    {{/steps}}
    </tbody>
    </table>
    {{/hasSteps}}
    <form method="post" action="{{path}}">
    <input type="hidden" name="{{csrfField}}" value="{{csrf}}">
    {{#hidden}}<input type="hidden" name="{{name}}" value="{{value}}">
    {{/hidden}}
    <div class="button-group">
    <button type="submit" name="intent" value="record">Record</button>
    <button type="submit" name="intent" value="change" class="secondary">Change</button>
    </div>
    </form>
    """#

    static let newCase = #"""
    <h1>Open a new case</h1>
    {{#none}}<p>Your role does not open cases.</p>{{/none}}
    <ul>
    {{#links}}<li><a href="{{href}}">{{text}}</a> <span class="hint">({{noun}}) {{hint}}</span></li>
    {{/links}}
    </ul>
    """#
}
