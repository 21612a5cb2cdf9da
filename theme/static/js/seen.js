/*
 * "New since your last visit" on the role board, from localStorage only: no
 * cookie, no request. Each visit remembers the ids of the roles it showed;
 * the next visit marks every card whose id was not among them. The previous
 * visit's list is kept in sessionStorage for the whole visit, so marks stay
 * while the reader moves between board pages and reloads.
 *
 * Cards are found by their data-role-id attribute. A script that renders
 * cards itself calls window.rmtlySeen.mark(container) after adding them.
 */
(function () {
  "use strict";
  var KEY = "rmtly.seen.v1", MAX = 20000;
  var store, session;
  try {
    store = window.localStorage;
    session = window.sessionStorage;
    store.getItem(KEY);
  } catch (e) {
    return; // storage disabled: no marks, nothing else changes
  }

  function read(storage) {
    try {
      var value = JSON.parse(storage.getItem(KEY) || "null");
      return value && Array.isArray(value.ids) ? value : null;
    } catch (e) {
      return null;
    }
  }

  // The previous visit: taken from localStorage once per visit (tab session).
  var baseline = read(session);
  if (!baseline) {
    baseline = read(store) || { at: null, ids: [] };
    session.setItem(KEY, JSON.stringify(baseline));
  }
  var before = {};
  baseline.ids.forEach(function (id) { before[id] = true; });
  var firstVisit = baseline.at === null;
  var current = read(store) || { at: null, ids: [] };
  var known = {};
  current.ids.forEach(function (id) { known[id] = true; });

  function badge(card) {
    var holder = card.querySelector(".role-card-badges");
    if (!holder) {
      holder = document.createElement("p");
      holder.className = "role-card-badges";
      card.insertBefore(holder, card.firstChild);
    }
    var mark = document.createElement("span");
    mark.className = "badge badge-unseen";
    mark.textContent = "New since your last visit";
    holder.appendChild(mark);
  }

  function mark(root, now) {
    var cards = (root || document).querySelectorAll("[data-role-id]");
    var count = 0;
    for (var i = 0; i < cards.length; i++) {
      var card = cards[i], id = card.getAttribute("data-role-id");
      if (!firstVisit && !before[id] && !card.hasAttribute("data-unseen")) {
        card.setAttribute("data-unseen", "");
        badge(card);
        count++;
      }
      if (!known[id]) {
        known[id] = true;
        current.ids.push(id);
      }
    }
    current.at = new Date().toISOString();
    if (now) save(); else later();
    return count;
  }

  function save() {
    saving = 0;
    current.ids = current.ids.slice(-MAX);
    try {
      store.setItem(KEY, JSON.stringify(current));
    } catch (e) { /* full or disabled: the marks still show this time */ }
  }
  // Cards a script renders are remembered once it is idle: writing every id
  // would hold up the frame that shows them. Leaving the page saves at once.
  var saving = 0;
  function later() {
    if (saving) return;
    saving = window.requestIdleCallback ? requestIdleCallback(save, { timeout: 1000 })
      : setTimeout(save, 200);
  }
  window.addEventListener("pagehide", function () { if (saving) save(); });

  window.rmtlySeen = { mark: mark };
  mark(document, true);
})();
