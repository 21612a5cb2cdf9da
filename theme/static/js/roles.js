/* rmtly role board: filters over every open role, on top of a server-rendered
 * first page. After the first paint it fetches roles/index.json (one compact
 * array per role), then filters, counts and sorts in memory and renders at
 * most one page of matching cards itself. The filter state lives in the URL
 * query (shareable; back and forward restore it) and the result count is
 * announced through the page's aria-live status. Facet names come from the
 * form and the index, not from this file. No dependencies. */
(function () {
  "use strict";
  var form = document.querySelector("[data-role-filters]");
  var list = document.querySelector("[data-role-list]");
  if (!form || !list || !window.URLSearchParams || !history.replaceState ||
      !window.fetch) return;
  var status = document.querySelector("[data-role-count]");
  var panel = form.querySelector("[data-role-panel]");
  var badge = form.querySelector("[data-role-active]");
  var empty = document.querySelector("[data-role-empty]");
  var serverPages = document.querySelector("[data-role-pages]");
  var facets = Array.prototype.slice.call(form.querySelectorAll("select[data-facet]"));
  var names = facets.map(function (s) { return s.name; });
  var fields = names.concat(["minpay", "q", "sort"]);
  var el = form.elements;
  var indexUrl = form.getAttribute("data-role-index");
  var size = parseInt(form.getAttribute("data-role-page-size"), 10) || 48;
  var scope = form.getAttribute("data-role-scope");
  var scopeValue = form.getAttribute("data-role-scope-value");
  var siteRoot = indexUrl.replace(/roles\/index\.json$/, "");
  var siteName = form.getAttribute("data-site-name") || "This site";
  // The server's first page, kept to show again for the unfiltered board.
  var serverCards = Array.prototype.slice.call(list.children);
  var items = [];
  // Per facet, each item's value as a small number (cols[j][n]), the values
  // by number, and the number of each value: counting compares integers.
  var cols = [], codes = [], valuesOf = [];
  var payOrder = []; // the items by top pay per hour, the highest first
  var cards = {}; // rendered cards by index position, reused on later pages
  var generated = 0, units = [], payNote = "";
  var page = 1;
  var typing = false;
  var pager, pagerText, prevButton, nextButton;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];

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

  var facetLabels = {};
  function label(name, value) { return (facetLabels[name] || {})[value] || value; }
  function slugOf(short, title) {
    if (short.charAt(0) === "/") return short.slice(1);
    var stem = title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return stem + "-" + short;
  }
  function load(data) {
    var f = {}, facetAt = {}, minutes = 0;
    data.fields.forEach(function (name, i) { f[name] = i; });
    data.facets.forEach(function (x, j) { facetLabels[x.name] = x.labels; facetAt[x.name] = j; });
    generated = Date.parse(data.generated);
    units = data.pay_units;
    payNote = data.pay_note;
    var skill = function (n) { return data.skills[n]; };
    var rows = [];
    data.roles.forEach(function (r, i) {
      minutes += r[f.posted_gap];
      var values = {};
      data.facets.forEach(function (x, j) { values[x.name] = x.values[r[f.facets][j]]; });
      if (scope && values[scope] !== scopeValue) return;
      var skills = r[f.skills].map(skill), pay = r[f.pay];
      rows.push(r[f.facets]);
      items.push({
        i: i, r: r, f: f, values: values, skills: skills, posted: minutes,
        slug: slugOf(r[f.slug], r[f.title]),
        top: pay === null ? NaN : typeof pay[0] === "string" ? pay[1]
          : pay.length > 3 ? pay[3] : pay[pay[1] === null ? 0 : 1],
        text: [r[f.title], r[f.company], skills.join(" "), r[f.more_skills].map(skill).join(", ")]
          .join(" ").toLowerCase()
      });
    });
    // The form's facets by the index's numbers for their values.
    names.forEach(function (name, j) {
      var at = facetAt[name], x = data.facets[at], col = new Uint16Array(items.length);
      rows.forEach(function (codes, n) { col[n] = codes[at]; });
      cols[j] = col; valuesOf[j] = x.values; codes[j] = Object.create(null);
      x.values.forEach(function (v, c) { codes[j][v] = c; });
    });
    payOrder = items.map(function (it, n) { return n; });
    payOrder.sort(function (a, b) { return byPay(items[a], items[b]); });
  }

  function matcher(s) {
    var words = s.q.toLowerCase().split(/\s+/).filter(Boolean);
    var min = parseFloat(s.minpay);
    if (!words.length && !(min > 0)) return null;
    return function (it) {
      if (min > 0 && !(it.top >= min)) return false;
      for (var w = 0; w < words.length; w++) {
        if (it.text.indexOf(words[w]) < 0) return false;
      }
      return true;
    };
  }
  function byPay(a, b) { // the highest first, then the newest; unstated pay last
    var x = isNaN(a.top) ? -1 : a.top, y = isNaN(b.top) ? -1 : b.top;
    return y - x || a.i - b.i;
  }

  // One pass: the matches (in the order asked for), and for each facet the
  // counts of its values (by number) among the roles that pass every other
  // filter: what choosing that value would give.
  function tally(s) {
    var ok = matcher(s), matched = [], counts = [], all = [], want = [];
    var j, n, failed, misses, facetCount = names.length;
    for (j = 0; j < facetCount; j++) {
      var chosen = s[names[j]];
      // -1: any value; a value no role has matches none.
      want[j] = !chosen ? -1 : chosen in codes[j] ? codes[j][chosen] : -2;
      counts[j] = new Uint32Array(valuesOf[j].length);
      all[j] = 0;
    }
    var order = s.sort === "pay" ? payOrder : null;
    for (var at = 0; at < items.length; at++) {
      n = order ? order[at] : at;
      if (ok && !ok(items[n])) continue;
      failed = -1; misses = 0;
      for (j = 0; j < facetCount; j++) {
        if (want[j] !== -1 && cols[j][n] !== want[j]) { failed = j; if (++misses > 1) break; }
      }
      if (misses === 0) {
        matched.push(items[n]);
        for (j = 0; j < facetCount; j++) { counts[j][cols[j][n]]++; all[j]++; }
      } else if (misses === 1) {
        counts[failed][cols[failed][n]]++;
        all[failed]++;
      }
    }
    return { matched: matched, counts: counts, all: all };
  }

  function node(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function listOf(className, texts) {
    var ul = node("ul", className);
    texts.forEach(function (t) { ul.appendChild(node("li", "", t)); });
    return ul;
  }
  // 1234567 -> "1,234,567", as the server's "{:,}" writes a whole number.
  function grouped(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  // Pay as formatting.format_pay writes it, from the index's numbers
  // [min, max, unit, top per hour] (index_pay.py), or the server's [words, top].
  function isClose(a, b) { return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)); }
  function figure(v) {
    if (isClose(v, Math.round(v))) return grouped(Math.round(v));
    var parts = v.toFixed(2).split(".");
    return grouped(parts[0]) + "." + parts[1];
  }
  function payText(pay) {
    if (pay === null) return "Pay not stated";
    if (typeof pay[0] === "string") return pay[0];
    var u = units[pay[2] || 0], low = pay[0], high = pay[1], per = " / " + u.per;
    var money = function (v) { return (u.symbol || u.currency + "\u00a0") + figure(v); };
    if (low !== null && high !== null) {
      if (isClose(low, high)) return money(low) + per;
      return money(low) + "\u2013" + (u.symbol ? money(high) : figure(high)) + per;
    }
    return high !== null ? "Up to " + money(high) + per : "From " + money(low) + per;
  }
  function postedLabel(posted) {
    var a = new Date(generated), b = new Date(posted);
    var days = Math.round((Date.UTC(a.getUTCFullYear(), a.getUTCMonth(), a.getUTCDate()) -
      Date.UTC(b.getUTCFullYear(), b.getUTCMonth(), b.getUTCDate())) / 864e5);
    if (days <= 0) return "Posted today";
    if (days === 1) return "Posted yesterday";
    if (days < 31) return "Posted " + days + " days ago";
    return "Posted " + b.getUTCDate() + " " + MONTHS[b.getUTCMonth()] + " " + b.getUTCFullYear();
  }
  // A card's facts as the server writes them (board.card_facts): field and
  // level, the employment type when stated, the openings when given. The
  // index holds the facet values; their labels come once, with the facets.
  function facts(it) {
    var out = [label("field", it.values.field), label("seniority", it.values.seniority)];
    if (it.values.employment !== "unspecified") out.push(label("employment", it.values.employment));
    var n = it.r[it.f.openings];
    if (n) out.push(grouped(n) + (n === 1 ? " opening" : " openings"));
    return out;
  }
  // The same card as partials/role_card.html, minus the apply link: it sits
  // on the role page, beside its disclosure. Text only, never HTML.
  function card(it) {
    return cards[it.i] || (cards[it.i] = cardNode(it));
  }
  function cardNode(it) {
    var r = it.r, f = it.f;
    var a = node("article", "role-card");
    a.id = "role-" + it.slug;
    a.setAttribute("data-role-id", it.slug);
    names.forEach(function (k) { a.setAttribute("data-" + k, it.values[k]); });
    if (!isNaN(it.top)) a.setAttribute("data-pay", String(it.top));
    var flags = r[f.flags];
    if (/[ns]/.test(flags)) {
      var badges = node("p", "role-card-badges");
      if (flags.indexOf("n") >= 0) badges.appendChild(node("span", "badge badge-new", "New"));
      if (flags.indexOf("s") >= 0) badges.appendChild(node("span", "badge badge-sample", "Sample"));
      a.appendChild(badges);
    }
    var h = node("h3", "role-card-title"), link = node("a", "", r[f.title]);
    link.href = siteRoot + "roles/" + it.slug + "/";
    h.appendChild(link);
    a.appendChild(h);
    a.appendChild(node("p", "role-card-company", r[f.company]));
    var pay = node("p", "role-card-pay", payText(r[f.pay]));
    if (flags.indexOf("t") >= 0) {
      pay.appendChild(document.createTextNode(" "));
      pay.appendChild(node("span", "role-card-pay-note", "(" + payNote + ")"));
    }
    a.appendChild(pay);
    a.appendChild(listOf("role-card-facts", facts(it)));
    a.appendChild(node("p", "", r[f.location]));
    var posted = generated - it.posted * 60000;
    var time = node("time", "", postedLabel(posted));
    time.setAttribute("datetime", new Date(posted).toISOString().replace(/\.\d{3}Z$/, "Z"));
    var when = node("p", "role-card-posted");
    when.appendChild(time);
    a.appendChild(when);
    if (r[f.stale_days]) {
      var stale = node("p", "role-card-stale");
      stale.appendChild(node("strong", "", "Stale:"));
      stale.appendChild(document.createTextNode(" this listing comes from a copy " +
        r[f.stale_days] + " days old; the role may have closed."));
      a.appendChild(stale);
    }
    if (it.skills.length) a.appendChild(listOf("role-card-skills", it.skills));
    if (r[f.reward]) {
      // The card itself carries no referral link; the role page's apply
      // button does, and this says what it earns the site.
      a.appendChild(node("p", "role-card-referral", siteName + " is paid " +
        r[f.reward] + " if you\u2019re hired through its referral link."));
    }
    var li = document.createElement("li");
    li.appendChild(a);
    return li;
  }

  function makePager() {
    pager = node("nav", "role-pages");
    pager.setAttribute("aria-label", "Pages of matching roles");
    prevButton = node("button", "", "Newer roles");
    nextButton = node("button", "", "Older roles");
    prevButton.type = nextButton.type = "button";
    pagerText = node("span", "role-pages-at");
    [prevButton, pagerText, nextButton].forEach(function (e) { pager.appendChild(e); });
    prevButton.addEventListener("click", function () { turn(-1); });
    nextButton.addEventListener("click", function () { turn(1); });
    pager.hidden = true;
    list.parentNode.insertBefore(pager, empty || list.nextSibling);
  }
  var last = null;
  function turn(step) {
    page += step;
    show(last, fromForm());
    list.scrollIntoView({ block: "start" });
  }

  // The cards a reader sees first are drawn first: the top FIRST join the
  // list at once, the rest in a task after the next frame is painted, so a
  // change never waits for the layout of cards below the fold. The list is
  // aria-busy until it is whole; a newer change cancels an older one's rest.
  var FIRST = 12, filling = 0;
  function fill(rows, make) {
    var turn = ++filling, more = rows.length > FIRST;
    if (!make && holds(rows)) { list.removeAttribute("aria-busy"); return; }
    list.textContent = "";
    append(rows.slice(0, FIRST), make);
    if (!more) { list.removeAttribute("aria-busy"); return; }
    list.setAttribute("aria-busy", "true");
    requestAnimationFrame(function () {
      setTimeout(function () {
        if (turn !== filling) return;
        append(rows.slice(FIRST), make);
        list.removeAttribute("aria-busy");
      }, 0);
    });
  }
  // The list shows exactly these nodes already (the server's, on load).
  function holds(rows) {
    var now = list.children;
    if (now.length !== rows.length) return false;
    for (var n = 0; n < rows.length; n++) if (now[n] !== rows[n]) return false;
    return true;
  }
  function append(rows, make) {
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) { fragment.appendChild(make ? make(row) : row); });
    list.appendChild(fragment);
    if (window.rmtlySeen) window.rmtlySeen.mark(list);
  }

  function setText(e, text) { if (e && e.textContent !== text) e.textContent = text; }

  function show(result, s) {
    var matched = result.matched, active = 0;
    fields.forEach(function (k) { if (k !== "sort" && s[k]) active++; });
    var pages = Math.max(1, Math.ceil(matched.length / size));
    page = Math.min(Math.max(1, page), pages);
    // The unfiltered first page: the server's own cards, with their apply links.
    if (!active && s.sort !== "pay" && page === 1) fill(serverCards, null);
    else fill(matched.slice((page - 1) * size, page * size), card);
    if (serverPages) serverPages.hidden = true;
    pager.hidden = pages < 2;
    prevButton.disabled = page === 1;
    nextButton.disabled = page === pages;
    setText(pagerText, " Page " + page + " of " + pages + " ");
    setText(badge, active ? "(" + active + " active)" : "");
    facets.forEach(function (sel, j) {
      var counts = result.counts[j], all = result.all[j];
      for (var o = 0; o < sel.options.length; o++) {
        var option = sel.options[o];
        var c = !option.value ? all : option.value in codes[j] ? counts[codes[j][option.value]] : 0;
        setText(option, (option.getAttribute("data-label") || "Any") + " (" + c + ")");
        var off = !c && option.value !== sel.value;
        if (option.disabled !== off) option.disabled = off;
      }
    });
    var n = matched.length, total = items.length;
    setText(status, !active ? total + (total === 1 ? " open role" : " open roles")
      : n === 0 ? "No roles match"
      : n + " of " + total + (n === 1 ? " role matches" : " roles match"));
    if (empty) empty.hidden = n > 0;
  }
  function apply(s) { last = tally(s); show(last, s); }
  function url(s) {
    var p = new URLSearchParams();
    fields.forEach(function (k) {
      if (s[k] && !(k === "sort" && s[k] === "newest")) p.set(k, s[k]);
    });
    var q = p.toString();
    return location.pathname + (q ? "?" + q : "") + location.hash;
  }
  // The URL follows the filters one frame later, once the new cards are
  // painted: the history calls save the scroll position, which reads layout,
  // and layout is clean then. Each change still makes its own entry.
  var pending = [];
  function writeUrls() {
    pending.splice(0).forEach(function (due) {
      if (due.url === location.pathname + location.search + location.hash) return;
      history[due.push ? "pushState" : "replaceState"](null, "", due.url);
    });
  }
  function commit(push) {
    var s = fromForm();
    if (!pending.length) requestAnimationFrame(function () { setTimeout(writeUrls, 0); });
    if (push || !pending.length) pending.push({ url: url(s), push: push });
    else pending[pending.length - 1].url = url(s); // a keystroke refines the last
    page = 1;
    apply(s);
  }

  function start() {
    form.addEventListener("change", function () { typing = false; commit(true); });
    form.addEventListener("input", function (e) {
      if (e.target.tagName === "SELECT") return; // "change" handles selects
      // No debounce: one pass over the index takes a few milliseconds, so each
      // keystroke is answered before the next frame is painted. The first
      // keystroke of a new search makes a history entry; the rest refine it.
      commit(!typing);
      typing = true;
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
      pending = [];
      toForm(read());
      page = 1;
      apply(fromForm());
    });
    makePager();
    toForm(read());
    form.hidden = false;
    apply(fromForm());
    // On a narrow screen the open panel would push every card below the fold.
    if (panel && window.matchMedia && matchMedia("(max-width: 40em)").matches &&
        !(badge && badge.textContent)) panel.open = false;
  }

  function fetchIndex() {
    fetch(indexUrl, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) { load(data); start(); })
      .catch(function () { /* the server's pages and links still work */ });
  }
  // After the first paint: the page shows its cards before the index arrives.
  function later() { requestAnimationFrame(function () { setTimeout(fetchIndex, 0); }); }
  if (document.readyState === "complete") later();
  else window.addEventListener("load", later);
})();
