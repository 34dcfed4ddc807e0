/// The web console's page (`GET /_galleryrp`): one HTML document with its style and script inline, no build step and
/// no external resources. The document's skeleton is here; its style and script are in `ConsolePage+Style.swift` and
/// `ConsolePage+Script.swift`.
enum ConsolePage {
    /// Everything the page loads comes from the page itself or this service; it cannot be framed, and its forms go
    /// nowhere (the script sends them with `fetch`).
    static let contentSecurityPolicy = [
        "default-src 'self'", "style-src 'unsafe-inline'", "script-src 'unsafe-inline'", "img-src 'self' data:", "base-uri 'none'",
        "form-action 'none'", "frame-ancestors 'none'",
    ].joined(separator: "; ")

    /// The document as served.
    static let html = [head, "\n<style>\n", style, "\n</style>\n</head>\n<body>\n", body, "\n<script>\n", script, "\n</script>\n</body>\n</html>\n"]
        .joined()

    /// The start of the document, up to the style.
    static let head = #"""
        <!doctype html>
        <html lang="en" data-theme="dark">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="dark light">
        <title>GalleryRP console</title>
        <link rel="icon" href="data:,">
        """#

    /// The markup: the header (service, version, health), the tabs, the four views (Resources, Requests, Faults,
    /// Health), the token and reset dialogs. The script fills it; ids and names are stable, for tests to drive.
    static let body = #"""
        <header class="topbar">
          <a class="brand" href="#/resources" aria-label="GalleryRP console">
            <svg class="logo" viewBox="0 0 24 24" aria-hidden="true">
              <defs><linearGradient id="logo-gradient" x1="0" y1="0" x2="1" y2="1">
                <stop offset="0" stop-color="#3d8bfd"/><stop offset="1" stop-color="#7c5cff"/></linearGradient></defs>
              <rect x="1" y="1" width="22" height="22" rx="6" fill="url(#logo-gradient)"/>
              <rect x="5" y="8" width="11" height="10" rx="1.5" fill="none" stroke="#fff" stroke-width="1.6"/>
              <path d="M8 5.5h9a1.5 1.5 0 0 1 1.5 1.5v8" fill="none" stroke="#fff" stroke-width="1.6" stroke-linecap="round"/>
              <path d="m6.5 16 3-3 2 2 1.2-1.2 2.3 2.2" fill="none" stroke="#fff" stroke-width="1.4" stroke-linejoin="round"/>
            </svg>
            <span class="brand-name">GalleryRP</span><span class="brand-sub">console</span>
          </a>
          <span id="version" class="pill" title="Service version">…</span>
          <span id="health-indicator" class="health-indicator unknown" title="GET /_galleryrp/health">
            <span class="dot"></span><span id="health-text">Connecting…</span>
          </span>
          <span class="spacer"></span>
          <span id="endpoint" class="endpoint" title="ARM endpoint served by this listener"></span>
          <button id="token-button" class="btn ghost icon-only" type="button" title="Admin token" aria-label="Admin token">
            <svg viewBox="0 0 16 16" aria-hidden="true"><circle cx="5" cy="8" r="3"/><path d="M8 8h6.5M12.5 8v2.5M14.5 8v2"/></svg>
          </button>
          <button id="theme-button" class="btn ghost icon-only" type="button" title="Switch light / dark" aria-label="Switch theme">
            <svg viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="8" r="5.5"/><path d="M8 2.5v11A5.5 5.5 0 0 0 8 2.5z" class="fill"/></svg>
          </button>
          <button id="reset-button" class="btn danger-outline" type="button" title="POST /_galleryrp/reset">Reset…</button>
        </header>

        <nav class="tabs" role="tablist" aria-label="Views">
          <button role="tab" id="tab-resources" data-view="resources" type="button">
            <svg viewBox="0 0 16 16" aria-hidden="true"><rect x="1.5" y="1.5" width="5" height="4" rx="1"/><path d="M4 5.5v7.2h4.5M4 8.8h4.5"/>
              <rect x="8.5" y="7" width="6" height="3.5" rx="1"/><rect x="8.5" y="11" width="6" height="3.5" rx="1"/></svg>
            Resources</button>
          <button role="tab" id="tab-requests" data-view="requests" type="button">
            <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M1.5 8h3l2-5 3 10 2-5h3"/></svg>
            Requests <span class="count" id="requests-count"></span></button>
          <button role="tab" id="tab-faults" data-view="faults" type="button">
            <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M9 1.5 3 9h4.5L7 14.5 13 7H8.5z"/></svg>
            Faults <span class="count" id="faults-count"></span></button>
          <button role="tab" id="tab-health" data-view="health" type="button">
            <svg viewBox="0 0 16 16" aria-hidden="true">
              <path d="M8 14s-5.5-3.3-5.5-7.2A3 3 0 0 1 8 4.6a3 3 0 0 1 5.5 2.2C13.5 10.7 8 14 8 14z"/></svg>
            Health</button>
        </nav>

        <div id="banner" class="banner" role="alert" hidden></div>

        <main>
          <section id="view-resources" class="view view-resources" role="tabpanel" aria-labelledby="tab-resources" hidden>
            <aside class="sidebar">
              <div class="toolbar">
                <span class="toolbar-title">Resource tree</span>
                <span class="spacer"></span>
                <label class="switch" title="Refresh the tree and the selected resource every 2 s">
                  <input type="checkbox" id="auto-refresh" checked><span class="track"></span>Auto</label>
                <button id="refresh-tree" class="btn ghost icon-only" type="button" title="Refresh now" aria-label="Refresh">
                  <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M13.5 8A5.5 5.5 0 1 1 11.9 4"/><path d="M12.5 1.5V4.5H9.5"/></svg>
                </button>
              </div>
              <div id="tree" class="tree" role="tree" aria-label="Resources" tabindex="0"></div>
            </aside>
            <div id="resource-detail" class="detail"></div>
          </section>

          <section id="view-requests" class="view view-requests" role="tabpanel" aria-labelledby="tab-requests" hidden>
            <div class="toolbar wide">
              <div class="search">
                <svg viewBox="0 0 16 16" aria-hidden="true"><circle cx="7" cy="7" r="4.5"/><path d="m10.5 10.5 4 4"/></svg>
                <input id="request-filter" name="filter" type="search" placeholder="Filter: path, method, status (e.g. PUT images 2xx)"
                  autocomplete="off" spellcheck="false">
              </div>
              <label class="switch" title="Poll the journal every second">
                <input type="checkbox" id="requests-live" checked><span class="track"></span>Live</label>
              <span class="spacer"></span>
              <span id="requests-info" class="muted small"></span>
              <button id="clear-requests" class="btn" type="button" title="DELETE /_galleryrp/requests">Clear</button>
            </div>
            <div class="split">
              <div class="table-wrap">
                <table id="requests-table" class="grid-table">
                  <thead><tr><th class="c-time">Time</th><th class="c-method">Method</th><th class="c-status">Status</th>
                    <th class="c-path">Path</th><th class="c-api">api-version</th><th class="c-duration">ms</th>
                    <th class="c-client">Client request id</th></tr></thead>
                  <tbody id="requests-body"></tbody>
                </table>
                <div id="requests-empty" class="empty"></div>
              </div>
              <aside id="request-detail" class="drawer" hidden></aside>
            </div>
          </section>

          <section id="view-faults" class="view view-faults" role="tabpanel" aria-labelledby="tab-faults" hidden>
            <div class="faults-layout">
              <div class="card rules-card">
                <div class="card-head">
                  <h2>Fault rules</h2>
                  <span class="muted small">The first rule that matches a request applies.</span>
                  <span class="spacer"></span>
                  <button id="delete-all-faults" class="btn danger-outline small" type="button" title="DELETE /_galleryrp/faults">Delete all</button>
                </div>
                <div class="table-wrap flat">
                  <table id="faults-table" class="grid-table">
                    <thead><tr><th>Rule</th><th>Match</th><th class="num">Probability</th><th class="num">Left</th><th>Effect</th>
                      <th class="num">Hits</th><th></th></tr></thead>
                    <tbody id="faults-body"></tbody>
                  </table>
                  <div id="faults-empty" class="empty"></div>
                </div>
                <div class="rules-foot">
                  <p>Rules live in this node's memory and apply to ARM requests only, before they are handled.</p>
                  <p>A rule with a count stops applying once used up; an operation effect applies only to writes that start a
                    long-running operation.</p>
                </div>
              </div>

              <form id="fault-form" class="card fault-form" novalidate autocomplete="off">
                <div class="card-head"><h2>Add a rule</h2><span class="muted small">POST /_galleryrp/faults</span></div>
                <div class="presets"><span class="muted small">Presets</span>
                  <button type="button" class="chip preset" data-preset="throttle">Throttle PUTs (429)</button>
                  <button type="button" class="chip preset" data-preset="slow">Slow image GETs</button>
                  <button type="button" class="chip preset" data-preset="fail">Fail a version's LRO</button>
                </div>
                <fieldset>
                  <legend>Match <span class="muted">(empty: any)</span></legend>
                  <div class="form-grid">
                    <label for="fault-method">Method</label>
                    <select id="fault-method" name="method">
                      <option value="">Any</option><option value="GET">GET</option><option value="PUT">PUT</option><option value="PATCH">PATCH</option>
                      <option value="DELETE">DELETE</option><option value="HEAD">HEAD</option><option value="POST">POST</option>
                    </select>
                    <label for="fault-resource-type">Resource type</label>
                    <input id="fault-resource-type" name="resourceType" list="resource-types" placeholder="Microsoft.Compute/galleries/images"
                      spellcheck="false">
                    <label for="fault-name">Name</label>
                    <input id="fault-name" name="name" placeholder="wildcards: img*, v?" spellcheck="false">
                    <label for="fault-subscription">Subscription</label>
                    <input id="fault-subscription" name="subscription" list="known-subscriptions"
                      placeholder="00000000-0000-0000-0000-000000000000" spellcheck="false">
                    <label for="fault-api-version">api-version</label>
                    <input id="fault-api-version" name="apiVersion" placeholder="2023-07-03" spellcheck="false">
                  </div>
                </fieldset>
                <fieldset>
                  <legend>How often</legend>
                  <div class="form-grid">
                    <label for="fault-probability">Probability</label>
                    <input id="fault-probability" name="probability" type="number" min="0" max="1" step="0.05" value="1">
                    <label for="fault-count">Count</label>
                    <input id="fault-count" name="count" type="number" min="1" step="1" placeholder="unlimited">
                  </div>
                </fieldset>
                <fieldset>
                  <legend>Effect</legend>
                  <div class="segmented" role="radiogroup" aria-label="Effect kind">
                    <input type="radio" id="fault-kind-error" name="kind" value="error" checked><label for="fault-kind-error">Error</label>
                    <input type="radio" id="fault-kind-latency" name="kind" value="latency"><label for="fault-kind-latency">Latency</label>
                    <input type="radio" id="fault-kind-operation" name="kind" value="operation"><label for="fault-kind-operation">Operation</label>
                  </div>
                  <div class="form-grid effect" data-kind="error">
                    <label for="fault-status">Status</label>
                    <input id="fault-status" name="status" type="number" min="400" max="599" value="503">
                    <label for="fault-code">Code</label>
                    <input id="fault-code" name="code" placeholder="default for the status" spellcheck="false">
                    <label for="fault-message">Message</label>
                    <input id="fault-message" name="message" placeholder="A fault rule of the emulator answered …">
                    <label for="fault-retry-after">Retry-After (s)</label>
                    <input id="fault-retry-after" name="retryAfter" type="number" min="0" max="3600" placeholder="1 for 429 and 503">
                  </div>
                  <div class="form-grid effect" data-kind="latency" hidden>
                    <label for="fault-milliseconds">Delay (ms)</label>
                    <input id="fault-milliseconds" name="milliseconds" type="number" min="0" max="120000" value="500">
                  </div>
                  <div class="form-grid effect" data-kind="operation" hidden>
                    <label for="fault-outcome">Outcome</label>
                    <select id="fault-outcome" name="outcome">
                      <option value="Failed">Failed</option><option value="Canceled">Canceled</option><option value="InProgress">InProgress</option>
                    </select>
                    <label for="fault-operation-code" data-outcome="Failed">Code</label>
                    <input id="fault-operation-code" name="operationCode" data-outcome="Failed" placeholder="InternalOperationError"
                      spellcheck="false">
                    <label for="fault-operation-message" data-outcome="Failed">Message</label>
                    <input id="fault-operation-message" name="operationMessage" data-outcome="Failed"
                      placeholder="The operation failed (a fault rule of the emulator).">
                    <label for="fault-polls" data-outcome="InProgress">Polls</label>
                    <input id="fault-polls" name="polls" data-outcome="InProgress" type="number" min="1" max="10000" value="3">
                  </div>
                </fieldset>
                <details class="preview"><summary>Request body</summary><pre id="fault-preview" class="json"></pre></details>
                <div id="fault-error" class="form-error" role="alert" hidden></div>
                <div class="form-actions">
                  <button id="fault-submit" class="btn primary" type="submit">Add rule</button>
                  <button id="fault-reset" class="btn ghost" type="button">Clear form</button>
                </div>
              </form>
            </div>
          </section>

          <section id="view-health" class="view view-health" role="tabpanel" aria-labelledby="tab-health" hidden>
            <div id="health-warnings"></div>
            <div id="health-cards" class="health-grid"></div>
            <div class="card">
              <div class="card-head"><h2>Metrics</h2><span class="muted small">Prometheus text format</span><span class="spacer"></span>
                <a id="metrics-link" class="btn small" href="/metrics" target="_blank" rel="noopener">Open /metrics</a>
                <button id="metrics-load" class="btn small" type="button">Preview</button></div>
              <pre id="metrics-preview" class="code-block" hidden></pre>
            </div>
            <details class="card raw"><summary>Health document (JSON)</summary><pre id="health-json" class="json"></pre></details>
          </section>
        </main>

        <datalist id="resource-types">
          <option value="Microsoft.Resources/resourceGroups"></option>
          <option value="Microsoft.Compute/galleries"></option>
          <option value="Microsoft.Compute/galleries/images"></option>
          <option value="Microsoft.Compute/galleries/images/versions"></option>
          <option value="Microsoft.Compute/locations/capsOperations"></option>
        </datalist>
        <datalist id="known-subscriptions"></datalist>

        <dialog id="token-dialog" class="dialog">
          <form id="token-form" novalidate>
            <h2>Admin token</h2>
            <p id="token-reason" class="muted"></p>
            <label for="admin-token">Token (as given to <code>--admin-token</code>)</label>
            <input id="admin-token" name="token" type="password" autocomplete="off" spellcheck="false">
            <p class="muted small">Kept in this tab's session storage and sent as <code>Authorization: Bearer …</code>.</p>
            <div class="form-actions">
              <button id="token-save" class="btn primary" type="submit">Use token</button>
              <button id="token-forget" class="btn ghost" type="button">Forget token</button>
              <span class="spacer"></span>
              <button id="token-cancel" class="btn ghost" type="button">Cancel</button>
            </div>
          </form>
        </dialog>

        <dialog id="reset-dialog" class="dialog">
          <form id="reset-form" novalidate>
            <h2>Reset the emulator</h2>
            <p>Removes every resource and operation from the store; this cannot be undone. Fault rules and the request journal
              are kept.</p>
            <label for="reset-subscription">Scope</label>
            <select id="reset-subscription" name="subscription"><option value="">All subscriptions</option></select>
            <div id="reset-error" class="form-error" role="alert" hidden></div>
            <div class="form-actions">
              <button id="reset-confirm" class="btn danger" type="submit">Reset</button>
              <span class="spacer"></span>
              <button id="reset-cancel" class="btn ghost" type="button">Cancel</button>
            </div>
          </form>
        </dialog>

        <div id="toasts" class="toasts" aria-live="polite"></div>
        """#
}
