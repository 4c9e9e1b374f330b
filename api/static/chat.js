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
