extension ConsolePage {
    /// The page's script: the control-plane client (admin token, errors), the pollers, and the four views. It builds
    /// every element with the DOM API and sets text with `textContent`, so nothing from the service is read as markup.
    static let script = #"""
        "use strict";
        (() => {
          // MARK: Helpers

          const $ = (id) => document.getElementById(id);

          /** Builds an element: attributes (`class`, `on<event>`, others as is) and children (nodes or text). */
          function h(tag, attrs, ...children) {
            const el = document.createElement(tag);
            for (const [key, value] of Object.entries(attrs || {})) {
              if (value == null || value === false) continue;
              if (key === "class") el.className = value;
              else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
              else el.setAttribute(key, value === true ? "" : String(value));
            }
            for (const child of children.flat()) {
              if (child != null && child !== false) el.append(child instanceof Node ? child : String(child));
            }
            return el;
          }

          const ICONS = {
            chevron: '<path d="m6 3.5 4.5 4.5L6 12.5"/>',
            sub: '<circle cx="5" cy="8" r="3"/><path d="M8 8h6.5M12.5 8v2.5M14.5 8v2"/>',
            rg: '<path d="M8 1.5 14 4.7v6.6L8 14.5 2 11.3V4.7z"/><path d="M2 4.7 8 8l6-3.3M8 8v6.5"/>',
            gallery: '<rect x="1.5" y="4.5" width="10" height="9" rx="1.5"/><path d="M4.5 2h8.5a1.5 1.5 0 0 1 1.5 1.5v8"/>' +
              '<path d="m3 11.5 2.6-2.6 2 2 1.4-1.4 2 2"/>',
            image: '<rect x="1.5" y="2.5" width="13" height="11" rx="1.5"/><circle cx="5.5" cy="6.2" r="1.3"/>' +
              '<path d="m2 12.5 4-4 3 3 2-2 3.5 3.5"/>',
            version: '<path d="M1.5 2.5v5l7 7 6-6-7-7h-5z"/><circle cx="4.6" cy="5.6" r="1.1"/>',
            copy: '<rect x="5.5" y="5.5" width="8.5" height="8.5" rx="1.5"/>' +
              '<path d="M10.5 5.5v-2A1.5 1.5 0 0 0 9 2H3.5A1.5 1.5 0 0 0 2 3.5V9a1.5 1.5 0 0 0 1.5 1.5h2"/>',
            close: '<path d="m4 4 8 8M12 4l-8 8"/>',
            warn: '<path d="M8 1.8 15 14H1z"/><path d="M8 6.5v3.5M8 12v.1"/>',
            check: '<path d="m3.5 8.5 3 3 6-7"/>',
            cross: '<path d="m4.5 4.5 7 7M11.5 4.5l-7 7"/>',
            trash: '<path d="M2.5 4h11M6 4V2.5h4V4M4 4l.7 9.5h6.6L12 4"/>',
            inbox: '<path d="M1.5 9.5 3.5 3h9l2 6.5v4h-13z"/><path d="M1.5 9.5h4l1 2h3l1-2h4"/>',
            pointer: '<path d="M3 2.5 13 7l-4.3 1.4L12.5 13 11 14.3 7.3 9.8 4 13z"/>',
          };

          /** An inline SVG icon from the set above (constant markup only). */
          function icon(name, extraClass) {
            const span = h("span", { class: "type-icon" + (extraClass ? " " + extraClass : "") });
            span.innerHTML = '<svg viewBox="0 0 16 16" aria-hidden="true">' + ICONS[name] + "</svg>";
            return span;
          }

          const pad = (n, width = 2) => String(n).padStart(width, "0");

          /** Parses the service's timestamps (seven fractional digits) into a Date. */
          function parseTime(text) {
            if (!text) return null;
            const m = /^(.*T\d\d:\d\d:\d\d)(\.\d+)?(.*)$/.exec(text);
            const date = m ? new Date(m[1] + (m[2] ? m[2].slice(0, 4).padEnd(4, "0") : "") + m[3]) : new Date(text);
            return isNaN(date) ? null : date;
          }
          const clock = (d) => d ? `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}` : "—";
          const dateTime = (d) => d
            ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
            : "—";
          function span(seconds) {
            if (seconds == null || !isFinite(seconds)) return "—";
            if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
            if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
            const minutes = Math.floor(seconds / 60);
            if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
            const hours = Math.floor(minutes / 60);
            if (hours < 48) return `${hours} h ${minutes % 60} min`;
            return `${Math.floor(hours / 24)} d ${hours % 24} h`;
          }
          const milliseconds = (ms) => ms == null ? "—" : ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : String(Math.round(ms));

          function copy(text) {
            const done = () => toast("Copied to the clipboard");
            if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, () => toast("The browser refused the clipboard", true));
          }

          function toast(text, bad) {
            const el = h("div", { class: "toast" + (bad ? " bad" : "") }, text);
            $("toasts").append(el);
            setTimeout(() => el.remove(), bad ? 6000 : 3000);
          }

          /** Pretty-printed JSON as coloured spans (text only, never markup from the data). */
          function jsonNodes(value) {
            const fragment = document.createDocumentFragment();
            const token = (cls, text) => fragment.append(h("span", { class: cls }, text));
            const text = (t) => fragment.append(t);
            const walk = (v, depth) => {
              const inner = "  ".repeat(depth + 1);
              const outer = "  ".repeat(depth);
              if (v === null) token("l", "null");
              else if (Array.isArray(v)) {
                if (!v.length) return token("p", "[]");
                token("p", "[");
                v.forEach((item, i) => {
                  text("\n" + inner);
                  walk(item, depth + 1);
                  if (i < v.length - 1) token("p", ",");
                });
                text("\n" + outer);
                token("p", "]");
              } else if (typeof v === "object") {
                const keys = Object.keys(v);
                if (!keys.length) return token("p", "{}");
                token("p", "{");
                keys.forEach((key, i) => {
                  text("\n" + inner);
                  token("k", JSON.stringify(key));
                  token("p", ": ");
                  walk(v[key], depth + 1);
                  if (i < keys.length - 1) token("p", ",");
                });
                text("\n" + outer);
                token("p", "}");
              } else if (typeof v === "string") token("s", JSON.stringify(v));
              else if (typeof v === "number") token("n", String(v));
              else token("l", String(v));
            };
            walk(value, 0);
            return fragment;
          }

          /** A body from the journal: coloured when it is JSON, as sent otherwise. */
          function bodyBlock(text) {
            try {
              return h("pre", { class: "json" }, jsonNodes(JSON.parse(text)));
            } catch {
              return h("pre", { class: "json" }, text);
            }
          }

          const STATE_CLASS = {
            Succeeded: "ok", Creating: "busy", Updating: "busy", Deleting: "warn", Migrating: "busy", InProgress: "busy",
            Accepted: "busy", Failed: "bad", Canceled: "bad",
          };
          const badge = (state) => state ? h("span", { class: "badge " + (STATE_CLASS[state] || "") }, state) : null;

          // MARK: API

          const TOKEN_KEY = "galleryrp.adminToken";
          const auth = { blocked: false, disabled: false, reason: "" };

          class APIError extends Error {
            constructor(status, code, message, target) {
              super(message);
              Object.assign(this, { status, code, target });
            }
          }

          /** Calls the control plane with the admin token when one is kept; throws ``APIError`` with ARM's error body. */
          async function api(path, { method = "GET", body, accept = [], text = false } = {}) {
            const headers = { Accept: text ? "text/plain" : "application/json" };
            const token = sessionStorage.getItem(TOKEN_KEY);
            if (token) headers.Authorization = "Bearer " + token;
            if (body !== undefined) headers["Content-Type"] = "application/json";
            let response;
            try {
              response = await fetch(path, {
                method, headers, cache: "no-store", credentials: "omit",
                body: body === undefined ? undefined : JSON.stringify(body),
              });
            } catch {
              connection(false);
              throw new APIError(0, "Unreachable", "The service does not answer.");
            }
            connection(true);
            const raw = await response.text();
            if (text && response.ok) return raw;
            let data = null;
            try { data = raw ? JSON.parse(raw) : null; } catch { data = null; }
            if (!response.ok && !accept.includes(response.status)) {
              const error = (data && data.error) || {};
              const failure = new APIError(response.status, error.code || "HttpStatus" + response.status,
                error.message || `${response.status} ${response.statusText}`, error.target);
              if (response.status === 403 && failure.code === "AdminAccessDenied") needToken(failure.message);
              if (response.status === 404 && failure.code === "ControlPlaneDisabled") controlPlaneDisabled(failure.message);
              throw failure;
            }
            return data;
          }

          let reachable = null;
          function connection(up) {
            if (up === reachable) return;
            reachable = up;
            if (!up) {
              $("health-indicator").className = "health-indicator down";
              $("health-text").textContent = "Unreachable";
            }
          }

          function showBanner(...content) {
            $("banner").replaceChildren(...content);
            $("banner").hidden = false;
          }
          const hideBanner = () => { $("banner").hidden = true; };

          function needToken(reason) {
            auth.blocked = true;
            auth.reason = reason;
            $("health-indicator").className = "health-indicator unknown";
            $("health-text").textContent = "Admin token needed";
            openTokenDialog(reason);
          }

          function controlPlaneDisabled(message) {
            if (auth.disabled) return;
            auth.disabled = true;
            showBanner(h("strong", null, "Control plane disabled."), h("span", null, message),
              h("span", { class: "muted" }, "Start the server with --admin-token to use this console in strict mode."));
            $("health-indicator").className = "health-indicator unknown";
            $("health-text").textContent = "Control plane off";
            $("resource-detail").replaceChildren(h("div", { class: "empty" }, icon("warn"), h("h3", null, "The control plane is off"),
              h("p", null, "This console reads the service through its control plane (/_galleryrp/…), which this node does not serve.")));
          }

          function openTokenDialog(reason) {
            const dialog = $("token-dialog");
            $("token-reason").textContent = reason || "Needed when the server runs with --admin-token.";
            if (dialog.open) return;
            $("admin-token").value = sessionStorage.getItem(TOKEN_KEY) || "";
            dialog.showModal();
            $("admin-token").focus();
          }

          function tokenDismissed() {
            $("token-dialog").close();
            if (auth.blocked) {
              showBanner(h("strong", null, "The control plane wants the admin token."), h("span", null, auth.reason),
                h("button", { class: "btn small", type: "button", onclick: () => openTokenDialog(auth.reason) }, "Enter token"));
            }
          }

          function tokenChanged() {
            $("token-button").classList.toggle("active", !!sessionStorage.getItem(TOKEN_KEY));
            auth.blocked = false;
            hideBanner();
            for (const poller of Object.values(pollers)) poller.now();
          }

          $("token-form").addEventListener("submit", (event) => {
            event.preventDefault();
            const token = $("admin-token").value.trim();
            if (!token) return $("admin-token").focus();
            sessionStorage.setItem(TOKEN_KEY, token);
            $("token-dialog").close();
            tokenChanged();
          });
          $("token-forget").addEventListener("click", () => {
            sessionStorage.removeItem(TOKEN_KEY);
            $("admin-token").value = "";
            $("token-dialog").close();
            toast("Admin token forgotten");
            tokenChanged();
          });
          $("token-cancel").addEventListener("click", tokenDismissed);
          $("token-dialog").addEventListener("cancel", (event) => { event.preventDefault(); tokenDismissed(); });
          $("token-button").addEventListener("click", () => openTokenDialog(auth.blocked ? auth.reason : ""));

          // MARK: Polling

          const pollers = {};
          const errorsShown = new Map();

          /** Reports a failed refresh once a while, not every second. */
          function pollFailed(name, error) {
            if (!(error instanceof APIError)) { console.error(error); return; }
            if (error.status === 0 || error.code === "AdminAccessDenied" || error.code === "ControlPlaneDisabled") return;
            const key = name + error.code + error.message;
            if (Date.now() - (errorsShown.get(key) || 0) < 15000) return;
            errorsShown.set(key, Date.now());
            toast(`${error.code}: ${error.message}`, true);
          }

          /** Runs `task` every `interval()` ms while `active()`; `now()` runs it at once (never two at a time). */
          function poller(name, task, interval, active) {
            let timer = null;
            let running = false;
            let again = false;
            async function run(force = false) {
              clearTimeout(timer);
              if (running) { again = true; return; }
              running = true;
              try {
                if (!auth.blocked && (!auth.disabled || name === "health") && (force || (!document.hidden && active()))) await task();
              } catch (error) {
                pollFailed(name, error);
              } finally {
                running = false;
              }
              if (again) { again = false; return run(); }
              timer = setTimeout(run, interval());
            }
            pollers[name] = { now: () => run(false), force: () => run(true) };
            return run;
          }

          document.addEventListener("visibilitychange", () => {
            if (!document.hidden) for (const poller of Object.values(pollers)) poller.now();
          });

          // MARK: Views and the address bar

          const VIEWS = ["resources", "requests", "faults", "health"];
          let currentView = "resources";

          function showView(name, { remember = true } = {}) {
            currentView = VIEWS.includes(name) ? name : "resources";
            for (const view of VIEWS) {
              $("view-" + view).hidden = view !== currentView;
              $("tab-" + view).setAttribute("aria-selected", String(view === currentView));
            }
            if (remember) writeHash();
            pollers[currentView === "resources" ? "tree" : currentView]?.now();
            if (currentView === "health") renderHealth();
          }

          function writeHash() {
            const id = currentView === "resources" && tree.selectedId ? tree.selectedId : "";
            history.replaceState(null, "", "#/" + currentView + id);
          }

          function readHash() {
            const hash = decodeURIComponent(location.hash.replace(/^#\/?/, ""));
            const slash = hash.indexOf("/");
            const view = slash < 0 ? hash : hash.slice(0, slash);
            showView(view || "resources", { remember: false });
            if (currentView === "resources" && slash >= 0) selectById(hash.slice(slash));
          }

          for (const view of VIEWS) $("tab-" + view).addEventListener("click", () => showView(view));
          window.addEventListener("hashchange", readHash);

          // MARK: Theme

          const THEME_KEY = "galleryrp.theme";
          function applyTheme(theme) {
            document.documentElement.dataset.theme = theme;
          }
          applyTheme(localStorage.getItem(THEME_KEY) || "dark");
          $("theme-button").addEventListener("click", () => {
            const theme = document.documentElement.dataset.theme === "dark" ? "light" : "dark";
            localStorage.setItem(THEME_KEY, theme);
            applyTheme(theme);
          });

          // MARK: Resource tree

          const TYPES = {
            "microsoft.resources/subscriptions": { label: "Subscription", icon: "sub" },
            "microsoft.resources/resourcegroups": { label: "Resource group", icon: "rg" },
            "microsoft.compute/galleries": { label: "Gallery", icon: "gallery" },
            "microsoft.compute/galleries/images": { label: "Image definition", icon: "image" },
            "microsoft.compute/galleries/images/versions": { label: "Image version", icon: "version", leaf: true },
          };
          const typeInfo = (type) => TYPES[String(type || "").toLowerCase()] || { label: type || "Resource", icon: "rg" };
          const typeIcon = (type) => { const info = typeInfo(type); return icon(info.icon, "t-" + info.icon); };
          const isSubscriptionId = (id) => /^\/subscriptions\/[^/]+$/i.test(id);

          /** The ids above a resource id, outermost first: subscription, resource group, then each nested resource. */
          function ancestors(id) {
            const parts = id.split("/").filter(Boolean);
            const ids = [];
            const take = (n) => ids.push("/" + parts.slice(0, n).join("/"));
            if (parts.length >= 2) take(2);
            if (parts.length >= 4) take(4);
            if (parts.length >= 8 && parts[4].toLowerCase() === "providers") for (let n = 8; n <= parts.length; n += 2) take(n);
            return ids.filter((ancestor) => ancestor.length < id.length);
          }

          const EXPANDED_KEY = "galleryrp.expanded";
          const tree = {
            root: null,
            nodes: new Map(),
            selected: null,
            selectedId: null,
            expanded: new Set(JSON.parse(sessionStorage.getItem(EXPANDED_KEY) || "[]")),
            firstLoad: true,
          };
          const saveExpanded = () => sessionStorage.setItem(EXPANDED_KEY, JSON.stringify([...tree.expanded]));

          function makeNode(item, parent) {
            const node = {
              id: item.id, item, parent, depth: parent ? parent.depth + 1 : -1, leaf: !!typeInfo(item.type).leaf,
              expanded: false, loaded: false, children: [], nextAfter: null, pages: 1,
            };
            node.ul = h("ul", { role: "group" });
            node.note = h("li", { class: "tree-note" });
            node.more = h("li", { class: "tree-more" },
              h("button", { type: "button", onclick: () => loadChildren(node, { more: true }).catch((e) => pollFailed("tree", e)) }, "Load more…"));
            if (!parent) return node;
            node.twisty = h("span", { class: "twisty", title: "Expand / collapse" }, icon("chevron"));
            node.label = h("span", { class: "label" });
            node.dot = h("span", { class: "state-dot" });
            node.row = h("div", { class: "tree-row", tabindex: "-1", "data-id": item.id, "data-type": item.type },
              node.twisty, typeIcon(item.type), node.label, node.dot);
            node.row.style.paddingLeft = 8 + node.depth * 16 + "px";
            for (const el of [node.note, node.more]) el.style.paddingLeft = 30 + (node.depth + 1) * 16 + "px";
            node.row.treeNode = node;
            node.ul.hidden = true;
            node.li = h("li", { role: "treeitem", "aria-expanded": "false" }, node.row, node.ul);
            tree.nodes.set(node.id, node);
            update(node, item);
            return node;
          }

          function update(node, item) {
            node.item = item;
            const state = item.provisioningState || "";
            node.label.textContent = item.name;
            node.row.dataset.name = item.name;
            node.row.dataset.state = state;
            node.row.title = `${typeInfo(item.type).label} ${item.name}${state ? " · " + state : ""}`;
            node.dot.className = "state-dot s-" + (state || "Succeeded");
            node.row.classList.toggle("leaf", node.leaf);
            if (tree.selectedId === node.id) node.row.classList.add("selected");
          }

          function forget(node) {
            tree.nodes.delete(node.id);
            for (const child of node.children) forget(child);
            if (tree.selected === node) tree.selected = null;
          }

          /** Replaces a node's children with `items`, keeping the elements (and state) of those still there. */
          function reconcile(node, items) {
            const old = new Map(node.children.map((child) => [child.id, child]));
            node.children = items.map((item) => {
              const existing = old.get(item.id);
              if (!existing) return makeNode(item, node);
              old.delete(item.id);
              update(existing, item);
              return existing;
            });
            for (const gone of old.values()) forget(gone);
            const elements = node.children.map((child) => child.li);
            if (!node.children.length) {
              node.note.textContent = node.parent ? "No resources" : "No subscriptions yet";
              elements.push(node.note);
            }
            if (node.nextAfter) elements.push(node.more);
            const current = [...node.ul.children];
            if (current.length !== elements.length || current.some((el, i) => el !== elements[i])) node.ul.replaceChildren(...elements);
            if (!node.parent) updateSubscriptionLists(node.children.map((child) => child.item.name));
          }

          async function loadChildren(node, { more = false } = {}) {
            const showSpinner = !node.loaded && node.row;
            if (showSpinner) node.row.classList.add("loading");
            try {
              const items = more ? node.children.map((child) => child.item) : [];
              let after = more ? node.nextAfter : null;
              for (let page = 0; page < (more ? 1 : node.pages); page++) {
                const query = new URLSearchParams();
                if (node.id) query.set("parent", node.id);
                if (after) query.set("after", after);
                const data = await api("/_galleryrp/resources" + (String(query) ? "?" + query : ""));
                items.push(...(data.value || []));
                after = data.nextAfter || null;
                if (!after) break;
              }
              if (more) node.pages += 1;
              node.nextAfter = after;
              node.loaded = true;
              reconcile(node, items);
            } finally {
              if (showSpinner) node.row.classList.remove("loading");
            }
          }

          /** Opens a node (the caller loads its children). */
          function open(node) {
            node.expanded = true;
            node.ul.hidden = false;
            node.row.classList.add("expanded");
            node.li.setAttribute("aria-expanded", "true");
            tree.expanded.add(node.id);
            saveExpanded();
          }

          async function expand(node) {
            if (node.leaf || !node.row) return;
            open(node);
            if (!node.loaded) await loadChildren(node);
          }

          function collapse(node) {
            node.expanded = false;
            node.ul.hidden = true;
            node.row.classList.remove("expanded");
            node.li.setAttribute("aria-expanded", "false");
            tree.expanded.delete(node.id);
            saveExpanded();
          }

          /** Reloads every expanded level, then the selected resource. */
          async function refreshTree() {
            if (!tree.root) {
              tree.root = makeNode({ id: "", name: "", type: "" }, null);
              $("tree").replaceChildren(tree.root.ul);
            }
            let level = [tree.root];
            while (level.length) {
              await Promise.all(level.map((node) => loadChildren(node)));
              level = level.flatMap((node) => node.children).filter((node) => node.expanded || tree.expanded.has(node.id));
              for (const node of level) if (!node.expanded) open(node);
            }
            if (tree.firstLoad) {
              tree.firstLoad = false;
              if (!tree.expanded.size && tree.root.children.length === 1) await expand(tree.root.children[0]);
              if (tree.selectedId && !tree.selected) await selectById(tree.selectedId);
            }
            if (!tree.selected && tree.selectedId) tree.selected = tree.nodes.get(tree.selectedId) || null;
            tree.selected?.row.classList.add("selected");
            await loadDetail();
          }

          function select(node) {
            tree.selected?.row.classList.remove("selected");
            tree.selected = node;
            tree.selectedId = node.id;
            node.row.classList.add("selected");
            node.row.focus({ preventScroll: true });
            node.row.scrollIntoView({ block: "nearest" });
            writeHash();
            detailKey = "";
            loadDetail().catch((e) => pollFailed("detail", e));
            if (!node.expanded) expand(node).catch((e) => pollFailed("tree", e));
          }

          /** Selects a resource by id, expanding (and loading) its ancestors first. */
          async function selectById(id) {
            tree.selectedId = id;
            if (!tree.root) return;
            for (const ancestor of ancestors(id)) {
              const node = tree.nodes.get(ancestor);
              if (!node) break;
              await expand(node);
            }
            const node = tree.nodes.get(id);
            if (node) select(node);
            else {
              tree.selected?.row.classList.remove("selected");
              tree.selected = null;
              writeHash();
              detailKey = "";
              await loadDetail();
            }
          }

          $("tree").addEventListener("click", (event) => {
            const row = event.target.closest(".tree-row");
            if (!row) return;
            const node = row.treeNode;
            if (event.target.closest(".twisty")) {
              if (node.expanded) collapse(node);
              else expand(node).catch((e) => pollFailed("tree", e));
              return;
            }
            select(node);
          });

          $("tree").addEventListener("keydown", (event) => {
            const rows = [...$("tree").querySelectorAll(".tree-row")].filter((row) => row.offsetParent !== null);
            const index = rows.indexOf(document.activeElement);
            const node = document.activeElement?.treeNode;
            const focus = (row) => { if (row) { row.focus(); row.scrollIntoView({ block: "nearest" }); } };
            switch (event.key) {
              case "ArrowDown": focus(rows[index + 1] || rows[0]); break;
              case "ArrowUp": focus(rows[Math.max(0, index - 1)]); break;
              case "ArrowRight": if (node && !node.expanded) expand(node); else focus(rows[index + 1]); break;
              case "ArrowLeft": if (node?.expanded) collapse(node); else if (node?.parent?.row) focus(node.parent.row); break;
              case "Enter": case " ": if (node) select(node); break;
              default: return;
            }
            event.preventDefault();
          });

          $("refresh-tree").addEventListener("click", () => pollers.tree.force());
          $("auto-refresh").addEventListener("change", () => pollers.tree.now());

          function updateSubscriptionLists(subscriptions) {
            $("known-subscriptions").replaceChildren(...subscriptions.map((id) => h("option", { value: id })));
          }

          // MARK: Resource detail

          let detailKey = "";

          async function loadDetail() {
            const id = tree.selectedId;
            if (!id) return renderWelcome();
            if (isSubscriptionId(id)) {
              const node = tree.nodes.get(id);
              const key = "sub" + JSON.stringify(node ? node.children.map((child) => child.item) : null);
              if (key !== detailKey) { detailKey = key; renderSubscription(id, node); }
              return;
            }
            let data;
            try {
              data = await api("/_galleryrp/resource?id=" + encodeURIComponent(id));
            } catch (error) {
              if (tree.selectedId !== id) return;
              if (error.status === 404 || error.status === 400) {
                const key = "gone" + error.code;
                if (key !== detailKey) { detailKey = key; renderGone(id, error); }
                return;
              }
              throw error;
            }
            if (tree.selectedId !== id) return;
            const node = tree.nodes.get(id);
            const state = data.resource?.properties?.provisioningState;
            if (node && state && node.item.provisioningState !== state) update(node, { ...node.item, provisioningState: state });
            const key = JSON.stringify([data, node?.children.map((child) => child.item)]);
            if (key === detailKey) return;
            detailKey = key;
            renderResource(id, data, node);
          }

          function example(path, body) {
            const origin = location.origin;
            const tls = location.protocol === "https:" ? " --cacert ca.pem" : "";
            return `curl${tls} -X PUT -H 'Authorization: Bearer dev' -H 'Content-Type: application/json' \\\n` +
              `  -d '${body}' \\\n  '${origin}${path}'`;
          }

          function renderWelcome() {
            detailKey = "";
            const empty = tree.root && tree.root.loaded && !tree.root.children.length;
            $("resource-detail").replaceChildren(h("div", { class: "empty" },
              icon(empty ? "inbox" : "pointer"),
              h("h3", null, empty ? "No resources yet" : "Select a resource"),
              h("p", null, empty
                ? "Create one with any ARM client pointed at this service; the tree shows it within two seconds."
                : "Pick a resource in the tree to see its ARM body, provisioning state and last operation."),
              empty ? h("pre", null, example("/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg?api-version=2024-11-01",
                '{"location":"westus"}')) : null));
          }

          function crumbs(id) {
            const trail = h("nav", { class: "crumbs", "aria-label": "Path" });
            for (const ancestor of ancestors(id)) {
              const name = ancestor.split("/").pop();
              trail.append(h("a", { onclick: () => selectById(ancestor), title: ancestor }, name), h("span", { class: "sep" }, "›"));
            }
            trail.append(h("span", null, id.split("/").pop()));
            return trail;
          }

          function idRow(id) {
            return h("div", { class: "id-row" }, h("code", { id: "resource-id", title: id }, id),
              h("button", { class: "btn ghost small", type: "button", onclick: () => copy(id), title: "Copy the id" }, icon("copy"), "Copy id"));
          }

          function kv(pairs) {
            const list = h("dl", { class: "kv" });
            for (const [key, value, mono] of pairs) {
              if (value === undefined) continue;
              list.append(h("dt", null, key), h("dd", { class: mono ? "mono" : null }, value ?? "—"));
            }
            return list;
          }

          function operationCard(operation) {
            const card = h("div", { class: "card", id: "operation-card" });
            card.append(h("div", { class: "card-head" }, h("h2", null, "Last operation"), h("span", { class: "spacer" }),
              operation ? badge(operation.status) : null));
            if (!operation) {
              card.append(h("div", { class: "card-body muted" }, "No long-running operation has changed this resource."));
              return card;
            }
            const start = parseTime(operation.startTime);
            const end = parseTime(operation.endTime);
            const due = parseTime(operation.dueTime);
            const body = h("div", { class: "card-body" }, kv([
              ["Kind", operation.kind],
              ["Id", operation.id, true],
              ["Started", dateTime(start)],
              end ? ["Ended", `${dateTime(end)} (${span((end - start) / 1000)})`] : ["Due", `${dateTime(due)} (running)`],
            ]));
            if (operation.error) {
              body.append(h("div", { class: "op-error" }, h("b", null, operation.error.code), h("div", null, operation.error.message)));
            }
            card.append(body);
            return card;
          }

          function childrenCard(node) {
            if (!node || node.leaf || !node.loaded) return null;
            const first = node.children[0];
            const title = first ? typeInfo(first.item.type).label + "s" : "Children";
            const list = h("ul", { class: "children-list" });
            for (const child of node.children) {
              list.append(h("li", { onclick: () => select(child) }, typeIcon(child.item.type),
                h("span", { class: "grow" }, child.item.name), badge(child.item.provisioningState)));
            }
            if (!node.children.length) list.append(h("li", { class: "muted" }, "None"));
            return h("div", { class: "card" }, h("div", { class: "card-head" }, h("h2", null, title),
              h("span", { class: "muted small" }, node.children.length + (node.nextAfter ? "+" : ""))), list);
          }

          function renderResource(id, data, node) {
            const resource = data.resource || {};
            const info = typeInfo(resource.type);
            const state = resource.properties?.provisioningState;
            const json = h("pre", { class: "json", id: "resource-json" }, jsonNodes(resource));
            $("resource-detail").replaceChildren(
              crumbs(id),
              h("div", { class: "title-row" }, typeIcon(resource.type), h("h1", { id: "resource-name" }, resource.name),
                h("span", { id: "resource-state" }, badge(state))),
              h("div", { class: "subtitle" },
                h("span", null, info.label), resource.location ? h("span", null, "Location ", h("b", null, resource.location)) : null,
                h("span", null, "Shown at api-version ", h("b", null, data.apiVersion))),
              idRow(id),
              h("div", { class: "cards" }, operationCard(data.operation), childrenCard(node)),
              h("div", { class: "card json-card" },
                h("div", { class: "card-head" }, h("h2", null, "Resource"), h("span", { class: "muted small" }, "GET as ARM answers it"),
                  h("span", { class: "spacer" }),
                  h("button", { class: "btn ghost small", type: "button", onclick: () => copy(JSON.stringify(resource, null, 2)) },
                    icon("copy"), "Copy JSON")),
                json));
          }

          function renderSubscription(id, node) {
            const name = id.split("/").pop();
            $("resource-detail").replaceChildren(
              h("div", { class: "title-row" }, typeIcon("Microsoft.Resources/subscriptions"), h("h1", { id: "resource-name" }, name)),
              h("div", { class: "subtitle" }, h("span", null, "Subscription"),
                h("span", null, "Any well-formed subscription id works; it appears here once it holds a resource group.")),
              idRow(id),
              h("div", { class: "cards" }, childrenCard(node) || h("div", { class: "card card-body muted" },
                node ? "Loading…" : "This subscription holds no resource group (any more).")));
          }

          function renderGone(id, error) {
            $("resource-detail").replaceChildren(crumbs(id), h("div", { class: "empty" }, icon("inbox"),
              h("h3", null, error.status === 404 ? "This resource no longer exists" : "Not a resource id"),
              h("p", null, `${error.code}: ${error.message}`)));
          }

          // MARK: Requests (the journal)

          const journal = { last: 0, rows: 0, bodies: false, capacity: 0, selected: null, filter: [], loaded: false };
          const MAX_ROWS = 2000;
          const REASONS = {
            200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 304: "Not Modified", 400: "Bad Request", 401: "Unauthorized",
            403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict", 412: "Precondition Failed",
            413: "Payload Too Large", 415: "Unsupported Media Type", 429: "Too Many Requests", 500: "Internal Server Error",
            502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
          };
          const PATH_KEYS = new Set(["subscriptions", "resourcegroups", "providers", "microsoft.compute", "microsoft.resources", "galleries",
            "images", "versions", "locations", "capsoperations", "operationresults", "operations", "resourceproviders"]);
          const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

          /** The path with ARM's keywords dimmed and GUIDs shortened; when it is too long, its middle is cut, not its end. */
          function pathNodes(path) {
            const segments = path.split("/").slice(1);
            const tailLength = Math.min(2, Math.max(0, segments.length - 1));
            const part = (list, cls) => {
              const el = h("span", { class: cls });
              for (const segment of list) {
                el.append(h("span", { class: "seg-sep" }, "/"));
                if (PATH_KEYS.has(segment.toLowerCase())) el.append(h("span", { class: "seg-key" }, segment));
                else if (GUID.test(segment)) el.append(segment.slice(0, 4) + "…" + segment.slice(-4));
                else el.append(segment);
              }
              return el;
            };
            return h("div", { class: "path-parts" }, part(segments.slice(0, segments.length - tailLength), "head"),
              part(segments.slice(segments.length - tailLength), "tail"));
          }

          const methodClass = (method) => /^[A-Z]+$/.test(method) ? "method m-" + method : "method";

          function requestRow(entry, fresh) {
            const path = entry.uri.split("?")[0];
            const status = String(entry.status);
            const row = h("tr", { "data-seq": entry.sequence, "data-method": entry.method, "data-status": status, class: fresh ? "fresh" : null },
              h("td", { class: "c-time", title: entry.time }, clock(parseTime(entry.time))),
              h("td", { class: "c-method" }, h("span", { class: methodClass(entry.method) }, entry.method)),
              h("td", { class: "c-status" }, h("span", { class: "status st-" + status[0], title: REASONS[entry.status] || "" }, status)),
              h("td", { class: "c-path path", title: path, "data-path": path }, pathNodes(path)),
              h("td", { class: "c-api" }, entry.apiVersion || "—"),
              h("td", { class: "c-duration" }, milliseconds(entry.durationMs)),
              h("td", { class: "c-client", title: entry.clientRequestId || "" }, entry.clientRequestId || "—"));
            row.entry = entry;
            row.searchText = `${entry.method} ${status} ${status[0]}xx ${path}`.toLowerCase();
            row.hidden = !matchesFilter(row);
            return row;
          }

          const matchesFilter = (row) => journal.filter.every((word) => row.searchText.includes(word));

          async function pollRequests() {
            const url = journal.loaded ? "/_galleryrp/requests?after=" + journal.last : "/_galleryrp/requests?limit=500";
            const data = await api(url);
            journal.bodies = !!data.bodies;
            journal.capacity = data.capacity;
            const entries = (data.value || []).filter((entry) => entry.sequence > journal.last);
            if (entries.length) {
              const fragment = document.createDocumentFragment();
              const fresh = journal.loaded && currentView === "requests";
              for (let i = entries.length - 1; i >= 0; i--) fragment.append(requestRow(entries[i], fresh));
              $("requests-body").prepend(fragment);
              journal.last = entries[entries.length - 1].sequence;
              journal.rows += entries.length;
              while (journal.rows > MAX_ROWS) { $("requests-body").lastElementChild.remove(); journal.rows -= 1; }
            }
            journal.loaded = true;
            requestsChanged();
          }

          function requestsChanged() {
            const shown = [...$("requests-body").rows].filter((row) => !row.hidden).length;
            $("requests-count").textContent = journal.rows ? String(journal.rows) : "";
            $("requests-info").textContent = (journal.filter.length ? `${shown} of ${journal.rows} shown · ` : `${journal.rows} requests · `) +
              `journal keeps ${journal.capacity}` + (journal.bodies ? " with bodies" : ", no bodies");
            const empty = $("requests-empty");
            if (journal.rows && !shown) {
              empty.replaceChildren(h("h3", null, "No request matches the filter"),
                h("p", null, "Words match the path, method and status (e.g. 4xx)."));
            } else if (!journal.rows && journal.loaded) {
              empty.replaceChildren(icon("inbox"), h("h3", null, "No ARM requests yet"),
                h("p", null, "Every request to the ARM API appears here as it is answered (the console's own calls are not journaled)."),
                h("pre", null, example("/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg?api-version=2024-11-01",
                  '{"location":"westus"}')));
            } else empty.replaceChildren();
          }

          $("request-filter").addEventListener("input", () => {
            journal.filter = $("request-filter").value.toLowerCase().split(/\s+/).filter(Boolean);
            for (const row of $("requests-body").rows) row.hidden = !matchesFilter(row);
            requestsChanged();
          });

          $("requests-live").addEventListener("change", () => pollers.requests.now());

          $("clear-requests").addEventListener("click", async () => {
            try {
              const result = await api("/_galleryrp/requests", { method: "DELETE" });
              $("requests-body").replaceChildren();
              journal.rows = 0;
              closeRequest();
              requestsChanged();
              toast(`Cleared ${result.removed} journal entries`);
            } catch (error) {
              pollFailed("clear", error);
            }
          });

          $("requests-body").addEventListener("click", (event) => {
            const row = event.target.closest("tr");
            if (row) openRequest(row);
          });

          function closeRequest() {
            journal.selected?.classList.remove("selected");
            journal.selected = null;
            $("request-detail").hidden = true;
            $("request-detail").parentElement.classList.remove("with-drawer");
          }

          async function openRequest(row) {
            journal.selected?.classList.remove("selected");
            journal.selected = row;
            row.classList.add("selected");
            let entry = row.entry;
            renderRequest(entry);
            if (journal.bodies && entry.responseBody == null) {
              // The response body is attached after the entry is journaled: read the entry again.
              try {
                const data = await api("/_galleryrp/requests?after=" + (entry.sequence - 1));
                const fresh = (data.value || []).find((candidate) => candidate.sequence === entry.sequence);
                if (fresh && journal.selected === row) { row.entry = entry = fresh; renderRequest(entry); }
              } catch (error) {
                pollFailed("request", error);
              }
            }
          }

          function renderRequest(entry) {
            const [path, query] = entry.uri.split(/\?(.*)/s);
            const params = [...new URLSearchParams(query || "")];
            const body = (text, what) => text != null ? bodyBlock(text)
              : h("p", { class: "note" }, journal.bodies ? `No ${what} body.` : "Bodies are kept when the server runs with --journal-bodies.");
            const caller = entry.caller;
            $("request-detail").replaceChildren(
              h("div", { class: "drawer-head" }, h("span", { class: methodClass(entry.method) }, entry.method),
                h("span", { class: "status st-" + String(entry.status)[0] }, `${entry.status} ${REASONS[entry.status] || ""}`),
                h("span", { class: "uri", title: entry.uri }, path),
                h("button", { class: "btn ghost icon-only", type: "button", title: "Close", onclick: closeRequest }, icon("close"))),
              h("section", null, h("h3", null, "Request"), kv([
                ["URI", entry.uri, true],
                ["Time", `${dateTime(parseTime(entry.time))}.${pad(parseTime(entry.time)?.getMilliseconds() ?? 0, 3)}`],
                ["Duration", milliseconds(entry.durationMs) + " ms"],
                ["api-version", entry.apiVersion, true],
                ["Sequence", String(entry.sequence)],
              ])),
              params.length ? h("section", null, h("h3", null, "Query"), kv(params.map(([k, v]) => [k, v, true]))) : null,
              h("section", null, h("h3", null, "Identifiers"), kv([
                ["x-ms-request-id", entry.requestId, true],
                ["Client request id", entry.clientRequestId ?? null, true],
                ["Correlation id", entry.correlationRequestId, true],
                ["User-Agent", entry.userAgent, true],
                ["Caller", caller ? [caller.objectId && "oid " + caller.objectId, caller.appId && "appid " + caller.appId,
                  caller.tenantId && "tid " + caller.tenantId, caller.verified ? "verified" : "unverified"].filter(Boolean).join(" · ") : null],
              ])),
              h("section", null, h("h3", null, "Request body"), body(entry.requestBody, "request")),
              h("section", null, h("h3", null, "Response body"), body(entry.responseBody, "response")));
            $("request-detail").hidden = false;
            $("request-detail").parentElement.classList.add("with-drawer");
          }

          // MARK: Faults

          const faultRows = new Map();

          function effectText(effect) {
            switch (effect.kind) {
              case "error":
                return [`Error ${effect.status} ${effect.code || ""}`,
                  (effect.message || "") + (effect.retryAfter != null ? ` · Retry-After ${effect.retryAfter} s` : "")];
              case "latency": return [`Latency ${effect.milliseconds} ms`, "then handled as usual"];
              case "operation":
                if (effect.outcome === "Failed") return ["Operation fails", `${effect.code}: ${effect.message}`];
                if (effect.outcome === "InProgress") return ["Operation stalls", `InProgress for ${effect.polls} polls, then finishes`];
                return ["Operation " + effect.outcome, "the long-running operation ends this way"];
              default: return [effect.kind, ""];
            }
          }

          const MATCH_LABELS = { method: "method", resourceType: "type", name: "name", subscription: "sub", apiVersion: "api" };

          function matchChips(match) {
            const chips = [];
            for (const key of ["method", "resourceType", "name", "subscription", "apiVersion"]) {
              if (match?.[key] != null) chips.push(h("span", { class: "tag", title: key }, h("i", null, MATCH_LABELS[key]), match[key]));
            }
            return chips.length ? h("div", { class: "match-chips" }, chips) : h("span", { class: "muted" }, "every request");
          }

          function faultRow(rule) {
            const row = h("tr", { "data-rule-id": rule.id });
            row.parts = {
              id: h("td", { class: "rule-id" }, rule.id),
              match: h("td"),
              probability: h("td", { class: "num probability" }),
              left: h("td", { class: "num left" }),
              effect: h("td", { class: "effect" }),
              hits: h("td", { class: "hits" }),
              actions: h("td", { class: "num" }, h("button", {
                class: "btn ghost icon-only delete-rule", type: "button", title: "Delete " + rule.id, "data-rule-id": rule.id,
                onclick: () => deleteRule(rule.id),
              }, icon("trash"))),
            };
            row.append(...Object.values(row.parts));
            return row;
          }

          function renderRules(rules) {
            const seen = new Set();
            const rows = rules.map((rule) => {
              seen.add(rule.id);
              let row = faultRows.get(rule.id);
              if (!row) { row = faultRow(rule); faultRows.set(rule.id, row); }
              const key = JSON.stringify(rule);
              if (row.key !== key) {
                const cells = row.parts;
                cells.match.replaceChildren(matchChips(rule.match));
                const percent = Math.round((rule.probability ?? 1) * 1000) / 10;
                const bar = h("span", { class: "prob-bar" }, h("span"));
                bar.firstChild.style.width = percent + "%";
                cells.probability.replaceChildren(bar, percent + "%");
                cells.left.textContent = rule.count == null ? "∞" : String(rule.count);
                const [main, sub] = effectText(rule.effect || {});
                cells.effect.replaceChildren(h("div", { class: "effect-text" }, h("span", null, main),
                  sub ? h("span", { class: "sub" }, sub) : null));
                if (row.hits !== undefined && row.hits !== rule.hits) {
                  cells.hits.classList.remove("flash");
                  void cells.hits.offsetWidth;
                  cells.hits.classList.add("flash");
                }
                row.hits = rule.hits;
                cells.hits.textContent = String(rule.hits);
                cells.hits.classList.toggle("hit", rule.hits > 0);
                row.classList.toggle("spent", rule.count === 0);
                row.title = rule.count === 0 ? "Used up: the rule no longer applies" : "";
                row.key = key;
              }
              return row;
            });
            for (const [id, row] of faultRows) if (!seen.has(id)) { row.remove(); faultRows.delete(id); }
            const body = $("faults-body");
            if (rows.length !== body.rows.length || rows.some((row, i) => body.rows[i] !== row)) body.replaceChildren(...rows);
            $("faults-count").textContent = rules.length ? String(rules.length) : "";
            $("delete-all-faults").disabled = !rules.length;
            $("faults-empty").replaceChildren(...(rules.length ? [] : [icon("check"), h("h3", null, "No fault rules"),
              h("p", null, "Every request is handled as usual. Add a rule to inject errors, latency or failed operations.")]));
          }

          async function pollFaults() {
            const data = await api("/_galleryrp/faults");
            renderRules(data.value || []);
          }

          async function deleteRule(id) {
            try {
              await api("/_galleryrp/faults/" + encodeURIComponent(id), { method: "DELETE" });
              toast(`Deleted ${id}`);
            } catch (error) {
              pollFailed("faults", error);
            }
            pollers.faults.now();
          }

          let confirmTimer = null;
          $("delete-all-faults").addEventListener("click", async () => {
            const button = $("delete-all-faults");
            if (!confirmTimer) {
              button.textContent = "Click again to delete all";
              confirmTimer = setTimeout(() => { confirmTimer = null; button.textContent = "Delete all"; }, 3000);
              return;
            }
            clearTimeout(confirmTimer);
            confirmTimer = null;
            button.textContent = "Delete all";
            try {
              const result = await api("/_galleryrp/faults", { method: "DELETE" });
              toast(`Deleted ${result.removed} rules`);
            } catch (error) {
              pollFailed("faults", error);
            }
            pollers.faults.now();
          });

          // The form

          const form = $("fault-form");
          const kind = () => form.querySelector("input[name=kind]:checked").value;

          function formChanged() {
            for (const group of form.querySelectorAll(".effect")) group.hidden = group.dataset.kind !== kind();
            const outcome = $("fault-outcome").value;
            for (const el of form.querySelectorAll("[data-outcome]")) el.hidden = el.dataset.outcome !== outcome;
            $("fault-preview").replaceChildren(jsonNodes(buildRule()));
          }

          /** The rule as `POST /_galleryrp/faults` reads it; empty fields are left out, so the service's defaults apply. */
          function buildRule() {
            const text = (id) => $(id).value.trim() || undefined;
            const number = (id) => {
              const value = $(id).value.trim();
              if (value === "") return undefined;
              const n = Number(value);
              return Number.isFinite(n) ? n : value;
            };
            const match = {};
            for (const [key, id] of [["method", "fault-method"], ["resourceType", "fault-resource-type"], ["name", "fault-name"],
              ["subscription", "fault-subscription"], ["apiVersion", "fault-api-version"]]) {
              if (text(id) !== undefined) match[key] = text(id);
            }
            const effect = { kind: kind() };
            if (effect.kind === "error") {
              Object.assign(effect, { status: number("fault-status"), code: text("fault-code"), message: text("fault-message"),
                retryAfter: number("fault-retry-after") });
            } else if (effect.kind === "latency") {
              effect.milliseconds = number("fault-milliseconds");
            } else {
              effect.outcome = $("fault-outcome").value;
              if (effect.outcome === "Failed") {
                Object.assign(effect, { code: text("fault-operation-code"), message: text("fault-operation-message") });
              }
              if (effect.outcome === "InProgress") effect.polls = number("fault-polls");
            }
            for (const key of Object.keys(effect)) if (effect[key] === undefined) delete effect[key];
            return { match, probability: number("fault-probability"), count: number("fault-count") ?? null, effect };
          }

          function showFormError(error) {
            const box = $("fault-error");
            box.replaceChildren(h("b", null, error.code), h("span", { id: "fault-error-message" }, error.message),
              error.target ? h("span", { class: "target" }, "Field: " + error.target) : null);
            box.hidden = false;
          }

          form.addEventListener("input", formChanged);
          form.addEventListener("change", formChanged);
          form.addEventListener("submit", async (event) => {
            event.preventDefault();
            const button = $("fault-submit");
            button.disabled = true;
            try {
              const rule = await api("/_galleryrp/faults", { method: "POST", body: buildRule() });
              $("fault-error").hidden = true;
              toast(`Added ${rule.id}`);
              await pollers.faults.now();
            } catch (error) {
              if (error instanceof APIError) showFormError(error);
              else throw error;
            } finally {
              button.disabled = false;
            }
          });

          const PRESETS = {
            throttle: { "fault-method": "PUT", "fault-resource-type": "", kind: "error", "fault-status": "429", "fault-retry-after": "5",
              "fault-probability": "0.5", "fault-count": "" },
            slow: { "fault-method": "GET", "fault-resource-type": "Microsoft.Compute/galleries/images", kind: "latency",
              "fault-milliseconds": "1500", "fault-probability": "1", "fault-count": "" },
            fail: { "fault-method": "PUT", "fault-resource-type": "Microsoft.Compute/galleries/images/versions", kind: "operation",
              "fault-outcome": "Failed", "fault-operation-code": "ReplicationFailed", "fault-probability": "1", "fault-count": "1" },
          };

          function resetForm() {
            form.reset();
            $("fault-error").hidden = true;
            formChanged();
          }

          for (const button of form.querySelectorAll(".preset")) {
            button.addEventListener("click", () => {
              resetForm();
              for (const [key, value] of Object.entries(PRESETS[button.dataset.preset])) {
                if (key === "kind") $("fault-kind-" + value).checked = true;
                else $(key).value = value;
              }
              formChanged();
            });
          }
          $("fault-reset").addEventListener("click", resetForm);

          // MARK: Health

          let health = null;

          async function pollHealth() {
            const data = await api("/_galleryrp/health", { accept: [503] });
            if (health && data.startedAt !== health.startedAt) serverRestarted();
            health = data;
            if (auth.disabled) { auth.disabled = false; hideBanner(); }
            const healthy = data.status === "Healthy";
            $("version").textContent = "v" + data.version;
            $("health-indicator").className = "health-indicator " + (healthy ? "healthy" : "unhealthy");
            $("health-text").textContent = `${data.status} · ${data.auth} auth · ${data.storage?.backend}`;
            $("health-indicator").title = `Up ${span(data.uptimeSeconds)} · GET /_galleryrp/health`;
            if (currentView === "health") renderHealth();
          }

          /** Sequence numbers start again after a restart: read the journal from the start. */
          function serverRestarted() {
            $("requests-body").replaceChildren();
            Object.assign(journal, { last: 0, rows: 0, loaded: false });
            closeRequest();
            toast("The service restarted");
            pollers.requests.now();
            pollers.tree.now();
          }

          function card(title, body, extra) {
            return h("div", { class: "card" }, h("div", { class: "card-head" }, h("h2", null, title), h("span", { class: "spacer" }), extra), body);
          }

          function renderHealth() {
            if (!health) return;
            const data = health;
            const healthy = data.status === "Healthy";
            const storage = data.storage || {};
            const worker = data.worker || {};
            const control = data.controlPlane || {};
            const yes = (flag, on = "Yes", off = "No") => h("span", { class: "badge " + (flag ? "ok" : "bad") }, flag ? on : off);
            $("health-warnings").replaceChildren(...(data.warnings || []).map((warning) =>
              h("div", { class: "warning" }, icon("warn"), h("div", null, h("b", null, "Warning. "), warning))));
            $("health-cards").replaceChildren(
              h("div", { class: "card health-hero " + (healthy ? "ok" : "bad"), id: "health-status" },
                h("div", { class: "big-dot" }, icon(healthy ? "check" : "cross")),
                h("div", null, h("div", { class: "status-text" }, data.status),
                  h("div", { class: "muted" }, `Started ${dateTime(parseTime(data.startedAt))}`)),
                h("div", { class: "hero-facts" },
                  h("div", null, h("span", null, "Version"), h("b", null, data.version)),
                  h("div", null, h("span", null, "Uptime"), h("b", null, span(data.uptimeSeconds))),
                  h("div", null, h("span", null, "Auth"), h("b", null, data.auth)),
                  h("div", null, h("span", null, "Storage"), h("b", null, storage.backend)),
                  h("div", null, h("span", null, "Warnings"), h("b", null, String((data.warnings || []).length))))),
              card("Service", h("div", { class: "card-body" }, kv([
                ["Version", data.version, true],
                ["Auth mode", data.auth],
                ["Listening on", data.host, true],
                ["This listener", location.origin, true],
              ]))),
              card("Storage", h("div", { class: "card-body" }, kv([
                ["Backend", storage.backend],
                ["Where", storage.description],
                ["Reachable", yes(storage.reachable)],
                ["Latency", storage.latencyMs != null ? storage.latencyMs + " ms" : undefined],
                ["Error", storage.error, true],
              ]))),
              card("Operation worker", h("div", { class: "card-body" }, kv([
                ["Last sweep", worker.lastSweep ? `${dateTime(parseTime(worker.lastSweep))} (${span(worker.secondsSinceLastSweep)} ago)` : "not yet"],
                ["Finished", String(worker.operationsFinished ?? "—")],
                ["In progress", String(worker.operationsInProgress ?? "—")],
                ["Last error", worker.lastError ? h("span", { class: "badge bad plain" }, worker.lastError) : "none"],
              ]))),
              card("Control plane", h("div", { class: "card-body" }, kv([
                ["Fault rules", String(control.faultRules ?? 0)],
                ["Journal size", String(control.journalSize ?? "—")],
                ["Journal bodies", yes(control.journalBodies, "Kept", "Off")],
                ["Throttling", control.throttling],
              ]))));
            $("health-json").replaceChildren(jsonNodes(data));
          }

          $("metrics-load").addEventListener("click", async () => {
            try {
              const text = await api("/metrics", { text: true });
              const lines = text.split("\n");
              const more = lines.length > 400 ? `\n… ${lines.length - 400} more lines` : "";
              $("metrics-preview").textContent = lines.slice(0, 400).join("\n") + more;
              $("metrics-preview").hidden = false;
            } catch (error) {
              pollFailed("metrics", error);
            }
          });

          // MARK: Reset

          function updateResetScopes() {
            const select = $("reset-subscription");
            const subscriptions = tree.root ? tree.root.children.map((child) => child.item.name) : [];
            select.replaceChildren(h("option", { value: "" }, "All subscriptions"),
              ...subscriptions.map((id) => h("option", { value: id }, "Subscription " + id)));
          }

          $("reset-button").addEventListener("click", () => {
            updateResetScopes();
            $("reset-error").hidden = true;
            $("reset-dialog").showModal();
          });
          $("reset-cancel").addEventListener("click", () => $("reset-dialog").close());
          $("reset-form").addEventListener("submit", async (event) => {
            event.preventDefault();
            const subscription = $("reset-subscription").value;
            try {
              const result = await api("/_galleryrp/reset" + (subscription ? "?subscription=" + encodeURIComponent(subscription) : ""),
                { method: "POST" });
              $("reset-dialog").close();
              toast(`Reset: removed ${result.removed.resources} resources and ${result.removed.operations} operations`);
              pollers.tree.now();
            } catch (error) {
              if (!(error instanceof APIError)) throw error;
              $("reset-error").replaceChildren(h("b", null, error.code), error.message);
              $("reset-error").hidden = false;
            }
          });

          // MARK: Start

          $("endpoint").textContent = location.host;
          $("endpoint").title = "ARM endpoint served by this listener: " + location.origin;
          $("token-button").classList.toggle("active", !!sessionStorage.getItem(TOKEN_KEY));
          formChanged();
          renderWelcome();
          poller("health", pollHealth, () => 5000, () => true);
          poller("tree", refreshTree, () => 2000, () => currentView === "resources" && ($("auto-refresh").checked || !tree.root));
          poller("requests", pollRequests, () => (currentView === "requests" ? 1000 : 3000), () => $("requests-live").checked || !journal.loaded);
          poller("faults", pollFaults, () => (currentView === "faults" ? 1500 : 10000), () => true);
          readHash();
          for (const poller of Object.values(pollers)) poller.now();
        })();
        """#
}
