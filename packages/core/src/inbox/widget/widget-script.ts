// The embeddable chat widget served at /chat/widget.js: plain browser JavaScript (no framework, no
// build step), one file a workspace pastes on its site:
//   <script src="https://app.example.com/chat/widget.js" data-quartet-chat="wc_…" async></script>
// It draws a launcher button and a chat panel inside a shadow root (the site's CSS can't reach it),
// keeps the visitor's signed token in localStorage, talks to /chat/api/* (CORS, no cookies), long
// polls for agent replies while the page is open and reports what was shown (read receipts).
// `window.QuartetChat.open()` / `.close()` let a site open it from its own button.
// Kept as a string so the server sends exactly these bytes; written without template literals,
// backslashes or interpolation, so the string is the source as written.

const SOURCE = `(function () {
  "use strict";
  if (window.QuartetChat) return;
  var script = document.currentScript || document.querySelector("script[data-quartet-chat]");
  if (!script) return;
  var publicKey = script.getAttribute("data-quartet-chat") || "";
  var base = new URL(script.src, location.href).origin;
  var api = base + "/chat/api";
  var storeKey = "quartet-chat:" + publicKey;

  var lang = String((navigator.language || "en")).slice(0, 2).toLowerCase();
  var T = {
    en: { open: "Open chat", close: "Close chat", send: "Send", placeholder: "Write a message…",
      label: "Message", emailLabel: "Your email (to get our reply if you leave)", emailSave: "Save",
      emailSaved: "We'll reply to {email} too.", you: "You", error: "Not sent. Check your connection and try again.",
      unavailable: "Chat is unavailable right now.", unread: "new messages", sending: "Sending…" },
    fr: { open: "Ouvrir le chat", close: "Fermer le chat", send: "Envoyer", placeholder: "Écrivez un message…",
      label: "Message", emailLabel: "Votre e-mail (pour recevoir notre réponse si vous partez)", emailSave: "Enregistrer",
      emailSaved: "Nous répondrons aussi à {email}.", you: "Vous", error: "Non envoyé. Vérifiez votre connexion et réessayez.",
      unavailable: "Le chat est indisponible pour le moment.", unread: "nouveaux messages", sending: "Envoi…" },
    ar: { open: "افتح المحادثة", close: "أغلق المحادثة", send: "إرسال", placeholder: "اكتب رسالة…",
      label: "الرسالة", emailLabel: "بريدك الإلكتروني (لتصلك إجابتنا إن غادرت)", emailSave: "حفظ",
      emailSaved: "سنرد أيضًا على {email}.", you: "أنت", error: "لم تُرسل. تحقق من اتصالك وحاول مرة أخرى.",
      unavailable: "المحادثة غير متاحة حاليًا.", unread: "رسائل جديدة", sending: "جارٍ الإرسال…" }
  };
  var t = T[lang] || T.en;
  var rtl = lang === "ar";

  var state = { token: null, cursor: null, open: false, polling: false, unread: 0, seen: {}, lastAgentId: null,
    look: { name: "Chat", color: "#4f46e5", greeting: "" }, visitor: { email: null }, started: false };
  try { state.token = localStorage.getItem(storeKey); } catch (e) { state.token = null; }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "style") node.style.cssText = attrs[k];
      else node.setAttribute(k, attrs[k]);
    }
    if (children) for (var i = 0; i < children.length; i++) node.appendChild(children[i]);
    return node;
  }

  function request(method, path, body) {
    var headers = { "content-type": "application/json" };
    if (state.token) headers.authorization = "Bearer " + state.token;
    return fetch(api + path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined,
      credentials: "omit", mode: "cors" }).then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (data) {
          if (!res.ok) { var err = new Error((data.error && data.error.message) || "HTTP " + res.status); err.status = res.status; throw err; }
          return data;
        });
      });
  }

  function keep(token) { state.token = token; try { localStorage.setItem(storeKey, token); } catch (e) {} }

  // ── DOM ──
  var host = el("div", { "data-quartet-chat-host": "" });
  var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
  var css = ":host{all:initial}" +
    "*{box-sizing:border-box;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}" +
    ".launcher{position:fixed;bottom:20px;" + (rtl ? "left" : "right") + ":20px;width:56px;height:56px;border-radius:50%;border:0;color:#fff;cursor:pointer;box-shadow:0 6px 20px rgba(0,0,0,.25);z-index:2147483000;display:flex;align-items:center;justify-content:center}" +
    ".launcher:focus-visible,.panel button:focus-visible,.panel textarea:focus-visible,.panel input:focus-visible{outline:3px solid #111;outline-offset:2px}" +
    ".badge{position:absolute;top:-4px;" + (rtl ? "left" : "right") + ":-4px;min-width:20px;height:20px;border-radius:10px;background:#dc2626;color:#fff;font-size:12px;line-height:20px;padding:0 6px;text-align:center}" +
    ".panel{position:fixed;bottom:88px;" + (rtl ? "left" : "right") + ":20px;width:360px;max-width:calc(100vw - 24px);height:520px;max-height:calc(100vh - 110px);background:#fff;color:#111;border-radius:14px;box-shadow:0 12px 40px rgba(0,0,0,.25);display:flex;flex-direction:column;overflow:hidden;z-index:2147483000}" +
    ".panel[hidden]{display:none}" +
    ".head{color:#fff;padding:14px 16px;display:flex;align-items:center;justify-content:space-between;font-weight:600;font-size:16px}" +
    ".head button{background:transparent;border:0;color:#fff;font-size:22px;cursor:pointer;line-height:1;padding:2px 6px}" +
    ".list{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;background:#f8fafc}" +
    ".msg{max-width:80%;padding:8px 12px;border-radius:14px;font-size:14px;line-height:1.4;white-space:pre-wrap;word-wrap:break-word}" +
    ".msg.agent{align-self:flex-start;background:#fff;border:1px solid #e2e8f0}" +
    ".msg.visitor{align-self:flex-end;color:#fff}" +
    ".who{display:block;font-size:11px;opacity:.75;margin-bottom:2px}" +
    ".email{padding:8px 12px;border-top:1px solid #e2e8f0;font-size:12px;color:#334155}" +
    ".email form{display:flex;gap:6px;margin-top:4px}" +
    ".email input{flex:1;min-width:0;border:1px solid #94a3b8;border-radius:8px;padding:6px 8px;font-size:13px}" +
    ".email button,.compose button{border:0;border-radius:8px;color:#fff;padding:6px 12px;font-size:13px;cursor:pointer}" +
    ".compose{display:flex;gap:8px;padding:10px;border-top:1px solid #e2e8f0;align-items:flex-end}" +
    ".compose textarea{flex:1;resize:none;border:1px solid #94a3b8;border-radius:10px;padding:8px;font-size:14px;min-height:40px;max-height:120px}" +
    ".error{color:#b91c1c;font-size:12px;padding:0 12px 6px}" +
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}";
  root.appendChild(el("style", { text: css }));

  var badge = el("span", { class: "badge", hidden: "" });
  var launcher = el("button", { class: "launcher", type: "button", "aria-label": t.open, "aria-expanded": "false",
    "data-quartet-chat-launcher": "" });
  launcher.innerHTML = '<svg width="26" height="26" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z"/></svg>';
  launcher.appendChild(badge);

  var title = el("span", { id: "qc-title" });
  var closeBtn = el("button", { type: "button", "aria-label": t.close, text: "×" });
  var head = el("div", { class: "head" }, [title, closeBtn]);
  var list = el("div", { class: "list", role: "log", "aria-live": "polite", "aria-labelledby": "qc-title" });
  var emailInput = el("input", { type: "email", id: "qc-email", autocomplete: "email", required: "" });
  var emailForm = el("form", {}, [emailInput, el("button", { type: "submit", text: t.emailSave })]);
  var emailBox = el("div", { class: "email" }, [el("label", { for: "qc-email", text: t.emailLabel }), emailForm]);
  var errorLine = el("div", { class: "error", role: "alert" });
  var textarea = el("textarea", { id: "qc-text", rows: "1", placeholder: t.placeholder, "aria-label": t.label, maxlength: "4000" });
  var sendBtn = el("button", { type: "submit", text: t.send });
  var compose = el("form", { class: "compose" }, [textarea, sendBtn]);
  var panel = el("div", { class: "panel", role: "dialog", "aria-labelledby": "qc-title", hidden: "", dir: rtl ? "rtl" : "ltr",
    lang: T[lang] ? lang : "en", "data-quartet-chat-panel": "" }, [head, list, emailBox, errorLine, compose]);
  root.appendChild(launcher);
  root.appendChild(panel);

  function paint() {
    var c = state.look.color;
    launcher.style.background = c; head.style.background = c; sendBtn.style.background = c;
    emailForm.lastChild.style.background = c;
    title.textContent = state.look.name;
    var bubbles = list.querySelectorAll(".msg.visitor");
    for (var i = 0; i < bubbles.length; i++) bubbles[i].style.background = c;
  }

  function bubble(m) {
    if (m.id && state.seen[m.id]) return;
    if (m.id) state.seen[m.id] = true;
    var node = el("div", { class: "msg " + m.from, "data-message-id": m.id || "" });
    if (m.from === "agent" && m.agentName) node.appendChild(el("span", { class: "who", text: m.agentName }));
    if (m.from === "visitor") node.appendChild(el("span", { class: "sr", text: t.you + ": " }));
    node.appendChild(document.createTextNode(m.text));
    if (m.from === "visitor") node.style.background = state.look.color;
    list.appendChild(node);
    list.scrollTop = list.scrollHeight;
    if (m.from === "agent" && m.id) {
      state.lastAgentId = m.id;
      if (!state.open) { state.unread++; showBadge(); }
    }
    return node;
  }

  function showBadge() {
    if (state.unread > 0) { badge.hidden = false; badge.textContent = String(state.unread);
      launcher.setAttribute("aria-label", t.open + " (" + state.unread + " " + t.unread + ")"); }
    else { badge.hidden = true; launcher.setAttribute("aria-label", t.open); }
  }

  function markRead() {
    if (!state.open || !state.lastAgentId || state.readUpTo === state.lastAgentId) return;
    state.readUpTo = state.lastAgentId;
    request("POST", "/read", { publicKey: publicKey, upTo: state.lastAgentId }).catch(function () {});
  }

  function showEmail() {
    if (state.visitor.email) {
      emailBox.textContent = t.emailSaved.replace("{email}", state.visitor.email);
    }
  }

  function poll() {
    if (state.polling || !state.token) return;
    state.polling = true;
    var q = "?publicKey=" + encodeURIComponent(publicKey) + "&wait=25" + (state.cursor ? "&after=" + encodeURIComponent(state.cursor) : "");
    request("GET", "/messages" + q).then(function (data) {
      state.polling = false;
      if (data.cursor) state.cursor = data.cursor;
      (data.messages || []).forEach(bubble);
      markRead();
      poll();
    }, function (err) {
      state.polling = false;
      // Back off on errors (offline, rate limited); a bad token ends the loop.
      if (err.status !== 401 && err.status !== 404) setTimeout(poll, err.status === 429 ? 30000 : 5000);
    });
  }

  function start() {
    return request("POST", "/session", { publicKey: publicKey, visitorToken: state.token, pageUrl: location.href })
      .then(function (data) {
        keep(data.visitorToken);
        state.look = data.widget; state.visitor = data.visitor; state.cursor = data.cursor; state.started = true;
        list.textContent = "";
        if (state.look.greeting) bubble({ id: "", from: "agent", text: state.look.greeting, agentName: null });
        (data.messages || []).forEach(function (m) { bubble(m); });
        state.unread = 0; showBadge();
        paint(); showEmail();
        document.body.appendChild(host);
        if (data.messages && data.messages.length) poll();
      });
  }

  function setOpen(open) {
    state.open = open;
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) { state.unread = 0; showBadge(); markRead(); textarea.focus(); }
    else launcher.focus();
  }

  launcher.addEventListener("click", function () { setOpen(!state.open); });
  closeBtn.addEventListener("click", function () { setOpen(false); });
  panel.addEventListener("keydown", function (e) { if (e.key === "Escape") setOpen(false); });
  textarea.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); compose.requestSubmit ? compose.requestSubmit() : send(); }
  });

  var counter = 0;
  function clientId() {
    counter++;
    var rand = Math.random().toString(36).slice(2, 10);
    return "c" + Date.now().toString(36) + counter.toString(36) + rand;
  }

  function send(e) {
    if (e) e.preventDefault();
    var text = textarea.value.trim();
    if (!text || sendBtn.disabled) return;
    sendBtn.disabled = true; errorLine.textContent = "";
    var id = clientId();
    request("POST", "/messages", { publicKey: publicKey, text: text, clientMessageId: id, pageUrl: location.href })
      .then(function (m) {
        textarea.value = "";
        bubble(m);
        poll();
      }, function (err) {
        errorLine.textContent = err.status === 400 ? err.message : t.error;
      })
      .then(function () { sendBtn.disabled = false; textarea.focus(); });
  }
  compose.addEventListener("submit", send);

  emailForm.addEventListener("submit", function (e) {
    e.preventDefault();
    var email = emailInput.value.trim();
    if (!email) return;
    request("POST", "/identify", { publicKey: publicKey, email: email }).then(function (data) {
      keep(data.visitorToken); state.visitor = data.visitor; showEmail();
    }, function (err) { errorLine.textContent = err.message; });
  });

  window.QuartetChat = {
    open: function () { setOpen(true); },
    close: function () { setOpen(false); }
  };

  function boot() {
    start().catch(function (err) {
      if (err.status === 401) { state.token = null; try { localStorage.removeItem(storeKey); } catch (e) {} return start(); }
    }).catch(function () {});
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
`;

/** The widget's JavaScript, as served. */
export const WIDGET_SCRIPT: string = SOURCE;
