extension Templates {
    /// User name and password (the GOV.UK sign-in pattern: labelled fields, an error summary that
    /// links to each field in error, the field's own message beside it).
    static let signIn = #"""
    {{#hasErrors}}
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
    <h2 id="error-summary-title">There is a problem</h2>
    <ul>
    {{#errors}}<li><a href="#{{field}}">{{message}}</a></li>
    {{/errors}}
    </ul>
    </div>
    {{/hasErrors}}
    <h1>Sign in</h1>
    <p>Sign in with your Casebook user name and password. Your administrator sets you up with <code>casebook user add</code>, and you set your password with <code>casebook user password</code>.</p>
    <form method="post" action="/sign-in" novalidate>
    <input type="hidden" name="next" value="{{next}}">
    <div class="form-group{{#usernameError}} form-group-error{{/usernameError}}">
    <label for="username">User name</label>
    {{#usernameError}}<p class="error-message" id="username-error"><span class="visually-hidden">Error:</span> {{usernameError}}</p>{{/usernameError}}
    <input id="username" name="username" type="text" autocomplete="username" spellcheck="false" autocapitalize="none" value="{{username}}" size="30"{{#usernameError}} aria-describedby="username-error" aria-invalid="true"{{/usernameError}}>
    </div>
    <div class="form-group{{#passwordError}} form-group-error{{/passwordError}}">
    <label for="password">Password</label>
    {{#passwordError}}<p class="error-message" id="password-error"><span class="visually-hidden">Error:</span> {{passwordError}}</p>{{/passwordError}}
    <input id="password" name="password" type="password" autocomplete="current-password" spellcheck="false" size="30"{{#passwordError}} aria-describedby="password-error" aria-invalid="true"{{/passwordError}}>
    </div>
    <p><button type="submit">Sign in</button></p>
    </form>
    <p class="hint">You are signed out after {{idleMinutes}} minutes without using Casebook, and after {{lifetimeHours}} hours in any case.</p>
    <p>The public <a href="/disclosure-log">disclosure log</a> needs no sign-in.</p>
    """#

    /// Choosing the role to act in, for a user with several web roles.
    static let signInRole = #"""
    {{#error}}
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
    <h2 id="error-summary-title">There is a problem</h2>
    <ul><li><a href="#role-{{firstRole}}">{{error}}</a></li></ul>
    </div>
    {{/error}}
    <form method="post" action="/sign-in/role" novalidate>
    <input type="hidden" name="csrf" value="{{csrf}}">
    <input type="hidden" name="next" value="{{next}}">
    <fieldset class="form-group{{#error}} form-group-error{{/error}}">
    <legend><h1>Which role are you acting in?</h1></legend>
    <p class="hint" id="role-hint">Hello {{name}}. Everything you record in this session is recorded as you in this role. To change role, sign out and sign in again.</p>
    {{#error}}<p class="error-message" id="role-error"><span class="visually-hidden">Error:</span> {{error}}</p>{{/error}}
    {{#roles}}<div class="radio"><input type="radio" id="role-{{value}}" name="role" value="{{value}}" aria-describedby="role-hint"> <label for="role-{{value}}">{{label}}</label> <span class="hint">{{hint}}</span></div>
    {{/roles}}
    </fieldset>
    <p><button type="submit">Continue</button></p>
    </form>
    """#

    /// Too many failed sign-ins (429).
    static let signInLocked = #"""
    <h1>Sign-in is paused</h1>
    <p>There have been {{limit}} failed attempts to sign in with this user name, or from this computer, within {{windowMinutes}} minutes, so sign-in is paused to stop password guessing.</p>
    <p><strong>Try again after {{until}} (UK time)</strong>, in about {{minutes}} minute{{^oneMinute}}s{{/oneMinute}}.</p>
    <p>If you have forgotten your password, ask your Casebook administrator to set a new one (<code>casebook user password</code>).</p>
    """#
}
