// The hub staff console: a knowledge search, and a printable summary for the visitor built
// from the assistant's service cards and the search's. Every card field goes into the page
// as text (never HTML), and the summary never leaves this browser tab.
"use strict";

(function () {
  const SUMMARY_KEY = "hartlepool-staff-summary";
  const WIDGET_KEY = "hartlepool-staff-console";
  const DAYS = {
    MO: "Monday", TU: "Tuesday", WE: "Wednesday", TH: "Thursday",
    FR: "Friday", SA: "Saturday", SU: "Sunday",
  };
  // Only what the summary shows is kept, so nothing else from a reply lingers in the tab.
  const FIELDS = [
    "id", "hub", "name", "summary", "phone", "phone_description", "url", "address",
    "opening_today", "hours_by_day", "what_to_bring", "verified", "checked", "check_before_you_go",
  ];

  // The hub picker: move focus to the error summary, as GOV.UK pages do.
  const pickerError = document.getElementById("error-summary");
  if (pickerError) pickerError.focus();

  const announcer = document.getElementById("announcer");
  const summaryList = document.getElementById("summary-list");
  if (!announcer || !summaryList) return; // not the console page

  const searchForm = document.getElementById("search-form");
  const searchError = document.getElementById("search-error");
  const searchErrorText = document.getElementById("search-error-text");
  const results = document.getElementById("search-results");
  const resultsList = document.getElementById("results-list");
  const resultsNotes = document.getElementById("results-notes");
  const summaryEmpty = document.getElementById("summary-empty");
  const summaryHeading = document.getElementById("summary-heading");
  const printDate = document.getElementById("print-date");
  let summary = load();
  let searching = false;

  // --- small helpers -----------------------------------------------------------------------

  function announce(text) {
    // Emptied first, so the same words twice in a row are read out twice.
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function link(href, text) {
    const anchor = element("a", "", text);
    anchor.href = href;
    return anchor;
  }

  function webAddress(url) {
    if (typeof url !== "string") return null;
    try {
      const parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (error) {
      return null;
    }
  }

  function plural(count, word) {
    return count + " " + word + (count === 1 ? "" : "s");
  }

  function keyOf(card) {
    return card.hub ? card.id + "@" + card.hub : card.id;
  }

  function clean(card) {
    if (!card || typeof card !== "object") return null;
    if (typeof card.id !== "string" || typeof card.name !== "string") return null;
    const kept = {};
    FIELDS.forEach(function (field) { if (field in card) kept[field] = card[field]; });
    return kept;
  }

  // --- cards -------------------------------------------------------------------------------

  function detail(list, label, content) {
    if (content === null || content === undefined || content === "") return;
    list.appendChild(element("dt", "", label));
    const value = element("dd");
    value.appendChild(typeof content === "string" ? document.createTextNode(content) : content);
    list.appendChild(value);
  }

  function phoneLine(card) {
    if (typeof card.phone !== "string" || !card.phone) return null;
    const line = element("span");
    line.appendChild(link("tel:" + card.phone.replace(/\s+/g, ""), card.phone));
    if (card.phone_description) line.appendChild(document.createTextNode(" (" + card.phone_description + ")"));
    return line;
  }

  function hoursList(hours) {
    if (!hours || typeof hours !== "object") return null;
    const days = Object.keys(DAYS).filter(function (day) { return typeof hours[day] === "string"; });
    if (!days.length) return null;
    const list = element("ul", "plain-list");
    days.forEach(function (day) { list.appendChild(element("li", "", DAYS[day] + ": " + hours[day])); });
    return list;
  }

  function bringList(items) {
    if (!Array.isArray(items) || !items.length) return null;
    const list = element("ul", "bullet-list");
    items.forEach(function (item) { list.appendChild(element("li", "", item)); });
    return list;
  }

  function websiteLink(card) {
    const href = webAddress(card.url);
    return href ? link(href, card.url) : null;
  }

  function cardDetails(card, full) {
    const list = element("dl", "card-details");
    detail(list, "Phone", phoneLine(card));
    detail(list, "Address", card.address);
    detail(list, "Today", card.opening_today);
    if (full) {
      detail(list, "Opening hours", hoursList(card.hours_by_day));
      detail(list, "What to bring", bringList(card.what_to_bring));
    }
    detail(list, "Website", websiteLink(card));
    return list;
  }

  // When the details were last checked ("Checked March 2026"), and a note to check first
  // when the council has not confirmed them or they were checked too long ago.
  function freshness(item, card) {
    if (typeof card.checked === "string" && card.checked) item.appendChild(element("p", "hint", card.checked));
    if (card.verified === false) {
      item.appendChild(element("p", "hint", "The council is still checking these details: call before you go."));
    } else if (card.check_before_you_go === true) {
      item.appendChild(element("p", "hint", "These details may have changed since then: check before you go."));
    }
  }

  function cardHead(item, card, level) {
    item.appendChild(element("h" + level, "card-name", card.name));
    if (card.summary) item.appendChild(element("p", "card-summary", card.summary));
  }

  function withHiddenName(button, visible, hidden) {
    button.textContent = visible;
    button.appendChild(element("span", "visually-hidden", hidden));
  }

  // --- the visitor's summary ---------------------------------------------------------------

  function load() {
    try {
      const saved = JSON.parse(window.sessionStorage.getItem(SUMMARY_KEY) || "[]");
      return Array.isArray(saved) ? saved.map(clean).filter(Boolean) : [];
    } catch (error) {
      return [];
    }
  }

  function save() {
    try {
      if (summary.length) window.sessionStorage.setItem(SUMMARY_KEY, JSON.stringify(summary));
      else window.sessionStorage.removeItem(SUMMARY_KEY);
    } catch (error) {
      // Storage off or full: the summary still works for as long as the page is open.
    }
  }

  function inSummary(card) {
    const key = keyOf(card);
    return summary.some(function (kept) { return keyOf(kept) === key; });
  }

  function add(card) {
    const kept = clean(card);
    if (!kept || inSummary(kept)) return false;
    summary.push(kept);
    return true;
  }

  function remove(index) {
    const [removed] = summary.splice(index, 1);
    save();
    renderSummary();
    const buttons = summaryList.querySelectorAll(".remove-button");
    const next = buttons[Math.min(index, buttons.length - 1)];
    (next || summaryHeading).focus();
    announce("Removed " + removed.name + " from the summary");
  }

  function clearSummary(message) {
    summary = [];
    save();
    renderSummary();
    if (message) announce(message);
  }

  function renderSummary() {
    summaryList.replaceChildren();
    summary.forEach(function (card, index) {
      const item = element("li", "card summary-card");
      cardHead(item, card, 3);
      item.appendChild(cardDetails(card, true));
      freshness(item, card);
      const button = element("button", "link-button remove-button no-print");
      button.type = "button";
      withHiddenName(button, "Remove", " " + card.name + " from the summary");
      button.addEventListener("click", function () { remove(index); });
      item.appendChild(button);
      summaryList.appendChild(item);
    });
    summaryEmpty.hidden = summary.length > 0;
    markAdded();
  }

  function markAdded() {
    resultsList.querySelectorAll(".add-button").forEach(function (button) {
      const added = summary.some(function (kept) { return keyOf(kept) === button.dataset.key; });
      button.classList.toggle("is-added", added);
      button.firstChild.textContent = added ? "Added to the summary" : "Add to the visitor's summary";
    });
  }

  // --- search ------------------------------------------------------------------------------

  function showSearchError(message) {
    searchErrorText.textContent = message;
    searchError.hidden = false;
    searchError.focus();
  }

  function renderResults(body) {
    const services = Array.isArray(body.services) ? body.services.map(clean).filter(Boolean) : [];
    resultsNotes.replaceChildren();
    (Array.isArray(body.notes) ? body.notes : []).forEach(function (note) {
      resultsNotes.appendChild(element("li", "", note));
    });
    resultsList.replaceChildren();
    services.forEach(function (card) {
      const item = element("li", "card result-card");
      cardHead(item, card, 4);
      item.appendChild(cardDetails(card, false));
      freshness(item, card);
      const button = element("button", "button button-secondary add-button");
      button.type = "button";
      button.dataset.key = keyOf(card);
      withHiddenName(button, "Add to the visitor's summary", ": " + card.name);
      button.addEventListener("click", function () {
        if (add(card)) {
          save();
          renderSummary();
          announce("Added " + card.name + " to the summary");
        } else {
          announce(card.name + " is already in the summary");
        }
      });
      item.appendChild(button);
      resultsList.appendChild(item);
    });
    const found = services.length ? plural(services.length, "service") + " found" : "No services found";
    document.getElementById("results-heading").textContent = found;
    results.hidden = false;
    markAdded();
    announce(found);
  }

  async function search(event) {
    event.preventDefault();
    if (searching) return;
    const params = new URLSearchParams();
    new FormData(searchForm).forEach(function (value, name) {
      const text = String(value).trim();
      if (text) params.set(name, text);
    });
    if (![...params.keys()].length) {
      showSearchError("Choose what the visitor needs, type words to search for, or give an area.");
      return;
    }
    searching = true;
    searchForm.setAttribute("aria-busy", "true");
    try {
      const response = await fetch("/staff/api/search?" + params.toString(), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const body = await response.json().catch(function () { return {}; });
      if (response.status === 401) {
        showSearchError("You have been signed out. Reload the page to sign in again.");
      } else if (!response.ok) {
        showSearchError(typeof body.detail === "string" ? body.detail : "The search is not working right now. Try again.");
      } else {
        searchError.hidden = true;
        renderResults(body);
      }
    } catch (error) {
      showSearchError("The search is not working right now. Check the connection and try again.");
    } finally {
      searching = false;
      searchForm.removeAttribute("aria-busy");
    }
  }

  // --- printing ----------------------------------------------------------------------------

  function stampDate() {
    printDate.textContent = new Date().toLocaleDateString("en-GB", {
      day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London",
    });
  }

  function printSummary() {
    if (!summary.length) {
      announce("The summary is empty. Add services before printing.");
      return;
    }
    stampDate();
    window.print();
  }

  // --- wiring ------------------------------------------------------------------------------

  searchForm.addEventListener("submit", search);
  document.getElementById("print-summary").addEventListener("click", printSummary);
  document.getElementById("clear-summary").addEventListener("click", function () {
    clearSummary("Summary cleared");
  });
  window.addEventListener("beforeprint", stampDate);

  // The widget's events bubble up from <hartlepool-assistant>.
  document.addEventListener("assistant-services", function (event) {
    const services = event.detail && Array.isArray(event.detail.services) ? event.detail.services : [];
    const added = services.filter(add);
    if (!added.length) return;
    save();
    renderSummary();
    announce(added.length === 1
      ? "Added " + added[0].name + " to the summary"
      : "Added " + plural(added.length, "service") + " to the summary");
  });

  // Start again means the next visitor: nothing of the last one stays on screen.
  document.addEventListener("assistant-reset", function () {
    searchForm.reset();
    searchError.hidden = true;
    results.hidden = true;
    resultsList.replaceChildren();
    resultsNotes.replaceChildren();
    clearSummary("Summary cleared");
  });

  // Signing out leaves nothing of the visitor in this tab.
  const signOut = document.querySelector('form[action="/logout"]');
  if (signOut) {
    signOut.addEventListener("submit", function () {
      try {
        window.sessionStorage.removeItem(SUMMARY_KEY);
        window.sessionStorage.removeItem(WIDGET_KEY);
      } catch (error) {
        // Storage off: nothing was kept.
      }
    });
  }

  summaryHeading.tabIndex = -1;
  renderSummary();
})();
