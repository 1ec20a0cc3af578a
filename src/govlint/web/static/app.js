/* govlint serve: the page's only script. No inline code (the CSP forbids it), no third-party code,
   no storage of drafts: only the profile fields go to localStorage. Text from the server is always
   inserted with textContent, never as HTML. */
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const DEBOUNCE_MS = 300;
  const PROFILE_KEY = "govlint.profile.v1";
  const PROFILE_FIELDS = ["author-name", "author-handle", "author-org", "in-reply-to", "platform", "profession", "pack"];
  const SEVERITY_RANK = { error: 3, warning: 2, info: 1 };
  const SEVERITY_WORDS = { error: "Error: must change", warning: "Warning: should change", info: "Note" };

  /* ---------- small helpers ---------- */

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  /* Replace a node's children, skipping the null/false placeholders of optional parts. */
  function fill(node, ...kids) {
    node.replaceChildren(...kids.filter((k) => k !== null && k !== undefined && k !== false));
  }

  class ApiError extends Error {}

  async function api(path, body) {
    const init = body === undefined ? { method: "GET" }
      : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
    init.cache = "no-store";
    init.credentials = "same-origin";
    let res;
    try {
      res = await fetch(path, init);
    } catch (e) {
      throw new ApiError("cannot reach the govlint server — is `govlint serve` still running?");
    }
    let data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (!res.ok) {
      const err = new ApiError((data && data.error) || `the server answered ${res.status}`);
      err.status = res.status;
      throw err;
    }
    return data;
  }

  /* Python counts characters (code points); JavaScript strings count UTF-16 units. Emoji need both. */
  function unitMap(text) {
    const map = [0];
    let u = 0;
    for (const ch of text) { u += ch.length; map.push(u); }
    return map;
  }
  const at = (map, cp) => map[Math.max(0, Math.min(cp, map.length - 1))];

  function citationText(c) {
    if (!c) return "";
    const para = c.paragraph ? `, paragraph ${c.paragraph}` : "";
    return `${c.document}${para}`;
  }

  function citationLink(c) {
    if (!c) return null;
    if (!c.url || !/^https:\/\//.test(c.url)) return el("span", { text: citationText(c) });
    return el("a", { href: c.url, target: "_blank", rel: "noopener noreferrer", text: citationText(c) });
  }

  function setStatus(message, isError) {
    const s = $("status");
    s.textContent = message || "";
    s.classList.toggle("error", !!isError);
  }

  /* ---------- highlights: marks laid over text ---------- */

  /* spans: [{s, e, sev, n, evidence: [{s, e}]}] in UTF-16 units. Fills `container` with text and <mark>s. */
  function renderMarks(container, text, spans) {
    const points = new Set([0, text.length]);
    for (const sp of spans) {
      points.add(sp.s); points.add(sp.e);
      for (const ev of sp.evidence) { points.add(ev.s); points.add(ev.e); }
    }
    const cuts = [...points].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
    const frag = document.createDocumentFragment();
    for (let i = 0; i < cuts.length - 1; i++) {
      const a = cuts[i], b = cuts[i + 1];
      const starting = spans.filter((sp) => sp.s === a);
      if (starting.length) {
        const top = starting.reduce((x, y) => (SEVERITY_RANK[y.sev] > SEVERITY_RANK[x.sev] ? y : x));
        frag.append(el("span", { class: `flabel sev-${top.sev}`, "data-n": starting.map((sp) => sp.n).join(",") }));
      }
      const piece = text.slice(a, b);
      const over = spans.filter((sp) => sp.s < b && sp.e > a);
      if (!over.length) { frag.append(piece); continue; }
      const top = over.reduce((x, y) => (SEVERITY_RANK[y.sev] > SEVERITY_RANK[x.sev] ? y : x));
      const evidence = over.some((sp) => sp.evidence.some((ev) => ev.s < b && ev.e > a));
      frag.append(el("mark", { class: `sev-${top.sev}${evidence ? " evidence" : ""}`, "data-f": over.map((sp) => sp.n).join(" ") }, piece));
    }
    // A trailing newline needs something after it, or the mirror is one line shorter than the textarea.
    frag.append(text.endsWith("\n") || text === "" ? "\u200b" : "");
    fill(container, frag);
  }

  function spansFor(text, findings) {
    const map = unitMap(text);
    return findings.map((f, i) => ({
      s: at(map, f.start), e: at(map, f.end), sev: f.severity, n: i + 1,
      // details behind a finding: the JSON formatter's details.evidence, or the training views' spans
      evidence: ((f.details && f.details.evidence) || (f.spans && f.spans.length > 1 ? f.spans.map(([a, b]) => ({ start: a, end: b })) : []))
        .map((ev) => ({ s: at(map, ev.start), e: at(map, ev.end) })),
    }));
  }

  /* When the text changes, keep marks outside the edited stretch (shifted), drop the rest, until the new answer. */
  function shiftSpans(spans, before, after) {
    let p = 0;
    const max = Math.min(before.length, after.length);
    while (p < max && before[p] === after[p]) p++;
    let q = 0;
    while (q < max - p && before[before.length - 1 - q] === after[after.length - 1 - q]) q++;
    const oldEnd = before.length - q, delta = after.length - before.length;
    const move = (r) => (r.e <= p ? r : r.s >= oldEnd ? { ...r, s: r.s + delta, e: r.e + delta } : null);
    return spans.map((sp) => {
      const m = move(sp);
      return m && { ...m, evidence: sp.evidence.map(move).filter(Boolean) };
    }).filter(Boolean);
  }

  /* ---------- the check view ---------- */

  const draft = $("draft");
  const highlights = $("highlights");
  const state = { text: "", spans: [], seq: 0, applied: 0, timer: null, findings: [], edits: new Map(), canFix: true, lastBody: null };

  function syncMirror() {
    // The mirror must wrap exactly like the textarea: same content width to the sub-pixel, minus any scrollbar.
    const cs = getComputedStyle(draft);
    const borders = parseFloat(cs.borderLeftWidth) + parseFloat(cs.borderRightWidth);
    const scrollbar = Math.max(0, draft.offsetWidth - draft.clientWidth - Math.round(borders));
    highlights.style.width = `${draft.getBoundingClientRect().width - borders - scrollbar}px`;
    highlights.style.transform = `translateY(${-draft.scrollTop}px)`;
  }

  function autoGrow() {
    draft.style.height = "auto";
    draft.style.height = Math.max(draft.scrollHeight + 4, 224) + "px";
    syncMirror();
  }

  function profile() {
    const v = (id) => $(id).value.trim();
    const author = { name: v("author-name") || null, handle: v("author-handle") || null, organisation: $("author-org").checked };
    return {
      author, in_reply_to: v("in-reply-to") || null, platform: v("platform") || null,
      profession: v("profession") || null, pack: v("pack") || null,
    };
  }

  function requestBody(text) { return { text, ...profile() }; }

  function saveProfile() {
    const data = {};
    for (const id of PROFILE_FIELDS) data[id] = $(id).type === "checkbox" ? $(id).checked : $(id).value;
    try { localStorage.setItem(PROFILE_KEY, JSON.stringify(data)); } catch (e) { /* storage off: fine */ }
  }

  function loadProfile() {
    let data = null;
    try { data = JSON.parse(localStorage.getItem(PROFILE_KEY) || "null"); } catch (e) { data = null; }
    if (!data) return;
    for (const id of PROFILE_FIELDS) {
      if (!(id in data)) continue;
      if ($(id).type === "checkbox") $(id).checked = !!data[id];
      else if ($(id).tagName === "SELECT") { if ([...$(id).options].some((o) => o.value === data[id])) $(id).value = data[id]; }
      else $(id).value = data[id];
    }
    if (data["author-name"] || data["author-handle"] || data["in-reply-to"]) $("profile").open = true;
  }

  function onInput() {
    const text = draft.value;
    state.spans = shiftSpans(state.spans, state.text, text);
    state.text = text;
    renderMarks(highlights, text, state.spans);
    autoGrow();
    $("counter").textContent = `${[...text].length} characters`;
    clearTimeout(state.timer);
    state.timer = setTimeout(runCheck, DEBOUNCE_MS);
  }

  async function runCheck() {
    const text = draft.value;
    const seq = ++state.seq;
    if (!text.trim()) {
      state.applied = seq;
      showFindings(text, { findings: [], summary: { findings: 0 } }, null);
      fill($("inspect-rows"), );
      setStatus("");
      return;
    }
    const body = requestBody(text);
    $("counter").textContent = `${[...text].length} characters · checking…`;
    try {
      const [report, fixes, idents] = await Promise.all([
        api("/api/check", body),
        state.canFix ? api("/api/fix", body).catch((e) => { if (e.status === 404) state.canFix = false; return null; }) : null,
        $("inspect-toggle").checked ? api("/api/inspect", body) : null,
      ]);
      // Only the newest answer for the text still in the box is shown; late or stale answers are dropped.
      if (seq < state.applied || seq !== state.seq || draft.value !== text) return;
      state.applied = seq;
      state.lastBody = body;
      $("counter").textContent = `${[...text].length} characters`;
      showFindings(text, report, fixes);
      if (idents) showIdentifiers(idents);
      setStatus(report.summary && report.summary.errors && report.summary.errors.length ? report.summary.errors.join("; ") : "");
    } catch (e) {
      if (seq !== state.seq) return;
      setStatus(e.message, true);
    }
  }

  function editsByFinding(fixes) {
    const out = new Map();
    if (!fixes || !Array.isArray(fixes.edits)) return out;
    for (const ed of fixes.edits) {
      const key = ed.fingerprint || "";
      if (!out.has(key)) out.set(key, []);
      out.get(key).push(ed);
    }
    return out;
  }

  function showFindings(text, report, fixes) {
    const findings = report.findings || [];
    state.findings = findings;
    state.edits = editsByFinding(fixes);
    state.fixedText = fixes && fixes.changed ? fixes.text : null;
    state.fixedFor = text;
    $("fix-all").disabled = !state.fixedText;
    state.spans = spansFor(text, findings);
    renderMarks(highlights, text, state.spans);
    const list = $("findings");
    const summary = $("summary");
    const n = findings.length;
    let message, cls = "summary";
    if (!text.trim()) {
      message = "Type a draft to check it.";
    } else if (!n) {
      message = "No findings: nothing in this draft breaches the guidance govlint checks.";
      cls = "summary clean";
    } else {
      const by = {};
      for (const f of findings) by[f.severity] = (by[f.severity] || 0) + 1;
      const parts = ["error", "warning", "info"].filter((s) => by[s]).map((s) => `${by[s]} ${s}${by[s] > 1 ? "s" : ""}`);
      const concerns = [...new Set(findings.map((f) => f.concern))].join(", ");
      message = `${n} finding${n > 1 ? "s" : ""} (${parts.join(", ")}): ${concerns}.`;
    }
    // Only touch the live region when the news changes, so screen readers are not told the same thing on every pause.
    if (summary.textContent !== message) summary.textContent = message;
    summary.className = cls;
    // Re-draw the list only when it would change, so focus, open explanations and screen-reader position survive
    // the re-check that follows every pause in typing.
    const key = JSON.stringify([findings.map((f) => [f.fingerprint, f.start, f.end]),
      [...state.edits.entries()].map(([k, es]) => [k, es.map((e) => [e.start, e.end, e.replacement])])]);
    if (key === state.listKey) return;
    state.listKey = key;
    const map = unitMap(text);
    fill(list, ...findings.map((f, i) => findingCard(f, i + 1, text, map)));
  }

  function detailsBlock(f) {
    const d = f.details || {};
    const items = [];
    const quoted = (label, text) => (label && label.toLowerCase() !== String(text).toLowerCase()
      ? el("li", {}, el("b", { text: label }), ": “", text, "”") : el("li", {}, "“", text, "”"));
    if (d.evidence && d.evidence.length) {
      for (const ev of [...d.evidence].sort((a, b) => a.start - b.start)) items.push(quoted(ev.label, ev.text));
    } else if (d.contributors && d.contributors.length) {
      for (const c of d.contributors) items.push(quoted(c.category, c.text));
    }
    if (!items.length) return null;
    const lead = d.contributors ? "Details that together could identify someone:" : "What this rests on:";
    return el("div", { class: "details" }, lead, el("ul", {}, ...items));
  }

  function findingCard(f, n, text, map) {
    const id = `finding-${n}`;
    const edits = state.edits.get(f.fingerprint) || [];
    const cites = [citationLink(f.citation)];
    for (const c of f.also_cited || []) cites.push("; also ", citationLink(c));
    const card = el("li", { class: `finding sev-${f.severity}`, id, tabindex: "-1", "aria-labelledby": `${id}-title` },
      el("div", { class: "fhead" },
        el("span", { class: "num", "aria-hidden": "true", text: String(n) }),
        el("span", { class: "sev", text: SEVERITY_WORDS[f.severity] || f.severity }),
        el("span", { class: "concern", text: f.concern }),
        el("span", { class: "rule", text: f.rule })),
      el("h3", { id: `${id}-title` }, el("span", { class: "visually-hidden", text: `Finding ${n}: ` }), f.title || f.rule),
      el("p", { class: "quote" }, "“", f.match, "”"),
      el("p", { class: "msg", text: f.message }),
      detailsBlock(f),
      f.citation ? el("p", { class: "cite" }, "Guidance: ", ...cites) : null,
      f.suggestion ? el("p", { class: "safer" }, el("b", { text: "Safer: " }), f.suggestion) : null,
    );
    if (edits.length) {
      const preview = el("div", { class: "rewrite" }, el("b", { text: "Safer rewrite: " }));
      edits.forEach((ed, k) => {
        if (k) preview.append("; ");
        preview.append(el("del", { text: text.slice(at(map, ed.start), at(map, ed.end)) }), " → ", el("ins", { text: ed.replacement || "(removed)" }));
      });
      card.append(preview);
    }
    const actions = el("div", { class: "actions" },
      el("button", { type: "button", class: "secondary", onclick: () => selectFinding(n) , text: "Show in draft" }),
      edits.length ? el("button", { type: "button", class: "apply", "data-fingerprint": f.fingerprint, onclick: () => applyFix(f), text: "Apply the safer rewrite" }) : null,
      el("button", { type: "button", class: "secondary", "aria-expanded": "false", onclick: (ev) => toggleExplain(ev.currentTarget, card, f.rule), text: "Why it matters" }),
    );
    card.append(actions);
    return card;
  }

  function selectFinding(n) {
    const sp = state.spans[n - 1];
    if (!sp) return;
    draft.focus();
    draft.setSelectionRange(sp.s, sp.e);
    for (const m of highlights.querySelectorAll("mark")) m.classList.toggle("active", (m.dataset.f || "").split(" ").includes(String(n)));
  }

  /* Replace the whole text through the editing commands so that Ctrl-Z undoes a fix. */
  function replaceDraft(text) {
    draft.focus();
    draft.select();
    let done = false;
    try { done = document.execCommand("insertText", false, text); } catch (e) { done = false; }
    if (!done || draft.value !== text) {
      draft.value = text;
      draft.dispatchEvent(new Event("input"));
    }
  }

  async function applyFix(f) {
    const text = draft.value;
    try {
      const res = await api("/api/fix", { ...requestBody(text), only: [f.fingerprint] });
      if (draft.value !== text) return;  // the person kept typing; their text wins
      if (typeof res.text === "string" && res.text !== text) {
        replaceDraft(res.text);
        setStatus(`Applied the safer rewrite for ${f.rule}. Ctrl-Z undoes it.`);
      } else {
        setStatus("That finding has no automatic rewrite any more; edit the text by hand.");
      }
    } catch (e) {
      setStatus(e.message, true);
    }
  }

  function applyAll() {
    if (!state.fixedText || draft.value !== state.fixedFor) return;  // stale: the person typed since
    replaceDraft(state.fixedText);
    setStatus("Applied every safer rewrite govlint can make. Ctrl-Z undoes it; check what is left.");
  }

  async function toggleExplain(button, card, rule) {
    const open = card.querySelector(".explain");
    if (open) { open.remove(); button.setAttribute("aria-expanded", "false"); return; }
    button.setAttribute("aria-expanded", "true");
    const box = el("div", { class: "explain", text: "Loading…" });
    card.append(box);
    try {
      fill(box, ...explainNodes(await api(`/api/explain/${encodeURIComponent(rule)}`)));
    } catch (e) {
      box.textContent = e.message;
    }
  }

  function asList(v) { return Array.isArray(v) ? v : v === null || v === undefined ? [] : [v]; }

  /* What `govlint explain` says about a rule (or, for a concern, each of its rules). */
  function explainNodes(data) {
    const rules = Array.isArray(data.rules) ? data.rules : [data];
    const out = [];
    for (const r of rules) {
      if (rules.length > 1) out.push(el("h4", { text: `${r.id || ""} ${r.title || ""}`.trim() }));
      if (r.checks) out.push(el("p", { text: r.checks }));
      if (r.why) out.push(el("p", {}, el("b", { text: "Why it matters: " }), r.why));
      if (r.obligation) out.push(el("p", {}, el("b", { text: "How strongly: " }), r.obligation));
      const cites = asList(r.citations).length ? asList(r.citations) : asList(r.citation);
      if (cites.length) out.push(el("h4", { text: "Guidance" }), el("ul", {}, ...cites.map((c) => el("li", {}, citationLink(c)))));
      const bad = asList(r.bad).slice(0, 3), good = asList(r.good).slice(0, 2);
      if (bad.length) {
        out.push(el("h4", { text: "Would be flagged" }), el("ul", {}, ...bad.map((x) => el("li", {}, "“", x.text, "”",
          x.rewrite ? el("div", {}, el("b", { text: "Safer: " }), "“", x.rewrite, "”") : null))));
      }
      if (good.length) out.push(el("h4", { text: "Fine to post" }), el("ul", {}, ...good.map((x) => el("li", {}, "“", x.text, "”"))));
    }
    return out.length ? out : [el("p", { text: "No further explanation for this rule." })];
  }

  function showIdentifiers(data) {
    const rows = (data.identifiers || []).map((i) => el("tr", {},
      el("td", { text: i.type }), el("td", { class: "text", text: i.text }),
      el("td", { text: typeof i.score === "number" ? i.score.toFixed(2) : "" }), el("td", { text: i.detector })));
    if (!rows.length) rows.push(el("tr", {}, el("td", { colspan: "4", text: "No identifiers found." })));
    if (!data.nlp) rows.push(el("tr", {}, el("td", { colspan: "4", text: "Pattern-only mode: names and places from the NLP model are not listed." })));
    fill($("inspect-rows"), ...rows);
  }

  async function copyText() {
    const text = draft.value;
    let ok = false;
    try {
      if (navigator.clipboard && window.isSecureContext) { await navigator.clipboard.writeText(text); ok = true; }
    } catch (e) { ok = false; }
    if (!ok) {
      draft.focus(); draft.select();
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    }
    setStatus(ok ? "Copied the draft to the clipboard." : "Could not copy: select the text and press Ctrl-C.", !ok);
  }

  /* ---------- tabs ---------- */

  const tabs = ["check", "demo", "quiz"];
  function showTab(name, focus) {
    for (const t of tabs) {
      const tab = $(`tab-${t}`), view = $(`view-${t}`);
      const on = t === name;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.tabIndex = on ? 0 : -1;
      view.hidden = !on;
      if (on && focus) tab.focus();
    }
    if (name === "demo" && !demo.loaded) loadDemo();
  }

  function tabKeys(ev) {
    const i = tabs.indexOf(ev.currentTarget.id.replace("tab-", ""));
    let j = null;
    if (ev.key === "ArrowRight") j = (i + 1) % tabs.length;
    else if (ev.key === "ArrowLeft") j = (i + tabs.length - 1) % tabs.length;
    else if (ev.key === "Home") j = 0;
    else if (ev.key === "End") j = tabs.length - 1;
    if (j !== null) { ev.preventDefault(); showTab(tabs[j], true); }
  }

  /* ---------- training: demo ---------- */

  const demo = { steps: [], index: 0, loaded: false };

  async function loadDemo() {
    demo.loaded = true;
    const params = new URLSearchParams();
    if ($("demo-pack").value) params.set("pack", $("demo-pack").value);
    if ($("demo-concern").value) params.set("concern", $("demo-concern").value);
    const box = $("demo-step");
    box.textContent = "Loading…";
    try {
      const data = await api(`/api/demo?${params}`);
      demo.steps = Array.isArray(data) ? data : data.steps || [];
      demo.index = 0;
      showStep();
    } catch (e) {
      box.textContent = e.status === 404 ? "The demo is not available in this version of govlint." : e.message;
    }
  }

  function stepFindings(text, findings) {
    const post = el("div", { class: "post" });
    renderMarks(post, text, spansFor(text, findings));
    const items = findings.map((f, i) => el("li", { class: `finding sev-${f.severity}` },
      el("div", { class: "fhead" }, el("span", { class: "num", text: String(i + 1) }), el("span", { class: "sev", text: SEVERITY_WORDS[f.severity] || f.severity }),
        el("span", { class: "concern", text: f.concern }), el("span", { class: "rule", text: f.rule })),
      el("p", { class: "msg", text: f.message }), detailsBlock(f),
      f.citation ? el("p", { class: "cite" }, "Guidance: ", citationLink(f.citation)) : null));
    return [post, items.length ? el("ol", { class: "findings" }, ...items) : el("p", { text: "No findings for this example (yet)." })];
  }

  function showStep() {
    const box = $("demo-step");
    const n = demo.steps.length;
    $("demo-pos").textContent = n ? `${demo.index + 1} of ${n}` : "0 of 0";
    $("demo-prev").disabled = demo.index <= 0;
    $("demo-next").disabled = demo.index >= n - 1;
    if (!n) { box.textContent = "No examples for this choice."; return; }
    const s = demo.steps[demo.index];
    const findings = s.findings || [];
    const meta = [];
    if (s.concern) meta.push(s.concern);
    if (s.severity) meta.push(s.severity);
    if (s.in_reply_to) meta.push(`in reply to ${s.in_reply_to}`);
    if (s.author && (s.author.name || s.author.handle)) meta.push(`posted by ${[s.author.name, s.author.handle].filter(Boolean).join(" ")}`);
    if (s.note) meta.push(s.note);
    fill(box, 
      el("h2", {}, s.rule ? el("span", { class: "rule", text: `${s.rule} ` }) : null, s.title || ""),
      el("p", { class: "meta", text: meta.join(" · ") }),
      ...stepFindings(s.text || "", findings),
      s.rewrite ? el("p", { class: "rewrite-good" }, el("b", { text: "Safer: " }), "“", s.rewrite, "”") : null,
      citeLine(asList(s.citations)),
    );
  }

  function citeLine(cites) {
    const list = cites.filter((c) => c && typeof c === "object");
    if (!list.length) return null;
    return el("p", { class: "cite" }, "Guidance: ", ...list.flatMap((c, i) => (i ? ["; ", citationLink(c)] : [citationLink(c)])));
  }

  function stepBy(d) {
    const j = demo.index + d;
    if (j < 0 || j >= demo.steps.length) return;
    demo.index = j;
    showStep();
  }

  /* ---------- training: quiz ---------- */

  const quiz = { questions: [], index: 0, results: [], seed: null, count: 10, pack: null, concerns: [] };

  async function startQuiz(ev) {
    ev.preventDefault();
    const params = new URLSearchParams({ count: $("quiz-count").value });
    if ($("quiz-seed").value !== "") params.set("seed", $("quiz-seed").value);
    if ($("quiz-pack").value) params.set("pack", $("quiz-pack").value);
    fill($("quiz-feedback"), );
    fill($("quiz-summary"), );
    try {
      const data = await api(`/api/quiz?${params}`);
      Object.assign(quiz, { questions: data.questions || [], index: 0, results: [], seed: data.seed, count: data.count, pack: data.pack || null });
      quiz.concerns = data.choices || data.concerns || quiz.concerns;
      $("quiz-seed").value = data.seed;
      showQuestion();
    } catch (e) {
      $("quiz-feedback").textContent = e.status === 404 ? "The quiz is not available in this version of govlint." : e.message;
    }
  }

  function showQuestion() {
    const card = $("quiz-card");
    const q = quiz.questions[quiz.index];
    card.hidden = !q;
    fill($("quiz-feedback"), );
    if (!q) return;
    const meta = q.meta || {};
    const who = [];
    if (meta.author && (meta.author.name || meta.author.handle)) who.push(`posted by ${[meta.author.name, meta.author.handle].filter(Boolean).join(" ")}`);
    if (meta.author && meta.author.organisation) who.push("an organisation's account");
    if (meta.in_reply_to) who.push(`in reply to ${meta.in_reply_to}`);
    if (meta.profession) who.push(`a ${meta.profession}`);
    if (meta.platform) who.push(`on ${meta.platform}`);
    const choices = quiz.concerns.map((c) => el("label", { class: "check" }, el("input", { type: "checkbox", name: "concern", value: c }), c));
    const form = el("form", { id: "quiz-answer", onsubmit: submitAnswer },
      el("fieldset", {}, el("legend", { text: "Which concerns does this draft raise? Leave them all unticked if it is fine to post." }), el("div", { class: "choices" }, ...choices)),
      el("button", { type: "submit", id: "quiz-submit", text: "Check my answer" }));
    fill(card, 
      el("h2", { text: `Question ${quiz.index + 1} of ${quiz.questions.length}` }),
      who.length ? el("p", { class: "meta", text: who.join(" · ") }) : null,
      el("div", { class: "post", text: q.text }),
      form);
    card.focus();
  }

  async function submitAnswer(ev) {
    ev.preventDefault();
    const q = quiz.questions[quiz.index];
    const answer = [...document.querySelectorAll("#quiz-answer input[name=concern]:checked")].map((i) => i.value);
    $("quiz-submit").disabled = true;
    try {
      const res = await api("/api/quiz/grade", { id: q.id, answer, seed: quiz.seed, count: quiz.count, pack: quiz.pack });
      quiz.results.push(res);
      showFeedback(q, res);
    } catch (e) {
      $("quiz-submit").disabled = false;
      $("quiz-feedback").textContent = e.message;
    }
  }

  function showFeedback(q, res) {
    const right = !!res.correct;
    const expected = asList(res.expected);
    const nodes = [el("p", { class: `verdict ${right ? "right" : "wrong"}`, text: right ? "Right." : "Not quite." })];
    nodes.push(el("p", {}, el("b", { text: "The concerns here: " }), expected.length ? expected.join(", ") : "none: fine to post"));
    for (const k of ["missed", "extra"]) {
      const v = asList(res[k]);
      if (v.length) nodes.push(el("p", {}, el("b", { text: k === "missed" ? "You missed: " : "Not a concern here: " }), v.join(", ")));
    }
    const text = q.text || "";
    if (Array.isArray(res.findings) && res.findings.length && typeof res.findings[0] === "object") nodes.push(...stepFindings(text, res.findings));
    const cites = citeLine(asList(res.citations));
    if (cites) nodes.push(cites);
    if (res.note) nodes.push(el("p", { text: res.note }));
    const last = quiz.index >= quiz.questions.length - 1;
    nodes.push(el("button", { type: "button", id: "quiz-next", onclick: last ? finishQuiz : nextQuestion, text: last ? "See my score" : "Next question" }));
    fill($("quiz-feedback"), ...nodes);
    $("quiz-next").focus();
  }

  function nextQuestion() { quiz.index += 1; showQuestion(); }

  async function finishQuiz() {
    $("quiz-card").hidden = true;
    fill($("quiz-feedback"), );
    try {
      const s = await api("/api/quiz/summary", { results: quiz.results });
      const revisit = (label, items) => (items && items.length ? el("p", {}, el("b", { text: label }), items.join(", ")) : null);
      fill($("quiz-summary"), 
        el("h2", { text: "Your score" }),
        el("p", { class: "score", text: `${s.correct} of ${s.asked} (${s.percent}%)` }),
        revisit("Concerns to revisit: ", s.concerns_to_revisit),
        revisit("Rules to revisit: ", s.rules_to_revisit),
        !s.concerns_to_revisit.length && s.asked ? el("p", { text: "Nothing to revisit: well done." }) : null,
        el("p", { class: "help", text: `This quiz was seed ${quiz.seed} with ${quiz.count} questions: the same seed and count give the same questions again, here or with govlint quiz.` }),
        el("button", { type: "button", onclick: () => $("quiz-go").click(), text: "Another quiz" }));
      $("quiz-seed").value = "";
    } catch (e) {
      $("quiz-summary").textContent = e.message;
    }
  }

  /* ---------- start-up ---------- */

  async function init() {
    try {
      const meta = await api("/api/meta");
      $("version").textContent = `govlint ${meta.version}${meta.nlp ? "" : " · pattern-only mode (started with --no-nlp)"}`;
      for (const p of meta.professions) $("profession").append(el("option", { value: p, text: p.replace(/-/g, " ") }));
      for (const pk of meta.packs) {
        const label = pk.title ? `${pk.id} — ${pk.title}` : pk.id;
        for (const sel of ["pack", "demo-pack", "quiz-pack"]) $(sel).append(el("option", { value: pk.id, text: label }));
      }
      for (const c of meta.concerns) $("demo-concern").append(el("option", { value: c, text: c }));
      quiz.concerns = meta.concerns;
      if (meta.default && meta.default.profession) $("profession").value = meta.default.profession;
    } catch (e) {
      setStatus(e.message, true);
    }
    loadProfile();
    for (const id of PROFILE_FIELDS) $(id).addEventListener("change", () => { saveProfile(); runCheck(); });
    for (const id of ["author-name", "author-handle", "in-reply-to"]) {
      $(id).addEventListener("input", () => { clearTimeout(state.timer); state.timer = setTimeout(() => { saveProfile(); runCheck(); }, DEBOUNCE_MS); });
    }
    $("forget").addEventListener("click", () => {
      try { localStorage.removeItem(PROFILE_KEY); } catch (e) { /* ignore */ }
      for (const id of PROFILE_FIELDS) { if ($(id).type === "checkbox") $(id).checked = false; else $(id).value = ""; }
      setStatus("Forgot your profile details.");
      runCheck();
    });
    $("settings").addEventListener("submit", (ev) => ev.preventDefault());
    draft.addEventListener("input", onInput);
    draft.addEventListener("scroll", syncMirror);
    window.addEventListener("resize", syncMirror);
    if (window.ResizeObserver) new ResizeObserver(syncMirror).observe(draft);
    $("copy").addEventListener("click", copyText);
    $("fix-all").addEventListener("click", applyAll);
    $("inspect-toggle").addEventListener("change", () => { $("inspect-panel").hidden = !$("inspect-toggle").checked; runCheck(); });
    for (const t of tabs) {
      $(`tab-${t}`).addEventListener("click", () => showTab(t, false));
      $(`tab-${t}`).addEventListener("keydown", tabKeys);
    }
    $("demo-prev").addEventListener("click", () => stepBy(-1));
    $("demo-next").addEventListener("click", () => stepBy(1));
    $("demo-pack").addEventListener("change", loadDemo);
    $("demo-concern").addEventListener("change", loadDemo);
    $("view-demo").addEventListener("keydown", (ev) => {
      if (ev.target.tagName === "SELECT" || ev.target.tagName === "INPUT") return;
      if (ev.key === "ArrowRight" || ev.key === "PageDown") { ev.preventDefault(); stepBy(1); }
      if (ev.key === "ArrowLeft" || ev.key === "PageUp") { ev.preventDefault(); stepBy(-1); }
    });
    $("quiz-start").addEventListener("submit", startQuiz);
    state.text = draft.value;
    onInput();
  }

  init();
})();
