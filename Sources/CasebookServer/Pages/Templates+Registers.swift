/// The register pages at scale: a page of rows with sort links in the column headers, the rows
/// shown out of how many, page links, and filters offered as the register's own values.
extension Templates {
    /// The filter form, the error summary, the table and the page links (context from
    /// `PagesController.registerPageContext`).
    static let registerPage = #"""
    {{#hasErrors}}<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
    <h2 id="error-summary-title">There is a problem</h2>
    <ul>{{#errors}}<li>{{.}}</li>{{/errors}}</ul>
    </div>{{/hasErrors}}
    <form method="get" action="{{action}}">
    <fieldset>
    <legend>Find and filter</legend>
    <div class="filters">
    <div><label for="f-q">Search</label><span class="hint" id="f-q-hint">{{searchHint}}</span><input id="f-q" name="q" value="{{search}}" size="24" aria-describedby="f-q-hint"></div>
    {{#selects}}
    <div>
    <label for="f-{{id}}">{{label}}</label>
    <select id="f-{{id}}" name="{{id}}">{{#choices}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{text}}</option>{{/choices}}</select>
    </div>
    {{/selects}}
    {{#inputs}}
    <div>
    <label for="f-{{id}}">{{label}}</label>
    <input id="f-{{id}}" name="{{id}}" value="{{value}}" {{#date}}placeholder="YYYY-MM-DD" size="12"{{/date}}{{^date}}size="14"{{/date}}>
    </div>
    {{/inputs}}
    {{#mineOffered}}<div><label for="f-mine">My cases</label><span><input type="checkbox" id="f-mine" name="mine" value="1"{{#mine}} checked{{/mine}}> only cases I am the officer of</span></div>{{/mineOffered}}
    </div>
    {{#sort}}<input type="hidden" name="sort" value="{{sort}}"><input type="hidden" name="dir" value="{{dir}}">{{/sort}}
    <button type="submit">Apply</button> <a href="{{action}}">Clear filters</a>{{#mineOffered}} · <a href="{{action}}?mine=1">My cases</a>{{/mineOffered}}
    </fieldset>
    </form>
    {{#csvHref}}<p><a href="{{csvHref}}" download>Download these rows as CSV</a> (every column, every page, with these filters)</p>{{/csvHref}}
    {{> register-page-table}}
    """#

    static let registerPageTable = #"""
    <p class="rows-line" id="rows-line">{{rowsLine}}</p>
    {{#hasRows}}<div class="table-region" role="region" aria-labelledby="table-caption" tabindex="0">
    <table>
    <caption id="table-caption">{{caption}}</caption>
    <thead><tr>{{#header}}<th scope="col"{{#ariaSort}} aria-sort="{{ariaSort}}"{{/ariaSort}}><a class="sort" href="{{href}}">{{text}}<span class="visually-hidden">{{sortHint}}</span></a></th>{{/header}}</tr></thead>
    <tbody>
    {{#rows}}<tr>{{#first}}<th scope="row">{{#href}}<a href="{{href}}">{{text}}</a>{{/href}}{{^href}}{{text}}{{/href}}</th>{{/first}}{{#cells}}<td{{#nowrap}} class="nowrap"{{/nowrap}}>{{#tags}}<span class="tag-overdue">{{.}}</span> {{/tags}}{{text}}</td>{{/cells}}</tr>
    {{/rows}}
    </tbody>
    </table>
    </div>{{/hasRows}}
    {{^hasRows}}<p>No rows match.</p>{{/hasRows}}
    {{#hasPages}}<nav class="pagination" aria-label="Pages of the register">
    <ul>
    {{#previous}}<li><a href="{{.}}" rel="prev" aria-label="Previous page">Previous</a></li>{{/previous}}
    {{#pages}}<li>{{#gap}}…{{/gap}}{{^gap}}<a href="{{href}}" aria-label="Page {{number}}"{{#current}} aria-current="page"{{/current}}>{{number}}</a>{{/gap}}</li>{{/pages}}
    {{#next}}<li><a href="{{.}}" rel="next" aria-label="Next page">Next</a></li>{{/next}}
    </ul>
    </nav>{{/hasPages}}
    """#
}
