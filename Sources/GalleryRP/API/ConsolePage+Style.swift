extension ConsolePage {
    /// The page's style: a dark theme and a light one (`data-theme` on the root), both from CSS variables.
    static let style = #"""
        :root {
          color-scheme: dark;
          --bg: #0f1115; --panel: #171a20; --panel-2: #1d2128; --hover: #232833; --border: #2a303b; --border-strong: #3a4250;
          --text: #dfe3ea; --muted: #8b95a5; --faint: #5d6676;
          --accent: #4d8dff; --accent-soft: rgba(77, 141, 255, .14); --accent-text: #8cb4ff;
          --ok: #3fb968; --ok-soft: rgba(63, 185, 104, .14); --warn: #e0a82e; --warn-soft: rgba(224, 168, 46, .14);
          --err: #f0554d; --err-soft: rgba(240, 85, 77, .14); --info: #4aa8ff; --info-soft: rgba(74, 168, 255, .14);
          --violet: #a98bff; --violet-soft: rgba(169, 139, 255, .15);
          --json-key: #8cc4ff; --json-string: #e6a46e; --json-number: #a8d68d; --json-literal: #c792ea; --json-punct: #6b7587;
          --shadow: 0 10px 30px rgba(0, 0, 0, .45); --input: #0f1115;
          --mono: ui-monospace, "SF Mono", "Cascadia Code", "JetBrains Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace;
          --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "DejaVu Sans", sans-serif;
        }
        :root[data-theme="light"] {
          color-scheme: light;
          --bg: #f3f5f8; --panel: #ffffff; --panel-2: #f7f8fa; --hover: #eef2f7; --border: #dfe3e9; --border-strong: #c9d0da;
          --text: #1c2430; --muted: #5f6b7a; --faint: #98a2b0;
          --accent: #0f6cdb; --accent-soft: rgba(15, 108, 219, .10); --accent-text: #0b5cbd;
          --ok: #1a8a45; --ok-soft: rgba(26, 138, 69, .10); --warn: #a86b00; --warn-soft: rgba(200, 130, 0, .12);
          --err: #cf2d25; --err-soft: rgba(207, 45, 37, .09); --info: #0d6fd1; --info-soft: rgba(13, 111, 209, .10);
          --violet: #6d4ad8; --violet-soft: rgba(109, 74, 216, .10);
          --json-key: #0b57a8; --json-string: #a3470c; --json-number: #137a38; --json-literal: #7c3aed; --json-punct: #8a94a3;
          --shadow: 0 10px 30px rgba(20, 30, 50, .18); --input: #ffffff;
        }

        * { box-sizing: border-box; }
        html, body { height: 100%; }
        body {
          margin: 0; background: var(--bg); color: var(--text); font: 13px/1.45 var(--sans);
          display: flex; flex-direction: column; overflow: hidden; -webkit-font-smoothing: antialiased;
        }
        [hidden] { display: none !important; }
        a { color: var(--accent-text); }
        code, pre, .mono { font-family: var(--mono); font-size: 12px; }
        h1, h2, h3 { margin: 0; font-weight: 600; }
        h2 { font-size: 13px; letter-spacing: .01em; }
        svg { width: 16px; height: 16px; flex: none; fill: none; stroke: currentColor; stroke-width: 1.4;
          stroke-linecap: round; stroke-linejoin: round; }
        .spacer { flex: 1; }
        .muted { color: var(--muted); }
        .small { font-size: 12px; }

        /* Header */
        .topbar {
          display: flex; align-items: center; gap: 12px; height: 48px; padding: 0 16px; flex: none;
          background: var(--panel); border-bottom: 1px solid var(--border);
        }
        .brand { display: flex; align-items: center; gap: 8px; color: var(--text); text-decoration: none; }
        .brand .logo { width: 24px; height: 24px; stroke: none; }
        .brand-name { font-weight: 700; font-size: 15px; letter-spacing: .01em; }
        .brand-sub { color: var(--muted); font-size: 14px; }
        .pill {
          font: 11px/1 var(--mono); padding: 4px 7px; border-radius: 999px; color: var(--muted);
          border: 1px solid var(--border); background: var(--panel-2);
        }
        .health-indicator {
          display: inline-flex; align-items: center; gap: 7px; padding: 4px 10px; border-radius: 999px;
          font-size: 12px; border: 1px solid var(--border); background: var(--panel-2); color: var(--muted);
        }
        .health-indicator .dot { width: 8px; height: 8px; border-radius: 50%; background: var(--faint); }
        .health-indicator.healthy .dot { background: var(--ok); box-shadow: 0 0 0 3px var(--ok-soft); }
        .health-indicator.healthy { color: var(--text); }
        .health-indicator.unhealthy .dot, .health-indicator.down .dot { background: var(--err); box-shadow: 0 0 0 3px var(--err-soft); }
        .health-indicator.unhealthy, .health-indicator.down { color: var(--err); border-color: var(--err); }
        .endpoint { font: 12px var(--mono); color: var(--muted); }

        /* Buttons and form controls */
        .btn {
          display: inline-flex; align-items: center; gap: 6px; height: 28px; padding: 0 11px; border-radius: 6px;
          border: 1px solid var(--border-strong); background: var(--panel-2); color: var(--text);
          font: 500 12px/1 var(--sans); cursor: pointer; text-decoration: none; white-space: nowrap;
        }
        .btn:hover { background: var(--hover); }
        .btn:focus-visible, .chip:focus-visible, input:focus-visible, select:focus-visible {
          outline: 2px solid var(--accent); outline-offset: 1px;
        }
        .btn.small { height: 24px; padding: 0 8px; font-size: 11.5px; }
        .btn.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
        .btn.primary:hover { filter: brightness(1.08); }
        .btn.danger { background: var(--err); border-color: var(--err); color: #fff; }
        .btn.danger-outline { color: var(--err); border-color: color-mix(in srgb, var(--err) 55%, transparent); background: transparent; }
        .btn.danger-outline:hover { background: var(--err-soft); }
        .btn.ghost { background: transparent; border-color: transparent; color: var(--muted); }
        .btn.ghost:hover { background: var(--hover); color: var(--text); }
        .btn.icon-only { width: 30px; padding: 0; justify-content: center; }
        .btn.active { color: var(--accent-text); }
        .btn[disabled] { opacity: .5; cursor: default; }
        #theme-button .fill { fill: currentColor; }
        input, select {
          height: 30px; padding: 0 9px; border-radius: 6px; border: 1px solid var(--border-strong);
          background: var(--input); color: var(--text); font: 12.5px var(--sans); min-width: 0;
        }
        input::placeholder { color: var(--faint); }
        input[type="number"] { font-family: var(--mono); }
        .chip {
          display: inline-flex; align-items: center; gap: 4px; height: 22px; padding: 0 8px; border-radius: 999px;
          border: 1px solid var(--border-strong); background: transparent; color: var(--muted); font: 11.5px var(--sans); cursor: pointer;
        }
        .chip:hover { color: var(--text); background: var(--hover); }
        .switch {
          display: inline-flex; align-items: center; gap: 7px; color: var(--muted); font-size: 12px; cursor: pointer;
          user-select: none;
        }
        .switch input { position: absolute; opacity: 0; width: 1px; height: 1px; }
        .switch .track {
          position: relative; width: 28px; height: 16px; border-radius: 999px; background: var(--border-strong);
          transition: background .15s;
        }
        .switch .track::after {
          content: ""; position: absolute; top: 2px; left: 2px; width: 12px; height: 12px; border-radius: 50%;
          background: #fff; transition: transform .15s;
        }
        .switch input:checked + .track { background: var(--accent); }
        .switch input:checked + .track::after { transform: translateX(12px); }
        .switch input:focus-visible + .track { outline: 2px solid var(--accent); outline-offset: 2px; }

        /* Tabs */
        .tabs { display: flex; gap: 2px; padding: 0 12px; background: var(--panel); border-bottom: 1px solid var(--border); flex: none; }
        .tabs button {
          display: inline-flex; align-items: center; gap: 7px; padding: 10px 14px 9px; border: 0; background: none;
          color: var(--muted); font: 500 13px var(--sans); cursor: pointer; border-bottom: 2px solid transparent; margin-bottom: -1px;
        }
        .tabs button:hover { color: var(--text); }
        .tabs button[aria-selected="true"] { color: var(--text); border-bottom-color: var(--accent); }
        .tabs button[aria-selected="true"] svg { color: var(--accent); }
        .tabs .count:empty { display: none; }
        .tabs .count {
          font: 600 10.5px/1 var(--sans); padding: 3px 6px; border-radius: 999px; background: var(--panel-2);
          border: 1px solid var(--border); color: var(--muted);
        }

        .banner {
          display: flex; align-items: center; gap: 10px; padding: 10px 16px; background: var(--err-soft); color: var(--text);
          border-bottom: 1px solid color-mix(in srgb, var(--err) 45%, transparent); flex: none;
        }
        .banner strong { color: var(--err); }

        main { flex: 1; min-height: 0; display: flex; }
        .view { flex: 1; min-width: 0; min-height: 0; }

        .toolbar {
          display: flex; align-items: center; gap: 10px; padding: 8px 12px; border-bottom: 1px solid var(--border);
          min-height: 44px;
        }
        .toolbar-title { font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }

        /* Resources: tree and detail */
        .view-resources { display: flex; }
        .sidebar {
          width: 340px; flex: none; display: flex; flex-direction: column; background: var(--panel);
          border-right: 1px solid var(--border);
        }
        .tree { flex: 1; overflow: auto; padding: 6px 0 16px; }
        .tree ul { list-style: none; margin: 0; padding: 0; }
        .tree-row {
          display: flex; align-items: center; gap: 6px; height: 28px; padding-right: 10px; cursor: pointer;
          white-space: nowrap; border-left: 2px solid transparent; user-select: none;
        }
        .tree-row:hover { background: var(--hover); }
        .tree-row:focus { outline: none; }
        .tree-row:focus-visible:not(.selected) { box-shadow: inset 0 0 0 1px var(--border-strong); }
        .tree-row[data-type="Microsoft.Resources/subscriptions"] .label { font: 12px var(--mono); }
        .tree-row.selected { background: var(--accent-soft); border-left-color: var(--accent); }
        .tree-row .twisty {
          width: 16px; height: 16px; display: inline-flex; align-items: center; justify-content: center; color: var(--faint);
          border-radius: 4px;
        }
        .tree-row .twisty:hover { color: var(--text); background: var(--border); }
        .tree-row .twisty svg { width: 12px; height: 12px; stroke-width: 2; transition: transform .12s; }
        .tree-row.expanded .twisty svg { transform: rotate(90deg); }
        .tree-row.leaf .twisty { visibility: hidden; }
        .tree-row .label { overflow: hidden; text-overflow: ellipsis; flex: 1; min-width: 0; }
        .tree-row .kind { font-size: 11px; color: var(--faint); }
        .tree-row.loading .twisty svg { animation: spin .8s linear infinite; }
        .tree-note { height: 26px; display: flex; align-items: center; color: var(--faint); font-size: 12px; font-style: italic; }
        .tree-more { height: 26px; display: flex; align-items: center; }
        .tree-more button { background: none; border: 0; color: var(--accent-text); cursor: pointer; font: 12px var(--sans); padding: 0; }
        .type-icon { display: inline-flex; }
        .type-icon svg { width: 15px; height: 15px; }
        .t-sub { color: #e2b74a; } .t-rg { color: #5fa2ff; } .t-gallery { color: #b08cff; }
        .t-image { color: #3fc1a0; } .t-version { color: #f28b63; }
        .state-dot { width: 7px; height: 7px; border-radius: 50%; flex: none; }
        .state-dot.s-Succeeded { display: none; }
        .state-dot.s-Creating, .state-dot.s-Updating, .state-dot.s-Migrating {
          background: var(--info); animation: pulse 1.2s ease-in-out infinite;
        }
        .state-dot.s-Deleting { background: var(--warn); animation: pulse 1.2s ease-in-out infinite; }
        .state-dot.s-Failed, .state-dot.s-Canceled { background: var(--err); }
        @keyframes pulse { 50% { opacity: .35; } }
        @keyframes spin { to { transform: rotate(360deg); } }

        .detail { flex: 1; min-width: 0; overflow: auto; padding: 20px 24px 32px; }
        .crumbs {
          display: flex; flex-wrap: wrap; align-items: center; gap: 4px; font-size: 12px; color: var(--muted);
          margin-bottom: 10px;
        }
        .crumbs a { color: var(--muted); text-decoration: none; cursor: pointer; }
        .crumbs a:hover { color: var(--accent-text); text-decoration: underline; }
        .crumbs .sep { color: var(--faint); }
        .title-row { display: flex; align-items: center; gap: 12px; margin-bottom: 4px; }
        .title-row h1 { font-size: 20px; letter-spacing: -.01em; overflow-wrap: anywhere; }
        .title-row .type-icon svg { width: 22px; height: 22px; }
        .subtitle { color: var(--muted); margin-bottom: 14px; display: flex; gap: 14px; flex-wrap: wrap; }
        .subtitle b { color: var(--text); font-weight: 500; }
        .id-row {
          display: flex; align-items: center; gap: 8px; padding: 6px 6px 6px 10px; margin-bottom: 16px;
          background: var(--panel); border: 1px solid var(--border); border-radius: 8px;
        }
        .id-row code { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; color: var(--muted); }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 16px; margin-bottom: 16px; }
        .card { background: var(--panel); border: 1px solid var(--border); border-radius: 10px; min-width: 0; }
        .card-head {
          display: flex; align-items: center; gap: 10px; padding: 10px 14px; border-bottom: 1px solid var(--border);
          min-height: 44px; flex-wrap: wrap;
        }
        .card-body { padding: 12px 14px; }
        .kv { display: grid; grid-template-columns: max-content 1fr; gap: 7px 16px; margin: 0; }
        .kv dt { color: var(--muted); }
        .kv dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
        .kv dd.mono { font-family: var(--mono); font-size: 12px; }
        .op-error {
          margin-top: 12px; padding: 10px 12px; border-radius: 8px; background: var(--err-soft);
          border: 1px solid color-mix(in srgb, var(--err) 35%, transparent);
        }
        .op-error b { color: var(--err); font-family: var(--mono); font-size: 12px; }
        .json-card pre { margin: 0; padding: 14px 16px; overflow: auto; max-height: none; }
        .json { font: 12.5px/1.6 var(--mono); white-space: pre; tab-size: 2; }
        .json .k { color: var(--json-key); } .json .s { color: var(--json-string); } .json .n { color: var(--json-number); }
        .json .l { color: var(--json-literal); } .json .p { color: var(--json-punct); }
        .children-list { list-style: none; margin: 0; padding: 4px 0; }
        .children-list li { display: flex; align-items: center; gap: 8px; padding: 6px 14px; cursor: pointer; }
        .children-list li:hover { background: var(--hover); }
        .children-list .grow { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; }

        .badge {
          display: inline-flex; align-items: center; gap: 5px; height: 20px; padding: 0 8px; border-radius: 999px;
          font: 600 11px/1 var(--sans); letter-spacing: .02em; background: var(--panel-2); color: var(--muted);
          border: 1px solid var(--border); white-space: nowrap;
        }
        .badge::before { content: ""; width: 6px; height: 6px; border-radius: 50%; background: currentColor; }
        .badge.plain::before { display: none; }
        .badge.ok { color: var(--ok); background: var(--ok-soft); border-color: transparent; }
        .badge.busy { color: var(--info); background: var(--info-soft); border-color: transparent; }
        .badge.busy::before { animation: pulse 1.2s ease-in-out infinite; }
        .badge.warn { color: var(--warn); background: var(--warn-soft); border-color: transparent; }
        .badge.bad { color: var(--err); background: var(--err-soft); border-color: transparent; }

        .empty {
          display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 10px; color: var(--muted);
          padding: 48px 24px; text-align: center;
        }
        .empty:empty { display: none; }
        .empty h3 { color: var(--text); font-size: 15px; }
        .empty svg { width: 40px; height: 40px; stroke-width: 1; color: var(--faint); }
        .empty pre {
          text-align: left; background: var(--panel); border: 1px solid var(--border); border-radius: 8px; padding: 10px 12px;
          max-width: 100%; overflow: auto; color: var(--text);
        }

        /* Tables */
        .view-requests { display: flex; flex-direction: column; }
        .view-requests .toolbar { background: var(--panel); }
        .search { position: relative; display: flex; align-items: center; width: min(460px, 45vw); }
        .search svg { position: absolute; left: 9px; color: var(--faint); width: 14px; height: 14px; }
        .search input { width: 100%; padding-left: 30px; }
        .split { flex: 1; min-height: 0; display: flex; }
        .table-wrap { flex: 1; min-width: 0; overflow: auto; }
        .table-wrap.flat { overflow: visible; }
        .grid-table { width: 100%; border-collapse: separate; border-spacing: 0; table-layout: fixed; }
        .grid-table th {
          position: sticky; top: 0; z-index: 1; text-align: left; font-weight: 600; font-size: 11px; text-transform: uppercase;
          letter-spacing: .05em; color: var(--muted); background: var(--panel-2); padding: 8px 10px;
          border-bottom: 1px solid var(--border);
        }
        .grid-table td {
          padding: 6px 10px; border-bottom: 1px solid var(--border); white-space: nowrap; overflow: hidden;
          text-overflow: ellipsis; vertical-align: middle;
        }
        .grid-table .num { text-align: right; }
        #requests-table tbody tr { cursor: pointer; }
        #requests-table tbody tr:hover { background: var(--hover); }
        #requests-table tbody tr.selected { background: var(--accent-soft); box-shadow: inset 2px 0 0 var(--accent); }
        #requests-table tbody tr.fresh { animation: fresh 1.2s ease-out; }
        @keyframes fresh { from { background: var(--accent-soft); } }
        .c-time { width: 108px; } .c-method { width: 82px; } .c-status { width: 74px; } .c-api { width: 108px; }
        .c-duration { width: 70px; text-align: right; } .c-client { width: 230px; }
        td.c-duration { text-align: right; }
        td.c-time, td.c-api, td.c-duration, td.c-client, td.c-path { font-family: var(--mono); font-size: 11.5px; }
        td.c-time, td.c-client { color: var(--muted); }
        .path-parts { display: flex; min-width: 0; }
        .path-parts .head { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; min-width: 0; flex: 0 1 auto; }
        .path-parts .tail { flex: none; white-space: nowrap; }
        .path .seg-key { color: var(--faint); }
        .with-drawer .c-client, .with-drawer .c-api { display: none; }
        .path .seg-sep { color: var(--faint); }
        .method { font: 600 11px/1 var(--mono); padding: 3px 6px; border-radius: 4px; background: var(--panel-2); }
        .m-GET { color: var(--info); background: var(--info-soft); }
        .m-PUT { color: var(--ok); background: var(--ok-soft); }
        .m-PATCH { color: var(--violet); background: var(--violet-soft); }
        .m-DELETE { color: var(--err); background: var(--err-soft); }
        .m-POST { color: var(--warn); background: var(--warn-soft); }
        .status { font: 600 12px/1 var(--mono); }
        .st-2 { color: var(--ok); } .st-3 { color: var(--info); } .st-4 { color: var(--warn); } .st-5 { color: var(--err); }
        .drawer { width: min(520px, 44%); flex: none; border-left: 1px solid var(--border); background: var(--panel); overflow: auto; }
        .drawer-head {
          position: sticky; top: 0; display: flex; align-items: center; gap: 10px; padding: 10px 14px;
          background: var(--panel); border-bottom: 1px solid var(--border); z-index: 1;
        }
        .drawer-head .uri {
          font-family: var(--mono); font-size: 12px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; flex: 1;
        }
        .drawer section { padding: 12px 14px; border-bottom: 1px solid var(--border); }
        .drawer h3 {
          font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin-bottom: 8px;
          font-weight: 600;
        }
        .drawer pre {
          margin: 0; padding: 10px 12px; background: var(--bg); border: 1px solid var(--border); border-radius: 8px;
          overflow: auto; max-height: 420px;
        }
        .drawer .note { color: var(--muted); font-style: italic; }

        /* Faults */
        .view-faults { overflow: auto; }
        .faults-layout { display: grid; grid-template-columns: minmax(0, 1fr) 420px; gap: 16px; padding: 16px; align-items: start; }
        .rules-card .grid-table td { white-space: normal; }
        .rules-card .grid-table th:nth-child(1) { width: 70px; } .rules-card .grid-table th:nth-child(3) { width: 96px; }
        .rules-card .grid-table th:nth-child(4) { width: 60px; } .rules-card .grid-table th:nth-child(5) { width: 30%; } .rules-card .grid-table th:nth-child(6) { width: 56px; }
        .rules-card .grid-table th:nth-child(7) { width: 58px; }
        .rules-card td.rule-id { font: 12px var(--mono); color: var(--muted); }
        .match-chips { display: flex; flex-wrap: wrap; gap: 4px; }
        .tag {
          display: inline-block; font: 11.5px/1.5 var(--mono); padding: 1px 6px; border-radius: 4px; background: var(--panel-2);
          border: 1px solid var(--border); max-width: 100%; overflow-wrap: anywhere;
        }
        .tag i { font-style: normal; color: var(--faint); margin-right: 5px; }
        .rules-foot { padding: 10px 14px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--border); }
        .rules-foot p { margin: 0 0 4px; }
        .effect-text { display: flex; flex-direction: column; gap: 2px; }
        .effect-text .sub { color: var(--muted); font-size: 12px; }
        td.hits { font: 600 14px var(--mono); text-align: right; }
        td.hits.hit { color: var(--warn); }
        td.hits.flash { animation: flash 1s ease-out; }
        @keyframes flash { from { color: var(--err); transform: scale(1.15); } }
        tr.spent { opacity: .55; }
        .prob-bar {
          display: inline-block; width: 36px; height: 4px; border-radius: 2px; background: var(--border);
          vertical-align: middle; margin-right: 6px; overflow: hidden;
        }
        .prob-bar span { display: block; height: 100%; background: var(--accent); }
        .fault-form fieldset { border: 0; border-bottom: 1px solid var(--border); margin: 0; padding: 12px 14px; }
        .fault-form legend {
          float: left; width: 100%; font-size: 11px; font-weight: 600; text-transform: uppercase; letter-spacing: .06em;
          color: var(--muted); margin-bottom: 10px;
        }
        .fault-form legend .muted { text-transform: none; letter-spacing: 0; font-weight: 400; }
        .form-grid { display: grid; grid-template-columns: 118px 1fr; gap: 8px 10px; align-items: center; clear: both; }
        .form-grid label { color: var(--muted); }
        .segmented {
          display: inline-flex; border: 1px solid var(--border-strong); border-radius: 7px; overflow: hidden;
          margin-bottom: 12px; clear: both;
        }
        .segmented input { position: absolute; opacity: 0; width: 1px; height: 1px; }
        .segmented label {
          padding: 6px 14px; cursor: pointer; color: var(--muted); font-weight: 500;
          border-right: 1px solid var(--border-strong);
        }
        .segmented label:last-of-type { border-right: 0; }
        .segmented input:checked + label { background: var(--accent-soft); color: var(--accent-text); }
        .segmented input:focus-visible + label { outline: 2px solid var(--accent); outline-offset: -2px; }
        .presets { display: flex; align-items: center; gap: 6px; padding: 10px 14px 0; flex-wrap: wrap; }
        .preview { padding: 10px 14px; border-bottom: 1px solid var(--border); }
        .preview summary { cursor: pointer; color: var(--muted); font-size: 12px; }
        .preview pre {
          margin: 8px 0 0; padding: 10px; background: var(--bg); border: 1px solid var(--border); border-radius: 8px;
          overflow: auto;
        }
        .form-error {
          margin: 12px 14px 0; padding: 10px 12px; border-radius: 8px; background: var(--err-soft); color: var(--text);
          border: 1px solid color-mix(in srgb, var(--err) 45%, transparent);
        }
        .form-error b { color: var(--err); font-family: var(--mono); font-size: 12px; margin-right: 6px; }
        .form-error .target { display: block; color: var(--muted); font-size: 12px; margin-top: 3px; }
        .form-actions { display: flex; align-items: center; gap: 8px; padding: 12px 14px; }

        /* Health */
        #health-warnings:empty { display: none; }
        .view-health { overflow: auto; padding: 16px; display: flex; flex-direction: column; gap: 16px; }
        .health-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 16px; }
        .health-grid .health-hero { grid-column: 1 / -1; }
        .hero-facts { display: flex; gap: 32px; margin-left: auto; padding-right: 8px; }
        .hero-facts div { display: flex; flex-direction: column; gap: 2px; }
        .hero-facts span { color: var(--muted); font-size: 11px; text-transform: uppercase; letter-spacing: .06em; }
        .hero-facts b { font-size: 16px; font-weight: 600; }
        .health-hero { display: flex; align-items: center; gap: 16px; padding: 16px; }
        .health-hero .big-dot {
          width: 44px; height: 44px; border-radius: 50%; display: flex; align-items: center; justify-content: center;
        }
        .health-hero .big-dot svg { width: 24px; height: 24px; stroke-width: 2; }
        .health-hero.ok .big-dot { background: var(--ok-soft); color: var(--ok); }
        .health-hero.bad .big-dot { background: var(--err-soft); color: var(--err); }
        .health-hero .status-text { font-size: 22px; font-weight: 650; }
        .health-hero.ok .status-text { color: var(--ok); } .health-hero.bad .status-text { color: var(--err); }
        .warning {
          display: flex; gap: 10px; align-items: flex-start; padding: 12px 14px; border-radius: 10px; margin-bottom: 8px;
          background: var(--warn-soft); border: 1px solid color-mix(in srgb, var(--warn) 50%, transparent);
        }
        .warning svg { color: var(--warn); width: 18px; height: 18px; margin-top: 1px; }
        .warning b { color: var(--warn); }
        .code-block { margin: 0; padding: 12px 14px; max-height: 360px; overflow: auto; font: 12px/1.5 var(--mono); color: var(--muted); }
        details.raw summary { padding: 12px 14px; cursor: pointer; color: var(--muted); }
        details.raw pre { margin: 0; padding: 0 14px 14px; overflow: auto; }

        /* Dialogs and toasts */
        .dialog {
          border: 1px solid var(--border-strong); border-radius: 12px; padding: 0; width: min(460px, 92vw);
          background: var(--panel); color: var(--text); box-shadow: var(--shadow);
        }
        .dialog::backdrop { background: rgba(5, 8, 14, .55); }
        .dialog form { padding: 18px 18px 4px; display: flex; flex-direction: column; gap: 10px; }
        .dialog h2 { font-size: 16px; }
        .dialog p { margin: 0; }
        .dialog label { color: var(--muted); font-size: 12px; }
        .dialog .form-actions { padding: 8px 0 14px; }
        .dialog .form-error { margin: 0; }
        .toasts { position: fixed; right: 16px; bottom: 16px; display: flex; flex-direction: column; gap: 8px; z-index: 10; }
        .toast {
          padding: 10px 14px; border-radius: 8px; background: var(--panel); border: 1px solid var(--border-strong);
          box-shadow: var(--shadow); max-width: 420px; animation: toast-in .18s ease-out; border-left: 3px solid var(--accent);
        }
        .toast.bad { border-left-color: var(--err); }
        @keyframes toast-in { from { transform: translateY(8px); opacity: 0; } }
        ::-webkit-scrollbar { width: 10px; height: 10px; }
        ::-webkit-scrollbar-thumb {
          background: var(--border); border-radius: 10px; border: 2px solid transparent; background-clip: padding-box;
        }
        ::-webkit-scrollbar-thumb:hover { background-color: var(--border-strong); }
        @media (max-width: 1100px) {
          .faults-layout { grid-template-columns: 1fr; }
          .c-client { width: 140px; }
          .endpoint { display: none; }
        }
        .tree > ul > .tree-note { padding-left: 14px; }
        """#
}
