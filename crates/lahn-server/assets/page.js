// The reply page: the customer's message, name and channel, and the draft; as the agent
// types, the score, the category sub-scores, the flagged spans highlighted in the text, each
// finding's explanation on hover or tap, and fixes. Uses the client of widget.js.
(() => {
  "use strict";
  const lahn = window.lahn;
  const $ = (id) => document.getElementById(id);
  const draft = $("draft");
  const backdrop = $("backdrop");
  const tip = $("tip");
  const status = $("status");

  const PAGE = {
    fa: { title: "لحن — مربی پاسخ", customer: "پیام مشتری", name: "نام مشتری", channel: "کانال", draft: "پیش‌نویس پاسخ",
      chat: "گفتگو", email: "ایمیل", sms: "پیامک", social: "شبکه‌ی اجتماعی", switchTo: "English", tokenHint: "توکن سرور" },
    en: { title: "lahn — reply coach", customer: "Customer's message", name: "Customer's name", channel: "Channel",
      draft: "Draft reply", chat: "Chat", email: "Email", sms: "SMS", social: "Social", switchTo: "فارسی", tokenHint: "Server token" },
  };

  const state = { text: null, report: null, seq: 0, timer: 0, abort: null, pinned: null };

  function setLang(lang) {
    lahn.options.lang = lang;
    try { localStorage.setItem("lahn-lang", lang); } catch (_) { /* private mode */ }
    const p = PAGE[lang];
    document.documentElement.lang = lang;
    document.documentElement.dir = lang === "fa" ? "rtl" : "ltr";
    document.title = p.title;
    $("title").textContent = p.title;
    $("lang").textContent = p.switchTo;
    $("lang").lang = lang === "fa" ? "en" : "fa";
    $("token").placeholder = p.tokenHint;
    for (const e of document.querySelectorAll("[data-t]")) {
      const key = e.dataset.t;
      e.textContent = p[key] !== undefined ? p[key] : lahn.t(key);
    }
    schedule(0);
  }

  function context() {
    return {
      draft: draft.value,
      customer_message: $("customer").value,
      customer_name: $("name").value,
      channel: $("channel").value,
    };
  }

  function schedule(delay) {
    clearTimeout(state.timer);
    state.timer = setTimeout(check, delay === undefined ? 200 : delay);
  }

  async function check() {
    const req = context();
    const seq = ++state.seq;
    if (state.abort) state.abort.abort();
    state.abort = new AbortController();
    status.className = "";
    status.textContent = lahn.t("checking");
    try {
      const report = await lahn.review(req, state.abort.signal);
      if (seq !== state.seq) return;
      state.text = req.draft;
      state.report = report;
      status.textContent = "";
      render();
    } catch (e) {
      if (e.name === "AbortError" || seq !== state.seq) return;
      status.className = "error";
      status.textContent = e.message;
      if (e.status === 401) $("token").hidden = false;
    }
  }

  // ---- the report ----

  function render() {
    const r = state.report;
    const score = $("score");
    score.textContent = lahn.digits(r.score);
    score.className = "score " + lahn.scoreClass(r.score);
    const cats = lahn.t("categories");
    $("categories").replaceChildren(...Object.entries(r.categories).map(([name, s]) => {
      const bar = lahn.h("span", { class: "bar" }, lahn.h("i"));
      bar.firstChild.style.width = s + "%";
      return lahn.h("li", { class: lahn.scoreClass(s), "data-category": name },
        lahn.h("span", {}, cats[name] || name), lahn.h("b", {}, lahn.digits(s)), bar);
    }));
    $("findings").replaceChildren(...(r.findings.length
      ? r.findings.map((f, i) => {
        const c = lahn.card(f, fixOne);
        c.dataset.index = i;
        c.addEventListener("mouseenter", () => light(i, true));
        c.addEventListener("mouseleave", () => light(i, false));
        return c;
      })
      : [lahn.h("p", {}, lahn.t("none"))]));
    $("fix-all").disabled = !r.findings.some((f) => f.fix && f.fix.safe);
    paint();
    hideTip();
  }

  /** A finding spanning more than a phrase (a sentence, the whole reply) is underlined, not
   * filled, so the words inside it stay readable. */
  const wide = (f, text) => {
    const [s, e] = f.offsets.utf16;
    return e - s > 32 || (text.length > 0 && e - s >= 0.8 * text.length);
  };
  const RANK = { info: 0, warning: 1, error: 2 };

  /** The draft's text behind the textarea, with each flagged span in a <mark>. */
  function paint() {
    const text = draft.value;
    const r = state.report;
    if (!r || text !== state.text) {
      backdrop.replaceChildren(document.createTextNode(text + "\n"));
      return;
    }
    const spans = r.findings.map((f, i) => ({ i, f, s: f.offsets.utf16[0], e: f.offsets.utf16[1], wide: wide(f, text) }))
      .filter((x) => x.e > x.s);
    const cuts = [...new Set([0, text.length, ...spans.flatMap((x) => [x.s, x.e])])].sort((a, b) => a - b);
    const out = [];
    for (let k = 0; k + 1 < cuts.length; k++) {
      const [a, b] = [cuts[k], cuts[k + 1]];
      const piece = text.slice(a, b);
      const over = spans.filter((x) => x.s <= a && x.e >= b);
      if (!over.length) {
        out.push(document.createTextNode(piece));
        continue;
      }
      const words = over.filter((x) => !x.wide);
      const classes = [];
      if (words.length) {
        const top = words.reduce((m, x) => (RANK[x.f.severity] > RANK[m.f.severity] ? x : m));
        classes.push("word", "sev-" + top.f.severity);
      }
      if (words.length < over.length) classes.push("wide");
      out.push(lahn.h("mark", { class: classes.join(" "), "data-f": over.map((x) => x.i).join(" ") }, piece));
    }
    // A final line break needs something after it to take up its line.
    out.push(document.createTextNode("\n"));
    backdrop.replaceChildren(...out);
  }

  function light(i, on) {
    for (const m of backdrop.querySelectorAll("mark")) {
      if (m.dataset.f.split(" ").includes(String(i))) m.classList.toggle("active", on);
    }
  }

  // ---- explanations on hover or tap ----

  /** The narrowest finding at text offset `at`. */
  function findingAt(at) {
    const r = state.report;
    if (!r || draft.value !== state.text) return null;
    let best = null;
    r.findings.forEach((f, i) => {
      const [s, e] = f.offsets.utf16;
      if (s <= at && at <= e && e > s && (best === null || e - s < best.e - best.s)) best = { i, s, e };
    });
    return best && best.i;
  }

  function showTip(i, rect) {
    const f = state.report.findings[i];
    tip.replaceChildren(lahn.card(f, fixOne));
    tip.hidden = false;
    tip.dataset.index = i;
    const box = tip.parentElement.getBoundingClientRect();
    const rtl = document.documentElement.dir === "rtl";
    tip.style.top = rect.bottom - box.top + 6 + "px";
    const width = tip.offsetWidth;
    let inset = rtl ? box.right - rect.right : rect.left - box.left;
    inset = Math.max(0, Math.min(inset, box.width - width));
    tip.style.right = rtl ? inset + "px" : "";
    tip.style.left = rtl ? "" : inset + "px";
    for (const c of $("findings").children) c.classList.toggle("hot", c.dataset.index === String(i));
  }

  function hideTip() {
    tip.hidden = true;
    state.pinned = null;
    for (const c of $("findings").children) c.classList.remove("hot");
  }

  function markOf(i) {
    const marks = [...backdrop.querySelectorAll("mark")].filter((m) => m.dataset.f.split(" ").includes(String(i)));
    return marks.length ? marks : null;
  }

  /** The caret in a flagged span (a click, a tap, the arrow keys) pins its explanation. */
  function onCaret() {
    const i = findingAt(draft.selectionStart);
    if (i === null) return hideTip();
    if (state.pinned === i && !tip.hidden) return;
    const marks = markOf(i);
    if (!marks) return;
    state.pinned = i;
    showTip(i, marks[marks.length - 1].getBoundingClientRect());
  }

  function onHover(ev) {
    if (state.pinned !== null) return;
    for (const m of backdrop.querySelectorAll("mark.word")) {
      for (const r of m.getClientRects()) {
        if (ev.clientX >= r.left && ev.clientX <= r.right && ev.clientY >= r.top && ev.clientY <= r.bottom) {
          const ids = m.dataset.f.split(" ").map(Number);
          const i = ids.find((k) => !wide(state.report.findings[k], state.text));
          if (tip.hidden || tip.dataset.index !== String(i)) showTip(i, r);
          return;
        }
      }
    }
    if (!tip.matches(":hover")) hideTip();
  }

  // ---- fixes ----

  function fixOne(f) {
    if (draft.value !== state.text) return schedule(0);
    lahn.applyEdits(draft, [{ offsets: f.offsets, replacement: f.fix.replacement }]);
    hideTip();
    schedule(0);
  }

  async function fixAll() {
    const req = context();
    try {
      const out = await lahn.fixAll(req);
      if (draft.value === req.draft) lahn.applyEdits(draft, out.edits);
    } catch (e) {
      status.className = "error";
      status.textContent = e.message;
    }
    schedule(0);
  }

  // ---- wiring ----

  /** The draft grows with its text, so it never scrolls away from its highlights. */
  function grow() {
    draft.style.height = "auto";
    draft.style.height = draft.scrollHeight + 2 + "px";
  }

  draft.addEventListener("input", () => { grow(); paint(); schedule(); });
  for (const ev of ["click", "keyup", "select"]) draft.addEventListener(ev, onCaret);
  $("editor").addEventListener("mousemove", onHover);
  for (const id of ["customer", "name"]) $(id).addEventListener("input", () => schedule());
  $("channel").addEventListener("change", () => schedule(0));
  $("fix-all").addEventListener("click", fixAll);
  $("lang").addEventListener("click", () => setLang(lahn.options.lang === "fa" ? "en" : "fa"));
  $("token").addEventListener("change", () => {
    lahn.options.token = $("token").value.trim();
    try { sessionStorage.setItem("lahn-token", lahn.options.token); } catch (_) { /* private mode */ }
    schedule(0);
  });
  new ResizeObserver(() => paint()).observe(draft);
  grow();

  let saved = null;
  try {
    saved = localStorage.getItem("lahn-lang");
    lahn.options.token = sessionStorage.getItem("lahn-token") || "";
  } catch (_) { /* private mode */ }
  setLang(saved === "en" ? "en" : "fa");
})();
