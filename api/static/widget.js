/*
 * Hartlepool community help assistant: the residents' chat widget.
 *
 * One tag adds it to any page:
 *   <script src="https://<assistant host>/static/widget.js" defer></script>
 * It defines <hartlepool-assistant>, adds one to the page (floating) if the page has
 * none, loads widget.css from beside this file and talks to <assistant host>/api/chat.
 *
 * Attributes: mode ("floating", the default, or "inline"), endpoint, csrf-token,
 * storage-key. Events, bubbling from the element: "assistant-services" with
 * detail {services: [cards]} whenever a reply carries service cards, and
 * "assistant-reset" when the resident starts again.
 *
 * Everything the server sends is shown as text: nothing is ever parsed as HTML.
 * No framework and no build step; light DOM, and every class starts with "ha-".
 */
"use strict";

(function () {
  const TAG = "hartlepool-assistant";
  if (!window.customElements || window.customElements.get(TAG)) return;

  // document.currentScript is only set while this file first runs, so keep it now.
  const SCRIPT_URL = new URL(
    (document.currentScript && document.currentScript.src) || "/static/widget.js",
    window.location.href
  );
  const STYLESHEET_URL = new URL("widget.css", SCRIPT_URL).href;
  const DEFAULT_ENDPOINT = new URL("/api/chat", SCRIPT_URL).href;
  const DEFAULT_STORAGE_KEY = "hartlepool-assistant";

  // Intents the bot understands (bot/domain/basics.yml), sent as payloads.
  const START_AGAIN = "/start_again";
  const TALK_TO_A_PERSON = "/human_handoff";
  const SHOW_TOPICS = "/show_topics";

  // From knowledge/taxonomy/council.yml: shown when the assistant cannot answer.
  const COUNCIL_NAME = "Hartlepool Borough Council";
  const COUNCIL_PHONE = "01429 266522";

  const PRIVACY_NOTE =
    "Please do not type your name, address or other personal details. " +
    "We keep no record of who you are: only counts of what people ask about.";
  const NOT_WORKING =
    "Sorry, the assistant is not working properly right now. " +
    "Please try again in a few minutes, or call us.";

  // Must match the full-screen @media rule in widget.css.
  const FULL_SCREEN = "(max-width: 40em), (max-height: 30em)";
  const MAX_STORED_ENTRIES = 150;
  const REPLY_TIMEOUT_MS = 30000;

  let widgetCount = 0;

  /* ---- Small DOM helpers: text only, never HTML ---- */

  function make(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function makeButton(className, text) {
    const node = make("button", "ha-button " + className, text);
    node.type = "button";
    return node;
  }

  /** A paragraph from a mix of strings (added as text) and nodes. */
  function paragraph(className, parts) {
    const node = make("p", className);
    parts.forEach(function (part) {
      if (part === null || part === undefined || part === "") return;
      node.appendChild(part instanceof Node ? part : document.createTextNode(String(part)));
    });
    return node;
  }

  function hiddenText(text) {
    return make("span", "ha-visually-hidden", text);
  }

  function phoneLink(number, text) {
    const link = make("a", "ha-link", text || number);
    link.href = "tel:" + String(number).replace(/[^\d+]/g, "");
    return link;
  }

  /** The address if it is a web page (http or https), otherwise null. */
  function webAddress(value) {
    try {
      const url = new URL(String(value));
      return url.protocol === "https:" || url.protocol === "http:" ? url : null;
    } catch (error) {
      return null;
    }
  }

  // Web addresses and UK phone numbers in the assistant's words become links.
  const LINKABLE = /(https?:\/\/[^\s]+[^\s.,;:)]|\b0\d{3,4}[ ]?\d{3}[ ]?\d{3,4}\b|\b999\b)/g;

  /** Text with its addresses and phone numbers as links; everything else stays text. */
  function linkedText(text) {
    return String(text).split(LINKABLE).map(function (part, index) {
      if (index % 2 === 0) return part;
      if (/^https?:/.test(part)) {
        const url = webAddress(part);
        if (!url) return part;
        const link = make("a", "ha-link", part);
        link.href = url.href;  // same tab: the conversation is still here on return
        return link;
      }
      return phoneLink(part);
    });
  }

  function callItem(number, linkText, after) {
    const item = make("li", "ha-call");
    item.append(phoneLink(number, linkText), after || "");
    return item;
  }

  function list(className, items) {
    const node = make("ul", className);
    items.forEach(function (item) {
      node.appendChild(item);
    });
    return node;
  }

  /* ---- The transcript, kept as data in sessionStorage ---- */

  function readState(key) {
    const fresh = { sessionId: null, entries: [], open: false };
    try {
      const saved = JSON.parse(window.sessionStorage.getItem(key) || "null");
      if (!saved || typeof saved !== "object") return fresh;
      return {
        sessionId: typeof saved.sessionId === "string" ? saved.sessionId : null,
        entries: Array.isArray(saved.entries) ? saved.entries.filter(isEntry) : [],
        open: saved.open === true,
      };
    } catch (error) {
      return fresh; // storage blocked or unreadable: start afresh
    }
  }

  function isEntry(entry) {
    if (!entry || typeof entry !== "object") return false;
    return entry.kind === "services" ? Array.isArray(entry.services) : typeof entry.kind === "string";
  }

  function writeState(key, state) {
    try {
      window.sessionStorage.setItem(key, JSON.stringify(state));
    } catch (error) {
      // Storage full or blocked: the conversation still works, it just won't survive a reload.
    }
  }

  /** What one reply from /api/chat adds to the transcript. */
  function replyEntries(body) {
    const entries = body.replies.map(function (reply, index) {
      const buttons = Array.isArray(reply.buttons) ? reply.buttons : [];
      return {
        kind: "reply",
        text: String(reply.text || ""),
        buttons: buttons.map(function (button) {
          return { title: String(button.title), payload: String(button.payload) };
        }),
        crisis: body.crisis === true && index === 0,
      };
    });
    const services = Array.isArray(body.services)
      ? body.services.filter(function (card) { return card && typeof card === "object"; })
      : [];
    if (services.length) {
      // Cards follow the words that introduce them, before any closing question
      // with buttons (such as the offer of an entitlements check).
      const last = entries.length - 1;
      const at = last > 0 && entries[last].buttons.length ? last : entries.length;
      entries.splice(at, 0, { kind: "services", services: services });
    }
    if (body.degraded === true) entries.push({ kind: "trouble" });
    return entries;
  }

  /* ---- Rendering one transcript entry ---- */

  function renderEntry(entry) {
    switch (entry.kind) {
      case "resident": return renderResident(entry);
      case "reply": return entry.crisis ? renderCrisis(entry) : renderReply(entry);
      case "services": return renderServices(entry.services);
      case "trouble": return renderTrouble(entry);
      case "problem": return renderProblem(entry);
      default: return null;
    }
  }

  function renderResident(entry) {
    const node = make("div", "ha-message ha-message--resident");
    node.appendChild(paragraph("ha-bubble", [hiddenText("You said: "), entry.text]));
    return node;
  }

  function renderReply(entry) {
    const node = make("div", "ha-message ha-message--assistant");
    const words = [hiddenText("Assistant: ")].concat(linkedText(entry.text));
    node.appendChild(paragraph("ha-bubble", words));
    if (Array.isArray(entry.buttons) && entry.buttons.length) {
      node.appendChild(renderChoices(entry.buttons));
    }
    return node;
  }

  function renderChoices(buttons) {
    const group = make("div", "ha-choices");
    buttons.forEach(function (button) {
      group.appendChild(makeChoice(button.title, button.payload));
    });
    return group;
  }

  /** A quick reply: sends its payload, shows its title as the resident's message. */
  function makeChoice(title, payload) {
    const choice = makeButton("ha-button--secondary ha-choice ha-sends", title);
    choice.dataset.payload = payload;
    return choice;
  }

  function renderCrisis(entry) {
    const box = make("div", "ha-crisis");
    box.appendChild(make("h3", "ha-crisis__title", "Get help now"));
    box.appendChild(list("ha-calls", [
      callItem("999", "Call 999", " if you or someone else is in danger now"),
      callItem("116123", "Call Samaritans free on 116 123", ", any time"),
    ]));
    box.appendChild(paragraph("ha-text", [entry.text]));
    box.appendChild(list("ha-calls", [
      callItem("111", "Call NHS 111", " and choose the mental health option (usually option 2)"),
    ]));
    return box;
  }

  function renderTrouble(entry) {
    const box = make("div", "ha-notice");
    box.appendChild(paragraph("ha-text", [entry.text || "You can still get help:"]));
    box.appendChild(list("ha-calls", [
      callItem(COUNCIL_PHONE, "Call " + COUNCIL_NAME + " on " + COUNCIL_PHONE),
      callItem("999", "Call 999", " in an emergency"),
    ]));
    return box;
  }

  function renderProblem(entry) {
    return paragraph("ha-problem", [hiddenText("Error: "), entry.text]);
  }

  function renderServices(cards) {
    const usable = cards.filter(function (card) { return card && typeof card === "object"; });
    return list("ha-cards", usable.map(renderCard));
  }

  function renderCard(card) {
    const node = make("li", "ha-card");
    node.appendChild(make("h3", "ha-card__name", card.name || "Service"));
    if (card.provider && card.provider !== card.name) {
      node.appendChild(make("p", "ha-card__provider", "Run by " + card.provider));
    }
    const tag = openTag(card.open_now);
    if (tag || card.opening_today) {
      node.appendChild(paragraph("ha-card__today", [tag, tag && card.opening_today ? " " : "",
        card.opening_today]));
    }
    if (card.summary) node.appendChild(paragraph("ha-card__summary", [card.summary]));
    if (card.phone) {
      const about = card.phone_description ? " (" + card.phone_description + ")" : "";
      node.appendChild(detail("Phone", [phoneLink(card.phone), about]));
    }
    const website = webAddress(card.url);
    if (website) node.appendChild(detail("Website", [websiteLink(website)]));
    if (card.address) node.appendChild(detail("Address", [card.address]));
    appendWhatToBring(node, card.what_to_bring);
    appendOpeningTimes(node, card.opening_times);
    if (typeof card.checked === "string" && card.checked) {
      node.appendChild(make("p", "ha-card__provider ha-card__checked", card.checked));
    }
    if (card.verified === false) {
      node.appendChild(make("p", "ha-card__unverified",
        "The council is still checking these details. Call before you go."));
    } else if (card.check_before_you_go === true) {
      node.appendChild(make("p", "ha-card__unverified",
        "These details may have changed since then. Check before you go."));
    }
    return node;
  }

  function openTag(openNow) {
    if (openNow === true) return make("strong", "ha-tag ha-tag--open", "Open now");
    if (openNow === false) return make("strong", "ha-tag ha-tag--closed", "Closed now");
    return null;
  }

  function detail(label, parts) {
    return paragraph("ha-card__detail", [make("span", "ha-label", label + ": ")].concat(parts));
  }

  /** Opens in a new tab, so the conversation stays open in this one. */
  function websiteLink(url) {
    const shown = (url.host + url.pathname).replace(/\/$/, "");
    const link = make("a", "ha-link", shown + " (opens in new tab)");
    link.href = url.href;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    return link;
  }

  function appendWhatToBring(node, things) {
    if (!Array.isArray(things) || !things.length) return;
    node.appendChild(make("p", "ha-card__detail ha-label", "What to bring:"));
    node.appendChild(list("ha-list", things.map(function (thing) {
      return make("li", "", thing);
    })));
  }

  function appendOpeningTimes(node, times) {
    const rows = Array.isArray(times) ? times : times ? [times] : [];
    if (!rows.length) return;
    const more = make("details", "ha-details");
    more.appendChild(make("summary", "ha-details__summary", "All opening times"));
    more.appendChild(list("ha-list", rows.map(function (row) {
      return make("li", "", row);
    })));
    node.appendChild(more);
  }

  /* ---- The widget's parts ---- */

  function buildParts(floating, number) {
    const id = "ha-" + number + "-";
    const parts = {};
    if (floating) {
      parts.launcher = makeButton("ha-launcher", "Get help");
      parts.launcher.setAttribute("aria-expanded", "false");
      parts.launcher.setAttribute("aria-controls", id + "panel");
    }
    parts.panel = make("div", "ha-panel");
    parts.panel.id = id + "panel";
    parts.panel.setAttribute("role", floating ? "dialog" : "region");
    if (floating) parts.panel.setAttribute("aria-modal", "false");
    parts.panel.setAttribute("aria-labelledby", id + "title");
    parts.panel.append(buildHeader(parts, floating, id), buildControls(parts),
      buildLog(parts), buildStatus(parts), buildComposer(parts, id));
    return parts;
  }

  function buildHeader(parts, floating, id) {
    const header = make("div", "ha-header");
    const title = make("h2", "ha-title", "Get help in Hartlepool");
    title.id = id + "title";
    header.appendChild(title);
    if (floating) {
      parts.close = makeButton("ha-close", "Close");
      header.appendChild(parts.close);
    }
    return header;
  }

  function buildControls(parts) {
    const controls = make("div", "ha-controls");
    parts.startAgain = makeButton("ha-button--secondary ha-sends", "Start again");
    parts.person = makeButton("ha-button--secondary ha-sends", "Talk to a person");
    controls.append(parts.startAgain, parts.person);
    return controls;
  }

  function buildLog(parts) {
    parts.log = make("div", "ha-log");
    parts.log.setAttribute("role", "log");
    parts.log.setAttribute("aria-live", "polite");
    parts.log.setAttribute("aria-label", "Conversation");
    parts.log.tabIndex = 0; // it scrolls, so keyboard users can scroll it too
    const intro = make("div", "ha-intro");
    intro.appendChild(make("p", "ha-text",
      "I am a computer assistant, not a person. Tell me what you need help with, " +
      "in your own words. For example, \u201chelp paying my rent\u201d or \u201cI need food\u201d."));
    intro.appendChild(make("div", "ha-choices")).appendChild(
      makeChoice("See what I can help with", SHOW_TOPICS));
    intro.appendChild(make("p", "ha-privacy", PRIVACY_NOTE));
    parts.messages = make("div", "ha-messages");
    parts.log.append(intro, parts.messages);
    return parts.log;
  }

  function buildStatus(parts) {
    parts.status = make("p", "ha-status");
    parts.status.setAttribute("role", "status");
    return parts.status;
  }

  function buildComposer(parts, id) {
    const composer = make("div", "ha-composer");
    const label = make("label", "ha-input-label", "Type what you need help with");
    label.htmlFor = id + "input";
    parts.error = make("p", "ha-error");
    parts.error.id = id + "error";
    parts.error.setAttribute("role", "alert");
    parts.input = make("input", "ha-input");
    Object.assign(parts.input, { id: id + "input", type: "text", maxLength: 1000,
      autocomplete: "off", enterKeyHint: "send" });
    parts.send = makeButton("ha-send ha-sends", "Send");
    const row = make("div", "ha-row");
    row.append(parts.input, parts.send);
    composer.append(label, parts.error, row);
    return composer;
  }

  /* ---- The stylesheet, loaded once from beside this script ---- */

  function loadStyles() {
    return new Promise(function (resolve) {
      const links = Array.from(document.querySelectorAll('link[rel~="stylesheet"]'));
      const found = links.find(function (link) { return link.href === STYLESHEET_URL; });
      if (found && found.sheet) return resolve();
      const link = found || make("link");
      link.addEventListener("load", resolve, { once: true });
      link.addEventListener("error", resolve, { once: true }); // show it unstyled, not never
      window.setTimeout(resolve, 3000);
      if (!found) {
        link.rel = "stylesheet";
        link.href = STYLESHEET_URL;
        document.head.appendChild(link);
      }
    });
  }

  const stylesReady = loadStyles();

  /* ---- The element ---- */

  class HartlepoolAssistant extends HTMLElement {
    connectedCallback() {
      if (this.parts) return; // moved within the page: already built
      this.hidden = true; // until its styles arrive, so it never flashes unstyled
      stylesReady.then(() => { this.hidden = false; });
      this.floating = this.getAttribute("mode") !== "inline";
      this.storageKey = this.getAttribute("storage-key") || DEFAULT_STORAGE_KEY;
      this.state = readState(this.storageKey);
      this.busy = false;
      this.parts = buildParts(this.floating, ++widgetCount);
      this.classList.add("ha-root", this.floating ? "ha-floating" : "ha-inline");
      // Floating at the end of the page, it is a landmark of its own.
      if (this.floating && this.parentElement === document.body && !this.hasAttribute("role")) {
        this.setAttribute("role", "complementary");
        this.setAttribute("aria-label", "Help assistant");
      }
      // Rendered before the log joins the page, so screen readers do not re-read it.
      this.state.entries.forEach((entry) => this.appendGroup([entry]));
      this.listen();
      if (this.parts.launcher) this.append(this.parts.launcher);
      this.append(this.parts.panel);
      this.setOpen(!this.floating || this.state.open);
      this.replayServices();
    }

    listen() {
      const parts = this.parts;
      parts.startAgain.addEventListener("click", () => this.startAgain());
      parts.person.addEventListener("click", () => this.send(TALK_TO_A_PERSON, "Talk to a person"));
      parts.send.addEventListener("click", () => this.sendTyped());
      parts.input.addEventListener("keydown", (event) => {
        if (event.key !== "Enter" || event.isComposing) return;
        event.preventDefault();
        this.sendTyped();
      });
      parts.input.addEventListener("input", () => this.showError(""));
      parts.log.addEventListener("click", (event) => {
        const choice = event.target.closest && event.target.closest(".ha-choice");
        if (choice) this.send(choice.dataset.payload, choice.textContent);
      });
      if (this.floating) this.listenAsFloating();
    }

    listenAsFloating() {
      const parts = this.parts;
      parts.launcher.addEventListener("click", () => this.open());
      parts.close.addEventListener("click", () => this.close(true));
      parts.panel.addEventListener("keydown", (event) => {
        if (event.key !== "Escape") return;
        event.stopPropagation();
        this.close(true);
      });
      // Escape closes it from anywhere, so it never hides what has focus on the page.
      document.addEventListener("keydown", (event) => {
        if (event.key === "Escape" && this.isOpen() && !this.contains(document.activeElement)) {
          this.close(false);
        }
      });
      // Full screen, the panel covers the page: moving focus out of it closes it.
      document.addEventListener("focusin", (event) => {
        if (this.isOpen() && !this.contains(event.target) && window.matchMedia(FULL_SCREEN).matches) {
          this.close(false);
        }
      });
    }

    /* Opening and closing (floating mode only; closing ends nothing). */

    isOpen() {
      return !this.parts.panel.hidden;
    }

    open() {
      this.setOpen(true);
      this.parts.input.focus();
      this.parts.log.scrollTop = this.parts.log.scrollHeight;
    }

    close(returnFocus) {
      if (!this.floating) return;
      this.setOpen(false);
      if (returnFocus) this.parts.launcher.focus();
    }

    setOpen(open) {
      if (!this.floating) return;
      this.parts.panel.hidden = !open;
      this.parts.launcher.hidden = open;
      this.parts.launcher.setAttribute("aria-expanded", String(open));
      this.state.open = open;
      this.save();
    }

    /* Talking to the assistant. */

    sendTyped() {
      const text = this.parts.input.value.trim();
      if (!text) {
        this.showError("Type what you need help with, then select Send.");
        this.parts.input.focus();
        return;
      }
      if (this.busy) return;
      this.parts.input.value = "";
      this.send(text);
    }

    /** Sends a message or payload; shownAs is the resident's words (null: show nothing). */
    async send(message, shownAs) {
      if (this.busy || !message) return;
      this.showError("");
      this.setBusy(true);
      if (shownAs !== null) this.record([{ kind: "resident", text: shownAs || message }]);
      const entries = await this.ask(message);
      this.setBusy(false);
      this.record(entries);
      entries.forEach((entry) => {
        if (entry.kind === "services") this.announceServices(entry.services, false);
      });
    }

    async ask(message) {
      const controller = new AbortController();
      const timer = window.setTimeout(() => controller.abort(), REPLY_TIMEOUT_MS);
      try {
        const response = await fetch(this.getAttribute("endpoint") || DEFAULT_ENDPOINT, {
          method: "POST",
          headers: this.headers(),
          credentials: "same-origin",
          signal: controller.signal,
          body: JSON.stringify({ message: message, session_id: this.state.sessionId }),
        });
        const body = await response.json().catch(() => null);
        // A message it cannot take, or sent too quickly: say why, kindly.
        const explained = response.status === 422 || response.status === 429;
        if (explained && body && typeof body.detail === "string") {
          return [{ kind: "problem", text: body.detail }];
        }
        if (!response.ok || !body || !Array.isArray(body.replies)) {
          return [{ kind: "trouble", text: NOT_WORKING }];
        }
        if (typeof body.session_id === "string") this.state.sessionId = body.session_id;
        return replyEntries(body);
      } catch (error) {
        return [{ kind: "trouble", text: NOT_WORKING }]; // offline, refused or too slow
      } finally {
        window.clearTimeout(timer);
      }
    }

    headers() {
      const headers = { "Content-Type": "application/json" };
      const token = this.getAttribute("csrf-token");
      if (token) headers["X-CSRF-Token"] = token;
      return headers;
    }

    startAgain() {
      if (this.busy) return;
      this.state.entries = [];
      this.parts.messages.textContent = "";
      this.save();
      this.dispatchEvent(new CustomEvent("assistant-reset", { bubbles: true }));
      this.send(START_AGAIN, null);
    }

    /** Adds entries to the transcript, the page and storage. */
    record(entries) {
      this.state.entries = this.state.entries.concat(entries).slice(-MAX_STORED_ENTRIES);
      this.save();
      const group = this.appendGroup(entries);
      // Show the start of it, and the resident's own words just above a reply.
      const replying = entries.length && entries[0].kind !== "resident";
      const top = (replying && group.previousElementSibling) || group;
      this.parts.log.scrollTop = Math.max(0, top.offsetTop - 8);
    }

    /** One group per turn, so a reply is announced once, as a whole. */
    appendGroup(entries) {
      const group = make("div", "ha-turn");
      entries.forEach((entry) => {
        const node = renderEntry(entry);
        if (node) group.appendChild(node);
      });
      this.parts.messages.appendChild(group);
      return group;
    }

    save() {
      writeState(this.storageKey, this.state);
    }

    setBusy(busy) {
      this.busy = busy;
      this.parts.status.textContent = busy ? "Thinking\u2026" : "";
      this.parts.panel.querySelectorAll(".ha-sends").forEach((button) => {
        if (busy) button.setAttribute("aria-disabled", "true");
        else button.removeAttribute("aria-disabled");
      });
    }

    showError(text) {
      const { error, input } = this.parts;
      error.textContent = "";
      if (text) error.append(hiddenText("Error: "), text);
      input.classList.toggle("ha-input--error", Boolean(text));
      if (text) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", error.id);
      } else {
        input.removeAttribute("aria-invalid");
        input.removeAttribute("aria-describedby");
      }
    }

    announceServices(services, restored) {
      this.dispatchEvent(new CustomEvent("assistant-services", {
        bubbles: true,
        detail: { services: services, restored: restored },
      }));
    }

    /** After a reload, tells the host page about the cards already shown. */
    replayServices() {
      const shown = this.state.entries.filter((entry) => entry.kind === "services");
      if (!shown.length) return;
      const replay = () => shown.forEach((entry) => this.announceServices(entry.services, true));
      if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", replay, { once: true });
      } else {
        window.setTimeout(replay, 0);
      }
    }
  }

  /** Adds a floating assistant to the page, unless the page has placed one itself. */
  function mount() {
    if (document.querySelector(TAG)) return;
    const widget = document.createElement(TAG);
    widget.setAttribute("mode", "floating");
    document.body.appendChild(widget);
  }

  window.customElements.define(TAG, HartlepoolAssistant);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount, { once: true });
  } else {
    mount();
  }
})();
