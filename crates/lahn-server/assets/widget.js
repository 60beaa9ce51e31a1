// lahn's helpdesk widget: attaches to a page's reply boxes (textarea and contenteditable),
// shows a score badge beside the box and a panel of findings, and applies fixes into the
// box, keeping the cursor. Also the API client the reply page uses (window.lahn).
//
// Loaded by a page:      <script src="http://127.0.0.1:7010/widget.js" data-token="…"
//                          data-channel="chat" data-lang="fa"></script>
// or by the browser extension (editors/webextension), which sets window.lahnOptions to a
// promise of its stored settings.
// data-attach="off" loads the client alone. No dependencies; text from the server or the
// page is only ever put into the DOM as text.
(() => {
  "use strict";
  if (window.lahn) return;

  const script = document.currentScript;
  // The browser extension gives its stored settings as a promise (see editors/webextension).
  const pending = window.lahnOptions && typeof window.lahnOptions.then === "function" ? window.lahnOptions : null;
  const given = pending ? {} : window.lahnOptions || {};
  const attr = (name) => (script && script.dataset ? script.dataset[name] : undefined);
  const options = {
    server: (given.server || attr("server") || (script && script.src ? new URL(script.src).origin : location.origin)).replace(/\/+$/, ""),
    token: given.token || attr("token") || "",
    channel: given.channel || attr("channel") || "",
    lang: given.lang || attr("lang") || "fa",
    attach: given.attach || attr("attach") || "on",
  };

  const TEXT = {
    fa: {
      score: "امتیاز", findings: "یافته‌ها", none: "موردی پیدا نشد.", fix: "اصلاح",
      fixAll: "اصلاح همه‌ی موارد امن", found: "متن", suggestion: "پیشنهاد", why: "چرا",
      offline: "سرور لحن در دسترس نیست", token: "این سرور توکن می‌خواهد", close: "بستن",
      checking: "در حال بررسی…",
      categories: { negativity: "منفی‌گویی", empathy: "همدلی", tone: "لحن", personalization: "شخصی‌سازی",
        cliche: "کلیشه", sandwich: "خبر بد", closing: "پایان‌بندی", clarity: "وضوح", length: "طول",
        orthography: "نگارش" },
    },
    en: {
      score: "Score", findings: "Findings", none: "Nothing found.", fix: "Fix",
      fixAll: "Apply all safe fixes", found: "Found", suggestion: "Suggestion", why: "Why",
      offline: "The lahn server can't be reached", token: "This server needs a token", close: "Close",
      checking: "Checking…",
      categories: { negativity: "Negativity", empathy: "Empathy", tone: "Tone", personalization: "Personal",
        cliche: "Clichés", sandwich: "Bad news", closing: "Closing", clarity: "Clarity", length: "Length",
        orthography: "Typography" },
    },
  };
  const t = (key) => (TEXT[options.lang] || TEXT.fa)[key];
  const digits = (n) => (options.lang === "fa" ? String(n).replace(/\d/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[d]) : String(n));

  /** An element with attributes and children; strings become text nodes, never markup. */
  function h(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else if (k === "class") e.className = v;
      else e.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  class ApiError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  /** POSTs `body` as JSON to `path` of the server; the parsed answer. */
  async function call(path, body, signal) {
    const headers = { "content-type": "application/json" };
    if (options.token) headers.authorization = "Bearer " + options.token;
    let r;
    try {
      r = await fetch(options.server + path, { method: "POST", headers, body: JSON.stringify(body), signal });
    } catch (e) {
      if (e.name === "AbortError") throw e;
      throw new ApiError(0, t("offline"));
    }
    const data = await r.json().catch(() => ({ error: r.statusText }));
    if (!r.ok) throw new ApiError(r.status, r.status === 401 ? t("token") : data.error || r.statusText);
    return data;
  }

  const review = (req, signal) => call("/v1/review", { lang: options.lang, ...req }, signal);
  const fixAll = (req, signal) => call("/v1/fix", { lang: options.lang, ...req }, signal);

  // ---- the text of a box, and positions in it, in UTF-16 units (JavaScript's own) ----

  const isField = (el) => el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement;
  const BLOCK = /^(DIV|P|LI|H[1-6]|BLOCKQUOTE|PRE|TR)$/;

  /** The text nodes of a contenteditable with the offset each starts at, and its text;
   * `<br>` and the boundary between blocks count as a line break. */
  function walk(root) {
    const pieces = [];
    let text = "";
    const visit = (node) => {
      for (const c of node.childNodes) {
        if (c.nodeType === Node.TEXT_NODE) {
          pieces.push({ node: c, start: text.length });
          text += c.data;
        } else if (c.nodeName === "BR") {
          pieces.push({ br: c, start: text.length });
          text += "\n";
        } else if (c.nodeType === Node.ELEMENT_NODE) {
          if (BLOCK.test(c.nodeName) && text && !text.endsWith("\n")) text += "\n";
          visit(c);
        }
      }
    };
    visit(root);
    return { pieces, text };
  }

  function textOf(el) {
    return isField(el) ? el.value : walk(el).text;
  }

  /** A DOM position (node, offset) for text offset `at` of a contenteditable. */
  function domPoint(el, at) {
    const { pieces } = walk(el);
    for (let i = pieces.length - 1; i >= 0; i--) {
      const p = pieces[i];
      if (p.start > at) continue;
      if (p.node) return { node: p.node, offset: Math.min(at - p.start, p.node.data.length) };
      const parent = p.br.parentNode;
      const index = Array.prototype.indexOf.call(parent.childNodes, p.br);
      return { node: parent, offset: at > p.start ? index + 1 : index };
    }
    return { node: el, offset: 0 };
  }

  /** The caret's text offset in a box, or null when it is elsewhere. */
  function caretOf(el) {
    if (isField(el)) return el.selectionStart;
    const sel = el.ownerDocument.getSelection();
    if (!sel || !sel.rangeCount || !el.contains(sel.focusNode)) return null;
    const r = document.createRange();
    r.selectNodeContents(el);
    r.setEnd(sel.focusNode, sel.focusOffset);
    // The text up to the caret, counted the same way as walk() does.
    const box = document.createElement("div");
    box.append(r.cloneContents());
    return walk(box).text.length;
  }

  function select(el, start, end) {
    if (isField(el)) {
      el.setSelectionRange(start, end);
      return;
    }
    const a = domPoint(el, start);
    const b = domPoint(el, end);
    const r = document.createRange();
    r.setStart(a.node, a.offset);
    r.setEnd(b.node, b.offset);
    const sel = el.ownerDocument.getSelection();
    sel.removeAllRanges();
    sel.addRange(r);
  }

  /** Applies `edits` ([{offsets: {utf16: [start, end]}, replacement}], on the box's current
   * text, in order and disjoint) as typing would — so the helpdesk's own editor, and its
   * undo, see them — and puts the caret back where it was, moved by the edits before it. */
  function applyEdits(el, edits) {
    let caret = caretOf(el);
    el.focus();
    const sorted = [...edits].sort((a, b) => b.offsets.utf16[0] - a.offsets.utf16[0]);
    for (const e of sorted) {
      const [start, end] = e.offsets.utf16;
      select(el, start, end);
      const done = e.replacement
        ? document.execCommand("insertText", false, e.replacement)
        : start === end || document.execCommand("delete", false);
      if (!done && isField(el)) {
        el.setRangeText(e.replacement, start, end, "end");
        el.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertReplacementText" }));
      }
      if (caret !== null && caret >= end) caret += e.replacement.length - (end - start);
      else if (caret !== null && caret > start) caret = start + e.replacement.length;
    }
    if (caret !== null) select(el, caret, caret);
  }

  // ---- showing findings ----

  const severityClass = (f) => "lahn-sev-" + f.severity;

  /** A finding as a card: message, found text, suggestion, why, and a fix button. */
  function card(f, onFix) {
    return h("div", { class: "lahn-card " + severityClass(f), "data-rule": f.rule },
      h("div", { class: "lahn-card-head" },
        h("span", { class: "lahn-dot" }),
        h("span", { class: "lahn-message" }, f.message)),
      // Persian quoted in Persian order, whatever the direction around it.
      f.found ? h("div", { class: "lahn-found" }, t("found") + ": ", h("bdi", { dir: "rtl" }, "«" + f.found + "»")) : null,
      f.suggestion ? h("div", { class: "lahn-suggestion" }, t("suggestion") + ": " + f.suggestion) : null,
      f.explanation ? h("details", { class: "lahn-why" }, h("summary", {}, t("why")),
        h("p", {}, f.explanation.what), h("p", {}, f.explanation.why)) : null,
      h("div", { class: "lahn-card-foot" },
        h("code", { class: "lahn-rule" }, f.rule),
        f.fix && onFix ? h("button", { type: "button", class: "lahn-fix", onclick: () => onFix(f) },
          t("fix") + ": ", h("bdi", { dir: "rtl" }, "«" + f.fix.replacement + "»")) : null));
  }

  const scoreClass = (s) => (s >= 85 ? "lahn-good" : s >= 60 ? "lahn-fair" : "lahn-poor");

  // ---- the widget on a helpdesk's reply box ----

  const WIDGET_CSS = `
    :host { all: initial; }
    .badge { position: absolute; min-width: 30px; height: 30px; padding: 0 7px; border-radius: 15px;
      border: 0; color: #fff; font: 600 14px/30px system-ui, "Vazirmatn", "DejaVu Sans", sans-serif;
      cursor: pointer; box-shadow: 0 1px 4px rgba(0,0,0,.3); z-index: 2147483646; pointer-events: auto;
      -webkit-tap-highlight-color: transparent; }
    .lahn-good { background: #1b873f; } .lahn-fair { background: #b7791f; } .lahn-poor { background: #c53030; }
    .lahn-busy { background: #718096; } .lahn-off { background: #4a5568; }
    .panel { position: absolute; width: min(360px, 92vw); max-height: 60vh; overflow: auto; background: #fff;
      color: #1a202c; border: 1px solid #cbd5e0; border-radius: 10px; box-shadow: 0 6px 24px rgba(0,0,0,.2);
      font: 14px/1.7 system-ui, "Vazirmatn", "DejaVu Sans", sans-serif; z-index: 2147483647; padding: 10px;
      box-sizing: border-box; pointer-events: auto; }
    .panel[hidden] { display: none; }
    .top { display: flex; gap: 8px; align-items: center; justify-content: space-between; margin-bottom: 6px; }
    .top strong { font-size: 16px; }
    button { font: inherit; cursor: pointer; }
    .fix-all, .lahn-fix { border: 1px solid #2b6cb0; background: #ebf4ff; color: #2b6cb0; border-radius: 6px;
      padding: 2px 8px; }
    .close { border: 0; background: none; font-size: 18px; line-height: 1; }
    .lahn-card { border-inline-start: 4px solid #a0aec0; padding: 4px 8px; margin: 6px 0; background: #f7fafc;
      border-radius: 4px; }
    .lahn-sev-error { border-color: #c53030; } .lahn-sev-warning { border-color: #dd6b20; }
    .lahn-sev-info { border-color: #3182ce; }
    .lahn-found, .lahn-suggestion { font-size: 13px; color: #4a5568; }
    .lahn-card-foot { display: flex; justify-content: space-between; align-items: center; gap: 6px; }
    .lahn-rule { font-size: 11px; color: #718096; direction: ltr; }
    details p { margin: 2px 0; font-size: 13px; }
    .error { color: #c53030; }`;

  class Coach {
    constructor(box) {
      this.box = box;
      this.text = null;
      this.report = null;
      this.seq = 0;
      this.host = h("lahn-coach", { "data-for": box.id || box.name || "" });
      const root = this.host.attachShadow({ mode: "open" });
      this.badge = h("button", { type: "button", class: "badge lahn-busy", part: "badge",
        "aria-label": t("score"), onclick: () => this.toggle() }, "…");
      this.panel = h("div", { class: "panel", part: "panel", hidden: true,
        dir: options.lang === "fa" ? "rtl" : "ltr", role: "dialog" });
      root.append(h("style", {}, WIDGET_CSS), this.badge, this.panel);
      document.body.append(this.host);
      const later = () => this.schedule();
      box.addEventListener("input", later);
      box.addEventListener("focus", () => this.place());
      window.addEventListener("resize", () => this.place());
      window.addEventListener("scroll", () => this.place(), true);
      // A press anywhere else closes the panel.
      document.addEventListener("pointerdown", (e) => {
        if (!this.panel.hidden && !e.composedPath().includes(this.host)) this.toggle();
      });
      this.place();
      this.check();
    }

    toggle() {
      this.panel.hidden = !this.panel.hidden;
      this.place();
    }

    /** The badge at the box's inline-start bottom corner (its left in a right-to-left box),
     * the panel under it. */
    place() {
      const r = this.box.getBoundingClientRect();
      const rtl = getComputedStyle(this.box).direction === "rtl";
      const x = (rtl ? r.left + 6 : r.right - 42) + window.scrollX;
      const y = r.bottom - 36 + window.scrollY;
      Object.assign(this.badge.style, { left: x + "px", top: y + "px" });
      const width = Math.min(360, window.innerWidth * 0.92);
      const px = Math.max(4, Math.min(rtl ? r.left : r.right - width, window.innerWidth - width - 4));
      Object.assign(this.panel.style, { left: px + window.scrollX + "px", top: r.bottom + 4 + window.scrollY + "px" });
    }

    schedule() {
      // The score shown is the last text's until the new one is reviewed. A review still on
      // its way is of a text the box no longer holds: it is dropped, so that it can't show
      // its score as the new text's.
      this.seq++;
      if (this.abort) this.abort.abort();
      this.badge.className = "badge lahn-busy";
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.check(), 250);
    }

    context() {
      const d = this.box.dataset;
      return { customer_message: d.lahnCustomer, customer_name: d.lahnName, channel: d.lahnChannel || options.channel };
    }

    async check() {
      const text = textOf(this.box);
      const seq = ++this.seq;
      if (this.abort) this.abort.abort();
      this.abort = new AbortController();
      this.badge.className = "badge lahn-busy";
      try {
        const report = await review({ draft: text, ...this.context() }, this.abort.signal);
        if (seq !== this.seq) return;
        this.text = text;
        this.report = report;
        this.badge.className = "badge " + scoreClass(report.score);
        this.badge.textContent = digits(report.score);
        this.badge.title = t("score") + ": " + digits(report.score);
        this.render();
      } catch (e) {
        if (e.name === "AbortError" || seq !== this.seq) return;
        this.badge.className = "badge lahn-off";
        this.badge.textContent = "!";
        this.badge.title = e.message;
        this.panel.replaceChildren(h("div", { class: "error" }, e.message));
      }
      this.place();
    }

    render() {
      const r = this.report;
      const fixable = r.findings.some((f) => f.fix && f.fix.safe);
      this.panel.replaceChildren(
        h("div", { class: "top" },
          h("strong", {}, t("score") + ": " + digits(r.score)),
          fixable ? h("button", { type: "button", class: "fix-all", onclick: () => this.fixAll() }, t("fixAll")) : null,
          h("button", { type: "button", class: "close", "aria-label": t("close"), onclick: () => this.toggle() }, "×")),
        ...(r.findings.length
          ? r.findings.map((f) => card(f, (x) => this.fixOne(x)))
          : [h("div", {}, t("none"))]));
    }

    async fixOne(f) {
      if (textOf(this.box) !== this.text) return this.check();
      applyEdits(this.box, [{ offsets: f.offsets, replacement: f.fix.replacement }]);
      return this.check();
    }

    async fixAll() {
      const text = textOf(this.box);
      const out = await fixAll({ draft: text, ...this.context() });
      if (textOf(this.box) !== text) return this.check();
      applyEdits(this.box, out.edits);
      return this.check();
    }
  }

  const coaches = new WeakMap();

  /** Attaches the widget to a reply box (once). */
  function attach(box) {
    if (!box || coaches.has(box)) return coaches.get(box);
    const c = new Coach(box);
    coaches.set(box, c);
    return c;
  }

  const isBox = (el) =>
    el instanceof HTMLTextAreaElement || (el instanceof HTMLElement && el.isContentEditable && el.getAttribute("contenteditable") !== null);

  function attachAll(root) {
    root.querySelectorAll('textarea, [contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"]').forEach(attach);
  }

  window.lahn = { options, TEXT, t, digits, h, card, review, fixAll, applyEdits, textOf, caretOf, select, attach, scoreClass, ApiError };

  const begin = () => {
    if (options.attach === "off") return;
    const start = () => {
      attachAll(document);
      // Reply boxes a helpdesk opens later are attached when they first get focus.
      document.addEventListener("focusin", (e) => {
        const box = e.target.closest ? e.target.closest("textarea, [contenteditable]") : null;
        if (box && isBox(box)) attach(box);
      });
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  };
  if (pending) {
    pending.then((o) => {
      Object.assign(options, o);
      options.server = String(options.server || "").replace(/\/+$/, "");
      begin();
    });
  } else begin();
})();
