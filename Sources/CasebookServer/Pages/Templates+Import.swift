/// The import page's templates: the upload form and the report (the dry run's, then the real
/// run's), in the GOV.UK Design System's patterns: an error summary linking to each field, radios
/// with hints, a file upload, a summary list, tables with captions and row headers. No JavaScript.
extension Templates {
    static let importPages: [String: String] = ["import-form": importForm, "import-report": importReport]

    static let importForm = #"""
    {{> form-styles}}
    {{> error-summary}}
    {{#suggested}}
    <h2>The suggested mapping</h2>
    <p>No mapping file was given, so the columns were matched by their headings as below. <a href="{{suggestedHref}}" download>Download it</a>, add what the problem above names (a column, or a value stated for every row in defaults), and choose the sheet again with it as the mapping file.</p>
    <pre>{{suggested}}</pre>
    {{/suggested}}
    <h1>Import a register</h1>
    <p>Bring in the register you keep today as a spreadsheet: one row per case. Every row becomes the events it implies (received, acknowledged, exemptions, response, internal review, ICO), checked by the same rules as work recorded here, dated as the sheet says and marked as late entries; each imported case also records the file's SHA-256, its row and the mapping, so an inspector can check the case against the original file.</p>
    <p>First you see what would happen, row by row, and nothing is recorded until you choose to import. Importing the same file again records nothing twice.</p>
    <form method="post" action="/import" enctype="multipart/form-data" novalidate>
    <input type="hidden" name="{{csrfField}}" value="{{csrf}}">
    <div class="form-group{{#kindError}} form-group-error{{/kindError}}">
    <fieldset class="radios" aria-describedby="kind-hint{{#kindError}} kind-error{{/kindError}}">
    <legend>What is the sheet a register of?</legend>
    <div id="kind-hint" class="hint">The kinds of case your role records.</div>
    {{#kindError}}<p id="kind-error" class="error-message"><span class="visually-hidden">Error:</span> {{kindError}}</p>{{/kindError}}
    {{#kinds}}<div><input type="radio" id="{{id}}" name="kind" value="{{value}}" aria-describedby="{{id}}-item-hint"{{#checked}} checked{{/checked}}> <label for="{{id}}">{{text}}</label>
    <div id="{{id}}-item-hint" class="hint">{{hint}}</div></div>
    {{/kinds}}
    </fieldset>
    </div>
    <div class="form-group{{#fileError}} form-group-error{{/fileError}}">
    <label for="file">The sheet</label>
    <div id="file-hint" class="hint">A .csv file (UTF-8 or Windows-1252, commas or semicolons) or an Excel .xlsx workbook, at most {{maxMB}} MB. The first row holds the column headings.</div>
    {{#fileError}}<p id="file-error" class="error-message"><span class="visually-hidden">Error:</span> {{fileError}}</p>{{/fileError}}
    <input id="file" name="file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby="file-hint{{#fileError}} file-error{{/fileError}}">
    </div>
    <div class="form-group{{#mappingError}} form-group-error{{/mappingError}}">
    <label for="mapping">Mapping file (optional)</label>
    <div id="mapping-hint" class="hint">A JSON file saying which column holds which fact, how the sheet spells its outcomes and how it writes dates. Leave it out and Casebook suggests one from the headings, which you can download, check and upload with the sheet.</div>
    {{#mappingError}}<p id="mapping-error" class="error-message"><span class="visually-hidden">Error:</span> {{mappingError}}</p>{{/mappingError}}
    <input id="mapping" name="mapping" type="file" accept=".json,application/json" aria-describedby="mapping-hint{{#mappingError}} mapping-error{{/mappingError}}">
    </div>
    <div class="form-group{{#sheetError}} form-group-error{{/sheetError}}">
    <label for="sheet">Sheet name (optional)</label>
    <div id="sheet-hint" class="hint">For a workbook with several sheets: the name on the sheet's tab. Leave empty for the first sheet.</div>
    {{#sheetError}}<p id="sheet-error" class="error-message"><span class="visually-hidden">Error:</span> {{sheetError}}</p>{{/sheetError}}
    <input class="wide" id="sheet" name="sheet" type="text" value="{{sheet}}" aria-describedby="sheet-hint{{#sheetError}} sheet-error{{/sheetError}}">
    </div>
    <button type="submit">Check the sheet</button>
    </form>
    <p class="hint">The same import is <code>casebook import foi FILE --mapping MAP.json</code> at the ledger.</p>
    """#

    static let importReport = #"""
    {{> form-styles}}
    {{#recorded}}
    <div class="panel-success" role="status">
    <h1>Import complete</h1>
    <p>{{importedCount}} {{kind}} case(s) imported from {{fileName}}: {{appended}} event(s) recorded.</p>
    </div>
    {{/recorded}}
    {{#dryRun}}
    <h1>Check the import: {{fileName}}</h1>
    <p>Nothing has been recorded yet. This is what importing the sheet would do.</p>
    {{/dryRun}}
    <table class="summary-list">
    <caption>The sheet</caption>
    <tbody>
    <tr><th scope="row">File</th><td>{{fileName}}</td></tr>
    <tr><th scope="row">Register</th><td>{{kind}}</td></tr>
    <tr><th scope="row">Mapping</th><td>{{mapping}}</td></tr>
    <tr><th scope="row">File SHA-256</th><td><code>{{fileSHA256}}</code></td></tr>
    <tr><th scope="row">Mapping SHA-256</th><td><code>{{mappingSHA256}}</code></td></tr>
    <tr><th scope="row">Rows</th><td>{{rowCount}}</td></tr>
    <tr><th scope="row">{{#dryRun}}Would import{{/dryRun}}{{#recorded}}Imported{{/recorded}}</th><td>{{importedCount}} case(s), {{eventCount}} event(s)</td></tr>
    <tr><th scope="row">Already imported, unchanged</th><td>{{unchangedCount}}</td></tr>
    <tr><th scope="row">Conflicts</th><td>{{conflictCount}}</td></tr>
    <tr><th scope="row">Refused</th><td>{{refusedCount}}</td></tr>
    <tr><th scope="row">Notes</th><td>{{noteCount}}</td></tr>
    </tbody>
    </table>
    {{#hasProblems}}<p><a href="{{problemsHref}}" download>Download the problems as CSV</a>: each refused or conflicting row with its column and reason, then the row's own cells, to fix in the spreadsheet and import again.</p>{{/hasProblems}}
    {{#hasRefused}}
    <div class="table-region" role="region" aria-labelledby="refused-caption" tabindex="0">
    <table>
    <caption id="refused-caption">Rows that cannot be imported ({{refusedCount}})</caption>
    <thead><tr><th scope="col">Row</th><th scope="col">Column</th><th scope="col">What is wrong</th></tr></thead>
    <tbody>
    {{#refused}}<tr><th scope="row">{{row}}</th><td>{{column}}</td><td>{{reason}}</td></tr>
    {{/refused}}
    </tbody>
    </table>
    </div>
    {{#refusedMore}}<p>The first {{shown}} are shown; the problems CSV has them all.</p>{{/refusedMore}}
    {{/hasRefused}}
    {{#hasConflicts}}
    <div class="table-region" role="region" aria-labelledby="conflicts-caption" tabindex="0">
    <table>
    <caption id="conflicts-caption">Rows whose case is already in the ledger with other content ({{conflictCount}}); they are left as they are</caption>
    <thead><tr><th scope="col">Row</th><th scope="col">Column</th><th scope="col">What differs</th></tr></thead>
    <tbody>
    {{#conflicts}}<tr><th scope="row">{{row}}</th><td>{{column}}</td><td>{{reason}}</td></tr>
    {{/conflicts}}
    </tbody>
    </table>
    </div>
    {{#conflictsMore}}<p>The first {{shown}} are shown; the problems CSV has them all.</p>{{/conflictsMore}}
    {{/hasConflicts}}
    {{#hasNotes}}
    <details>
    <summary>Notes on rows that import as they are ({{noteCount}})</summary>
    <table>
    <caption>Notes: facts worth knowing that do not stop a row</caption>
    <thead><tr><th scope="col">Row</th><th scope="col">Column</th><th scope="col">Note</th></tr></thead>
    <tbody>
    {{#notes}}<tr><th scope="row">{{row}}</th><td>{{column}}</td><td>{{reason}}</td></tr>
    {{/notes}}
    </tbody>
    </table>
    {{#notesMore}}<p>The first {{shownNotes}} are shown.</p>{{/notesMore}}
    </details>
    {{/hasNotes}}
    {{#suggested}}
    <h2>The suggested mapping</h2>
    <p>No mapping file was given, so the columns were matched by their headings as below. Check it, <a href="{{suggestedHref}}" download>download it</a>, correct it if need be, and upload it with the sheet.</p>
    <pre>{{suggested}}</pre>
    {{/suggested}}
    {{#canImport}}
    <form method="post" action="/import" novalidate>
    <input type="hidden" name="{{csrfField}}" value="{{csrf}}">
    <input type="hidden" name="upload" value="{{upload}}">
    <input type="hidden" name="intent" value="record">
    <div class="form-group checkboxes">
    <div><input type="checkbox" id="allOrNothing" name="allOrNothing" value="true" aria-describedby="allOrNothing-hint"> <label for="allOrNothing">Import nothing if any row is refused or conflicts</label>
    <div id="allOrNothing-hint" class="hint">Otherwise the acceptable rows are imported together and the others are left for you to fix.</div></div>
    </div>
    <div class="button-group">
    <button type="submit">Import {{importedCount}} {{rowsWord}}</button>
    <a href="/import">Choose another file</a>
    </div>
    </form>
    {{/canImport}}
    {{#nothingToImport}}<p>There is nothing to import from this sheet. <a href="/import">Choose another file</a>.</p>{{/nothingToImport}}
    {{#hasImported}}
    <div class="table-region" role="region" aria-labelledby="imported-caption" tabindex="0">
    <table>
    <caption id="imported-caption">{{#dryRun}}Cases it would import{{/dryRun}}{{#recorded}}Cases imported{{/recorded}}</caption>
    <thead><tr><th scope="col">Row</th><th scope="col">Case</th><th scope="col">Events</th></tr></thead>
    <tbody>
    {{#imported}}<tr><th scope="row">{{row}}</th><td>{{#recorded}}<a href="/cases/{{reference}}">{{reference}}</a>{{/recorded}}{{^recorded}}{{reference}}{{/recorded}}</td><td>{{events}}</td></tr>
    {{/imported}}
    </tbody>
    </table>
    </div>
    {{#importedMore}}<p>The first {{shown}} are shown.</p>{{/importedMore}}
    {{/hasImported}}
    {{#recorded}}<p><a href="{{registerHref}}">Open the register</a> or <a href="/import">import another sheet</a>.</p>{{/recorded}}
    <p class="hint">At the ledger: <code>{{command}}</code></p>
    """#
}
