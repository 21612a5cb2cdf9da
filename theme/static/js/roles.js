/* rmtly role board filters: progressive enhancement over the server-rendered
 * cards. Reads each card's data-* attributes (facets, the top of its pay per
 * hour, the skills it does not show) and its title, company and skills; keeps
 * the filter state in the URL query (shareable; back and forward restore it);
 * announces the result count through the page's aria-live status. The cards
 * arrive newest first, so "newest" is their own order. No dependencies, no
 * requests. */
(function () {
  "use strict";
  var form = document.querySelector("[data-role-filters]");
  var list = document.querySelector("[data-role-list]");
  if (!form || !list || !window.URLSearchParams || !history.replaceState) return;
  var status = document.querySelector("[data-role-count]");
  var panel = form.querySelector("[data-role-panel]");
  var badge = form.querySelector("[data-role-active]");
  var empty = document.querySelector("[data-role-empty]");
  var facets = Array.prototype.slice.call(form.querySelectorAll("select[data-facet]"));
  var names = facets.map(function (s) { return s.name; });
  var fields = names.concat(["minpay", "q", "sort"]);
  var el = form.elements;
  function texts(card, selector) {
    return Array.prototype.map.call(card.querySelectorAll(selector), function (e) {
      return e.textContent;
    }).join(" ");
  }
  var items = Array.prototype.map.call(list.children, function (li, i) {
    var card = li.firstElementChild, d = card.dataset;
    return {
      li: li, d: d, i: i,
      top: parseFloat(d.pay), // NaN when the role states no pay
      text: [texts(card, ".role-card-title, .role-card-company, .role-card-skills li"),
        d.skills || ""].join(" ").toLowerCase()
    };
  });
  var sorted = "newest";
  var typing = false;
  var timer = 0;

  function read() {
    var p = new URLSearchParams(location.search), s = {};
    fields.forEach(function (k) { s[k] = (p.get(k) || "").trim(); });
    return s;
  }
  function fromForm() {
    var s = {};
    fields.forEach(function (k) { s[k] = el[k] ? el[k].value.trim() : ""; });
    return s;
  }
  function toForm(s) {
    fields.forEach(function (k) {
      if (!el[k]) return;
      el[k].value = s[k] || "";
      // An unknown value in a shared URL leaves a select with no choice.
      if (el[k].tagName === "SELECT" && el[k].selectedIndex < 0) el[k].selectedIndex = 0;
    });
  }
  function matcher(s) {
    var words = s.q.toLowerCase().split(/\s+/).filter(Boolean);
    var min = parseFloat(s.minpay);
    return function (it, skip) {
      for (var j = 0; j < names.length; j++) {
        var k = names[j];
        if (k !== skip && s[k] && it.d[k] !== s[k]) return false;
      }
      if (min > 0 && !(it.top >= min)) return false;
      for (var w = 0; w < words.length; w++) {
        if (it.text.indexOf(words[w]) < 0) return false;
      }
      return true;
    };
  }
  function byNewest(a, b) { return a.i - b.i; }
  function byPay(a, b) {
    var x = isNaN(a.top) ? -1 : a.top, y = isNaN(b.top) ? -1 : b.top;
    return y - x || byNewest(a, b);
  }
  function apply(s) {
    var ok = matcher(s), n = 0, active = 0;
    items.forEach(function (it) {
      var show = ok(it, null);
      it.li.hidden = !show;
      if (show) n++;
    });
    fields.forEach(function (k) { if (k !== "sort" && s[k]) active++; });
    if (badge) badge.textContent = active ? "(" + active + " active)" : "";
    var order = s.sort === "pay" ? "pay" : "newest";
    if (order !== sorted) {
      items.slice().sort(order === "pay" ? byPay : byNewest)
        .forEach(function (it) { list.appendChild(it.li); });
      sorted = order;
    }
    facets.forEach(function (sel) {
      var counts = {}, all = 0;
      items.forEach(function (it) {
        if (ok(it, sel.name)) { counts[it.d[sel.name]] = (counts[it.d[sel.name]] || 0) + 1; all++; }
      });
      Array.prototype.forEach.call(sel.options, function (o) {
        var c = o.value ? counts[o.value] || 0 : all;
        o.textContent = (o.getAttribute("data-label") || "Any") + " (" + c + ")";
        o.disabled = !c && o.value !== sel.value;
      });
    });
    var total = items.length;
    var text = !active ? total + (total === 1 ? " open role" : " open roles")
      : n === 0 ? "No roles match"
      : n + " of " + total + (n === 1 ? " role matches" : " roles match");
    if (status && status.textContent !== text) status.textContent = text;
    if (empty) empty.hidden = n > 0;
  }
  function url(s) {
    var p = new URLSearchParams();
    fields.forEach(function (k) {
      if (s[k] && !(k === "sort" && s[k] === "newest")) p.set(k, s[k]);
    });
    var q = p.toString();
    return location.pathname + (q ? "?" + q : "") + location.hash;
  }
  function commit(push) {
    var s = fromForm(), next = url(s);
    apply(s);
    if (next !== location.pathname + location.search + location.hash) {
      history[push ? "pushState" : "replaceState"](null, "", next);
    }
  }

  form.addEventListener("change", function () { typing = false; commit(true); });
  form.addEventListener("input", function (e) {
    if (e.target.tagName === "SELECT") return; // "change" handles selects
    clearTimeout(timer);
    timer = setTimeout(function () {
      // The first keystroke of a new search makes a history entry; the rest refine it.
      commit(!typing);
      typing = true;
    }, 150);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); typing = false; commit(true); });
  var reset = form.querySelector("[data-role-reset]");
  if (reset) {
    reset.addEventListener("click", function () {
      fields.forEach(function (k) { if (k !== "sort" && el[k]) el[k].value = ""; });
      typing = false;
      commit(true);
    });
  }
  window.addEventListener("popstate", function () {
    typing = false;
    toForm(read());
    apply(fromForm());
  });

  toForm(read());
  form.hidden = false;
  apply(fromForm());
  // On a narrow screen the open panel would push every card below the fold.
  if (panel && window.matchMedia && matchMedia("(max-width: 40em)").matches &&
      !(badge && badge.textContent)) panel.open = false;
})();
