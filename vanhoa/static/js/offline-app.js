/* The group leader's app (issue 20): the group's data kept in IndexedDB, changes queued there while offline,
   sent with the version each was based on; conflicts shown side by side for the leader to choose. */
"use strict";
(function () {
  const root = document.getElementById("offline-app");
  if (!root) return;
  const KEY = root.dataset.key;
  const DB_NAME = "vanhoa-offline-" + KEY;
  let state = { data: null, queue: [], lastSync: null };

  // --- IndexedDB ---------------------------------------------------------------------------------------
  function openDb() {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = () => {
        req.result.createObjectStore("kv");
        req.result.createObjectStore("queue", { keyPath: "id" });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  async function tx(store, mode, fn) {
    const db = await openDb();
    return new Promise((resolve, reject) => {
      const t = db.transaction(store, mode);
      const result = fn(t.objectStore(store));
      t.oncomplete = () => { db.close(); resolve(result instanceof IDBRequest ? result.result : result); };
      t.onerror = () => { db.close(); reject(t.error); };
    });
  }
  const kvGet = (k) => tx("kv", "readonly", (s) => s.get(k));
  const kvPut = (k, v) => tx("kv", "readwrite", (s) => s.put(v, k));
  const queueAll = () => tx("queue", "readonly", (s) => s.getAll());
  const queuePut = (c) => tx("queue", "readwrite", (s) => s.put(c));
  const queueDelete = (id) => tx("queue", "readwrite", (s) => s.delete(id));

  // --- helpers -----------------------------------------------------------------------------------------
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else if (k === "text") el.textContent = v;
      else el.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c);
    return el;
  }
  const pad = (n) => String(n).padStart(2, "0");
  function when(iso) {
    const d = new Date(iso);
    return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }
  function localDay() {  // the phone's date (not UTC's: before 7 a.m. in Vietnam that is still yesterday)
    const d = new Date();
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  }
    function say(text, kind) {
    const box = document.getElementById("messages");
    box.replaceChildren(h("div", { class: `alert alert-${kind || "info"} py-2`, role: "alert", text }));
  }

  // --- the queue: one entry per thing changed (a later change of the same thing replaces the earlier one,
  //     keeping the version the first was based on) -------------------------------------------------------
  async function queue(change) {
    const old = state.queue.find((c) => c.id === change.id);
    const entry = { ...change, at: new Date().toISOString(), key: newKey(),
      seq: old ? old.seq : Date.now() + Math.random() };
    if (old && "version" in old) entry.version = old.version;
    if (old && old.conflict && !change.resolved) entry.conflict = old.conflict;
    delete entry.resolved;
    await queuePut(entry);
    await reload();
  }
  function newKey() {  // the entry's idempotency key: the server applies an entry with this key once
    return self.crypto && crypto.randomUUID ? crypto.randomUUID()
      : Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }
  function pendingFor(id) {
    return state.queue.find((c) => c.id === id);
  }

  // --- drawing -----------------------------------------------------------------------------------------
  function drawBadge() {
    root.querySelector("[data-testid=pending]").textContent = String(state.queue.length);
    root.querySelector("[data-testid=last-sync]").textContent = state.lastSync
      ? "Đồng bộ lần cuối: " + when(state.lastSync) : "Chưa đồng bộ lần nào";
    root.querySelector("[data-testid=network]").textContent = navigator.onLine ? "Có mạng" : "Mất mạng – vẫn ghi được";
  }

  function lineValue(m, line) {
    const q = pendingFor(`line:${m.id}:${line.candidacy}`);
    return q ? q.data : { criteria_met: line.criteria_met, reason_text: line.reason_text, points: line.points };
  }

  // who attended in which capacity (the rule set's roles; a role of several people gets a free row more)
  function peopleOf(m) {
    const q = pendingFor(`people:${m.id}`);
    return q ? q.data.people : m.attendance.people;
  }
  function drawPeople(m) {
    const people = peopleOf(m);
    const rows = m.attendance.roles.flatMap((role) => {
      const mine = people.filter((p) => p.role === role.code);
      const count = role.many ? Math.max(mine.length + 1, 2) : 1;
      return Array.from({ length: count }, (_, i) => {
        const p = mine[i] || { name: "", position: "" };
        const n = i ? ` (${i + 1})` : "";
        return h("div", { class: "mb-2", "data-testid": "attendee", "data-role": role.code },
          i === 0 ? h("div", { class: "small fw-semibold", text: role.label + (role.required ? " *" : "") }) : null,
          h("div", { class: "d-flex gap-1" },
            h("input", { class: "form-control form-control-sm", "data-field": "name", "aria-label": `Họ tên – ${role.label}${n}`,
              placeholder: "Họ và tên", value: p.name, onchange: () => savePeople(m) }),
            h("input", { class: "form-control form-control-sm", "data-field": "position", "aria-label": `Chức vụ – ${role.label}${n}`,
              placeholder: "Chức vụ", value: p.position || "", onchange: () => savePeople(m) })));
      });
    });
    return h("fieldset", { class: "border rounded p-2 mb-2", id: "attendees" },
      h("legend", { class: "h6 float-none w-auto px-1 mb-1", text: "Thành phần dự họp" }), rows);
  }
  function savePeople(m) {
    const people = [...document.querySelectorAll("#attendees [data-testid=attendee]")].map((row) => ({
      role: row.dataset.role, name: row.querySelector("[data-field=name]").value.trim(),
      position: row.querySelector("[data-field=position]").value.trim() })).filter((p) => p.name);
    return queue({ id: `people:${m.id}`, kind: "meeting.attendees", meeting: m.id, version: m.attendance.version,
      label: "Thành phần dự họp", data: { people } });
  }

  function drawMeeting() {
    const box = document.getElementById("tab-meeting");
    const m = state.data && state.data.meeting;
    if (!m) {
      box.replaceChildren(h("p", { class: "text-muted", text: state.data
        ? "Tổ chưa có biên bản họp bình xét đang mở trong năm nay." : "Chưa có dữ liệu trên máy; hãy mở khi có mạng." }));
      return;
    }
    const closing = pendingFor(`close:${m.id}`);
    const fq = pendingFor(`facts:${m.id}`);
    const facts = { ...m.facts, ...(fq ? fq.data : {}) };
    const factInput = (name, label, type) => h("div", { class: "mb-2" },
      h("label", { class: "form-label", for: `f-${name}`, text: label }),
      h("input", { class: "form-control", id: `f-${name}`, name, type: type || "text", value: facts[name] ?? "",
        inputmode: type === "number" ? "numeric" : null,
        onchange: () => saveFacts(m) }));
    const lines = m.lines.map((line) => {
      const v = lineValue(m, line);
      const id = `met-${line.candidacy}`;
      return h("li", { class: "list-group-item", "data-testid": "line", "data-candidacy": line.candidacy },
        h("div", { class: "form-check" },
          h("input", { class: "form-check-input", type: "checkbox", id, checked: v.criteria_met === true,
            onchange: (e) => saveLine(m, line, e.target.checked, "") }),
          h("label", { class: "form-check-label", for: id, text: line.name })),
        m.scores && v.criteria_met === true ? h("input", { class: "form-control form-control-sm mt-1", type: "number",
          min: "0", max: "100", step: "0.5", inputmode: "decimal", "aria-label": `Điểm – ${line.name}`, placeholder: "Điểm",
          value: v.points ?? "", onchange: (e) => saveLine(m, line, true, "", e.target.value) }) : null,
        v.criteria_met === false ? h("input", { class: "form-control form-control-sm mt-1", "aria-label": `Lý do không đạt – ${line.name}`,
          placeholder: "Lý do không đạt", value: v.reason_text || "",
          onchange: (e) => saveLine(m, line, false, e.target.value) }) : null);
    });
    const passing = m.lines.filter((l) => lineValue(m, l).criteria_met === true).length;
    box.replaceChildren(
      h("h1", { class: "h5", text: m.title }),
      closing ? h("div", { class: "alert alert-warning py-2", "data-testid": "close-queued",
        text: "Đã chốt kết quả trên máy; biên bản sẽ được chốt trên hệ thống khi gửi." }) : null,
      factInput("held_on", "Ngày họp", "date"), factInput("place", "Địa điểm"), factInput("chair", "Chủ trì"),
      factInput("secretary", "Thư ký"), factInput("invited", "Số người được mời", "number"),
      factInput("present", "Số người dự họp", "number"),
      drawPeople(m),
      h("div", { class: "d-flex align-items-center gap-2 my-2" },
        h("button", { type: "button", class: "btn btn-outline-success", onclick: () => allPass(m), text: "Tất cả đạt" }),
        h("span", {}, h("strong", { "data-testid": "passing", text: String(passing) }), ` / ${m.lines.length} hộ đạt`)),
      h("ul", { class: "list-group mb-3" }, lines),
      h("button", { type: "button", class: "btn btn-danger w-100", disabled: closing ? true : null,
        onclick: () => closeMeeting(m), text: "Chốt kết quả" }));
  }

  function drawHouseholds() {
    const box = document.getElementById("tab-households");
    const d = state.data;
    if (!d) { box.replaceChildren(); return; }
    const rows = d.households.filter((hh) => hh.active).map((hh) => {
      const q = pendingFor(`members:${hh.id}`);
      const gone = pendingFor(`moved:${hh.id}`);
      const input = h("input", { class: "form-control form-control-sm", type: "number", min: "1", style: "width:5rem",
        "aria-label": `Số nhân khẩu – ${hh.head_name}`, value: q ? q.data.member_count : hh.member_count });
      return h("li", { class: "list-group-item", "data-testid": "household" },
        h("div", { class: "fw-semibold", text: hh.head_name + (gone ? " (chuyển đi, chờ gửi)" : "") }),
        h("div", { class: "small text-muted", text: `${hh.code}${hh.address ? " · " + hh.address : ""}` }),
        h("div", { class: "d-flex gap-2 mt-1 align-items-center" }, input,
          h("button", { type: "button", class: "btn btn-sm btn-outline-primary", text: "Lưu nhân khẩu",
            onclick: () => queue({ id: `members:${hh.id}`, kind: "household.update", household: hh.id,
              version: hh.version, label: `Hộ ${hh.head_name}`, data: { member_count: input.value } }) }),
          h("button", { type: "button", class: "btn btn-sm btn-outline-secondary", text: "Chuyển đi",
            onclick: () => queue({ id: `moved:${hh.id}`, kind: "household.moved_out", household: hh.id,
              version: hh.version, label: `Hộ ${hh.head_name} chuyển đi`,
              data: { on: localDay(), seen_member_count: hh.member_count } }) })));
    });
    const name = h("input", { class: "form-control mb-2", id: "new-head", placeholder: "Họ tên chủ hộ" });
    const members = h("input", { class: "form-control mb-2", id: "new-members", type: "number", min: "1", value: "1" });
    const address = h("input", { class: "form-control mb-2", id: "new-address", placeholder: "Số nhà, đường, bản" });
    box.replaceChildren(
      h("h2", { class: "h6", text: `Hộ đang cư trú (${rows.length})` }),
      h("ul", { class: "list-group mb-3" }, rows),
      h("h2", { class: "h6", text: "Thêm hộ mới" }),
      h("label", { class: "form-label", for: "new-head", text: "Chủ hộ" }), name,
      h("label", { class: "form-label", for: "new-address", text: "Địa chỉ" }), address,
      h("label", { class: "form-label", for: "new-members", text: "Số nhân khẩu" }), members,
      h("button", { type: "button", class: "btn btn-outline-primary", text: "Thêm hộ", onclick: () => {
        if (!name.value.trim()) { say("Chủ hộ: chưa nhập họ tên.", "warning"); return; }
        const data = { head_name: name.value, address: address.value, member_count: members.value };
        name.value = ""; address.value = ""; members.value = members.defaultValue;  // queued: the form is empty again
        return queue({ id: "new:" + Date.now(), kind: "household.create", label: `Hộ mới ${data.head_name}`, data });
      } }));
  }

  function drawConflicts() {
    const box = document.getElementById("conflicts");
    const items = state.queue.filter((c) => c.conflict || c.refused);
    box.replaceChildren(...items.map((c) => {
      if (c.refused) {
        return h("div", { class: "alert alert-danger py-2", "data-testid": "refused" },
          h("div", { text: `${c.label || c.kind}: ${c.refused}` }),
          h("button", { type: "button", class: "btn btn-sm btn-outline-danger mt-1", text: "Bỏ thay đổi này",
            onclick: async () => { await queueDelete(c.id); await reload(); } }));
      }
      const twin = c.conflict.kind === "duplicate";
      return h("div", { class: "card border-warning mb-2", "data-testid": "conflict" },
        h("div", { class: "card-header", text: twin ? `${c.conflict.label}: có phải cùng một hộ?`
          : `${c.conflict.label}: đã có người sửa trên hệ thống trong lúc bạn ghi` }),
        h("table", { class: "table table-sm mb-0" },
          h("thead", {}, h("tr", {}, h("th", { text: "" }), h("th", { text: twin ? "Hộ mới của bạn" : "Bản của bạn" }),
            h("th", { text: twin ? "Hộ đã có trong tổ" : "Trên hệ thống" }))),
          h("tbody", {}, c.conflict.fields.map((f) => h("tr", {},
            h("th", { text: f.label }), h("td", { "data-testid": "mine", text: f.mine }),
            h("td", { "data-testid": "current", text: f.current }))))),
        c.conflict.kind === "duplicate" ? h("div", { class: "card-body d-flex gap-2" },
          h("button", { type: "button", class: "btn btn-sm btn-primary", text: "Hộ khác – vẫn thêm",
            onclick: () => resolve(c, { data: { ...c.data, confirmed_new: true } }) }),
          h("button", { type: "button", class: "btn btn-sm btn-outline-secondary", text: "Cùng một hộ – bỏ hộ mới",
            onclick: async () => { await queueDelete(c.id); await reload(); } }))
        : h("div", { class: "card-body d-flex gap-2" },
          h("button", { type: "button", class: "btn btn-sm btn-primary", text: "Giữ bản của tôi",
            onclick: () => resolve(c, { version: c.conflict.version }) }),
          h("button", { type: "button", class: "btn btn-sm btn-outline-secondary", text: "Giữ bản trên hệ thống",
            onclick: async () => { await queueDelete(c.id); await reload(); } })));
    }));
  }

  function drawFestival() {
    const box = document.getElementById("tab-festival");
    const f = state.data && state.data.festival;
    if (!f) {
      box.replaceChildren(h("p", { class: "text-muted", text: state.data
        ? "Tài khoản không ghi Ngày hội của tổ." : "Chưa có dữ liệu trên máy; hãy mở khi có mạng." }));
      return;
    }
    const q = pendingFor(`festival:${f.year}`);
    const v = q ? q.data : { ...f, programme: f.programme.join("\n"), commendations: f.commendations.join("\n") };
    const field = (name, label, attrs) => h("div", { class: "mb-2" },
      h("label", { class: "form-label", for: `fe-${name}`, text: label }),
      h(attrs && attrs.rows ? "textarea" : "input", { class: "form-control", id: `fe-${name}`, name,
        ...(attrs || {}), value: attrs && attrs.rows ? null : (v[name] ?? ""), text: attrs && attrs.rows ? v[name] || "" : null }));
    const held = h("input", { class: "form-check-input", type: "checkbox", id: "fe-held", checked: v.held !== false });
    box.replaceChildren(
      h("h1", { class: "h5", text: `Ngày hội Đại đoàn kết ${f.year}` }),
      q ? h("div", { class: "alert alert-warning py-2", "data-testid": "festival-queued",
        text: "Đã ghi trên máy; sẽ gửi lên hệ thống khi có mạng." }) : null,
      h("div", { class: "form-check mb-2" }, held, h("label", { class: "form-check-label", for: "fe-held", text: "Đã tổ chức" })),
      field("held_on", "Ngày tổ chức", { type: "date" }), field("place", "Địa điểm"),
      field("participants", "Số người tham gia", { type: "number", min: "0", inputmode: "numeric" }),
      field("households_attending", "Số hộ tham dự", { type: "number", min: "0", inputmode: "numeric" }),
      field("programme", "Các hoạt động (mỗi dòng một hoạt động)", { rows: "3" }),
      field("commendations", "Khen thưởng (mỗi dòng: tên – cấp khen)", { rows: "2" }),
      field("note", "Ghi chú", { rows: "2" }),
      h("button", { type: "button", class: "btn btn-danger w-100", text: "Lưu ngày hội", onclick: () => {
        const data = { year: f.year, held: held.checked };
        for (const name of ["held_on", "place", "participants", "households_attending", "programme", "commendations", "note"]) {
          data[name] = document.getElementById(`fe-${name}`).value;
        }
        if (data.held && !data.held_on) { say("Ngày tổ chức: vui lòng nhập.", "warning"); return; }
        return queue({ id: `festival:${f.year}`, kind: "festival.record", version: f.version,
          label: `Ngày hội Đại đoàn kết ${f.year}`, data });
      } }));
  }

  async function resolve(c, changes) {  // the leader's choice, sent as a new entry (a new key)
    await queuePut({ ...c, ...changes, key: newKey(), conflict: null, refused: null });
    await reload();
  }

  function draw() {
    // what is being typed and not yet saved (a new household, the festival, a name in the meeting's attendance
    // typed while the change before it is still being queued) survives a redraw: every field that differs from
    // what was drawn, found again by its id or its label
    const keyOf = (el) => el.id || el.getAttribute("aria-label");
    const isBox = (el) => el.type === "checkbox" || el.type === "radio";
    const differs = (el) => (isBox(el) ? el.checked !== el.defaultChecked : el.value !== el.defaultValue);
    const find = (key) => document.getElementById(key) || [...root.querySelectorAll("[aria-label]")]
      .find((el) => el.getAttribute("aria-label") === key);
    const typed = [...root.querySelectorAll("input, textarea")].filter((el) => keyOf(el) && differs(el))
      .map((el) => [keyOf(el), isBox(el) ? el.checked : el.value]);
    const focused = document.activeElement;  // the field the leader moved to when the change was queued
    const focusKey = focused && root.contains(focused) ? keyOf(focused) : null;
    drawBadge(); drawConflicts(); drawMeeting(); drawHouseholds(); drawFestival();
    for (const [key, value] of typed) {
      const el = find(key);
      if (!el) continue;
      if (isBox(el)) el.checked = value; else el.value = value;
      // put back by the app, not typed into this element: its own change would not fire on leaving it
      el.addEventListener("blur", () => { if (differs(el)) el.dispatchEvent(new Event("change")); }, { once: true });
    }
    if (focusKey) {
      const again = find(focusKey);
      if (again && again !== document.activeElement) again.focus({ preventScroll: true });
    }
  }

  async function reload() {
    state.data = (await kvGet("data")) || null;
    state.lastSync = (await kvGet("lastSync")) || null;
    state.queue = (await queueAll()).sort((a, b) => a.seq - b.seq);
    draw();
  }

  // --- the meeting's entries -----------------------------------------------------------------------------
  function saveLine(m, line, met, reason, points) {
    const data = { criteria_met: met, reason_text: met ? "" : reason };
    if (m.scores) data.points = met ? (points ?? lineValue(m, line).points ?? "") : "";
    return queue({ id: `line:${m.id}:${line.candidacy}`, kind: "meeting.line", meeting: m.id, candidacy: line.candidacy,
      version: line.version, label: line.name, data });
  }
  async function allPass(m) {  // where the rule set scores, full marks for a line not scored yet
    for (const line of m.lines) {
      const v = lineValue(m, line);
      if (v.criteria_met !== true || (m.scores && !v.points)) await saveLine(m, line, true, "", v.points || "100");
    }
  }
  function saveFacts(m) {
    const data = {};
    for (const name of ["held_on", "place", "chair", "secretary", "invited", "present"]) {
      data[name] = document.getElementById(`f-${name}`).value;
    }
    return queue({ id: `facts:${m.id}`, kind: "meeting.facts", meeting: m.id, version: m.facts_version,
      label: "Thông tin cuộc họp", data });
  }
  function closeMeeting(m) {
    const undecided = m.lines.filter((l) => { const v = lineValue(m, l); return v.criteria_met === null || v.criteria_met === undefined; });
    if (undecided.length) { say(`Còn ${undecided.length} hộ chưa đánh giá (đầu tiên: ${undecided[0].name}).`, "warning"); return; }
    const noReason = m.lines.find((l) => { const v = lineValue(m, l); return v.criteria_met === false && !v.reason_text; });
    if (noReason) { say(`${noReason.name}: bỏ đánh dấu «đạt» thì cần ghi lý do không đạt.`, "warning"); return; }
    const noScore = m.scores && m.lines.find((l) => { const v = lineValue(m, l); return v.criteria_met === true && !v.points; });
    if (noScore) { say(`${noScore.name}: chưa chấm điểm.`, "warning"); return; }
    const people = peopleOf(m);
    const gaps = m.attendance.roles.filter((r) => r.required && !people.some((p) => p.role === r.code && p.name));
    if (gaps.length) { say(`Thành phần dự họp: chưa ghi ${gaps.map((r) => r.label).join("; ")}.`, "warning"); return; }
    return queue({ id: `close:${m.id}`, kind: "meeting.close", meeting: m.id, label: "Chốt kết quả họp bình xét", data: {} });
  }

  // --- the network -----------------------------------------------------------------------------------------
  async function fetchData() {
    const response = await fetch(root.dataset.dataUrl, { credentials: "same-origin", cache: "no-store",
      headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => ({}));
    if (response.status === 401 || response.status === 403) {
      const link = h("a", { href: root.dataset.loginUrl, text: "Đăng nhập lại" });
      const box = document.getElementById("messages");
      box.replaceChildren(h("div", { class: "alert alert-danger py-2", role: "alert", "data-testid": "refused-account" },
        `${body.error || "Không gửi được."} Các thay đổi vẫn được giữ trên máy. `, link));
      return null;
    }
    if (!response.ok || body.user === undefined) throw new Error("HTTP " + response.status);
    if (!body.group) { say(body.error, "warning"); return null; }
    await kvPut("data", body);
    await kvPut("csrf", body.csrf);
    return body;
  }

  async function refresh() {
    if (!navigator.onLine) return;
    try { await fetchData(); } catch (err) { /* keep what the phone has */ }
    await reload();
  }

  async function syncNow() {
    if (!navigator.onLine) { say("Đang mất mạng; các thay đổi vẫn được giữ trên máy và sẽ gửi khi có mạng.", "warning"); return; }
    await reload();
    let fresh;
    try { fresh = await fetchData(); } catch (err) { say("Không kết nối được máy chủ; thử lại sau.", "warning"); return; }
    if (!fresh) { await reload(); return; }
    const sendable = state.queue.filter((c) => !c.conflict);
    if (sendable.length) {
      const response = await fetch(root.dataset.syncUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": fresh.csrf },
        body: JSON.stringify({ changes: sendable.map(({ conflict, refused, ...c }) => c) }),
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) { say(`${body.error || "Máy chủ từ chối."} Các thay đổi vẫn được giữ trên máy.`, "danger"); await reload(); return; }
      for (const r of body.results) {
        const c = sendable.find((x) => x.id === r.id);
        if (!c) continue;
        if (r.status === "applied") await queueDelete(c.id);
        else if (r.status === "conflict") await queuePut({ ...c, refused: null, conflict: r });
        else await queuePut({ ...c, refused: r.message });
      }
      const applied = body.results.filter((r) => r.status === "applied").length;
      say(`Đã gửi ${applied}/${body.results.length} thay đổi.`, applied === body.results.length ? "success" : "warning");
    }
    await kvPut("lastSync", new Date().toISOString());
    try { await fetchData(); } catch (err) { /* shown next time */ }
    await reload();
  }

  // --- start ---------------------------------------------------------------------------------------------
  document.getElementById("sync-now").addEventListener("click", syncNow);
  for (const b of root.querySelectorAll("#tabs [data-tab]")) {
    b.addEventListener("click", () => {
      for (const o of root.querySelectorAll("#tabs [data-tab]")) o.classList.toggle("active", o === b);
      document.getElementById("tab-meeting").hidden = b.dataset.tab !== "meeting";
      document.getElementById("tab-households").hidden = b.dataset.tab !== "households";
      document.getElementById("tab-festival").hidden = b.dataset.tab !== "festival";
    });
  }
  document.getElementById("logout-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const form = e.target;
    const waiting = state.queue.length;
    if (waiting && !window.confirm(`Còn ${waiting} thay đổi chưa gửi sẽ bị xóa khỏi máy. Vẫn đăng xuất?`)) return;
    try { await fetchData(); } catch (err) { /* offline: the token kept from the last sync */ }
    form.action = root.dataset.logoutUrl;
    form.elements.csrfmiddlewaretoken.value = (await kvGet("csrf")) || "";
    form.submit();
  });
  window.addEventListener("online", drawBadge);
  window.addEventListener("offline", drawBadge);
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(`${root.dataset.swUrl}?u=${KEY}`, { scope: "/" }).catch(() => {});
  }
  // Another account used the app on this phone and did not sign out: its group's data is erased; only its own
  // unsent changes are kept (in its store, which this account's app never reads), until that account signs out.
  async function eraseOtherAccounts() {
    if (!indexedDB.databases) return;
    for (const { name } of await indexedDB.databases()) {
      if (!name || !name.startsWith("vanhoa-offline-") || name === DB_NAME) continue;
      const db = await new Promise((resolve, reject) => {
        const req = indexedDB.open(name);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const waiting = await new Promise((resolve) => {
        if (!db.objectStoreNames.contains("queue") || !db.objectStoreNames.contains("kv")) { resolve(0); return; }
        const t = db.transaction(["kv", "queue"], "readwrite");
        t.objectStore("kv").clear();
        const count = t.objectStore("queue").count();
        t.oncomplete = () => resolve(count.result);
        t.onerror = () => resolve(1);
      });
      db.close();
      if (!waiting) await new Promise((resolve) => {
        const req = indexedDB.deleteDatabase(name);
        req.onsuccess = req.onerror = req.onblocked = () => resolve();
      });
    }
  }

  eraseOtherAccounts().catch(() => {}).then(reload).then(() => { root.dataset.ready = "1"; }).then(refresh)
    .then(() => { root.dataset.loaded = "1"; });
  window.vanhoaOffline = { reload, syncNow, dbName: DB_NAME };
})();
