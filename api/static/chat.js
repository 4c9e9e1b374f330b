// The plain chat page: sends messages to /api/chat and shows replies as text only.
"use strict";

(function () {
  const form = document.getElementById("chat-form");
  const input = document.getElementById("chat-message");
  const log = document.getElementById("conversation");
  const storageKey = "hartlepool-assistant-session";

  function show(text, who, crisis) {
    const item = document.createElement("p");
    item.className = "message " + who + (crisis ? " crisis" : "");
    item.textContent = text; // never HTML from the server
    log.appendChild(item);
    return item;
  }

  function showButtons(buttons) {
    if (!buttons || !buttons.length) return;
    const group = document.createElement("div");
    group.className = "quick-replies";
    buttons.forEach(function (button) {
      const element = document.createElement("button");
      element.type = "button";
      element.textContent = button.title;
      element.addEventListener("click", function () { send(button.payload, button.title); });
      group.appendChild(element);
    });
    log.appendChild(group);
  }

  function link(href, text) {
    const anchor = document.createElement("a");
    anchor.href = href;
    anchor.textContent = text;
    return anchor;
  }

  function line(parent, label, content) {
    const row = document.createElement("p");
    if (label) row.appendChild(document.createTextNode(label + ": "));
    row.appendChild(typeof content === "string" ? document.createTextNode(content) : content);
    parent.appendChild(row);
  }

  function showCard(card) {
    const item = document.createElement("section");
    item.className = "service-card";
    const heading = document.createElement("h2");
    heading.textContent = card.name;
    item.appendChild(heading);
    line(item, "", card.summary);
    if (card.phone) line(item, "Phone", link("tel:" + card.phone.replace(/\s/g, ""), card.phone));
    if (card.url && /^https?:\/\//.test(card.url)) line(item, "Website", link(card.url, card.url));
    if (card.address) line(item, "Address", card.address);
    line(item, "", card.opening_today);
    if (!card.verified) line(item, "", "The council is still checking these details.");
    log.appendChild(item);
  }

  async function send(message, shown) {
    show(shown || message, "resident", false);
    try {
      const response = await fetch("/api/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ message: message, session_id: sessionStorage.getItem(storageKey) }),
      });
      const body = await response.json();
      if (!response.ok) { show(body.detail || "Sorry, something went wrong.", "assistant"); return; }
      sessionStorage.setItem(storageKey, body.session_id);
      body.replies.forEach(function (reply, index) {
        show(reply.text, "assistant", body.crisis && index === 0);
        showButtons(reply.buttons);
      });
      (body.services || []).forEach(showCard);
    } catch (error) {
      show("Sorry, I cannot connect right now. Please call the council or, in an emergency, 999.",
           "assistant", false);
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const message = input.value.trim();
    if (!message) return;
    input.value = "";
    send(message);
  });
})();
