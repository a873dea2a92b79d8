/* sphinx-concepts: reading for one's own audience.
 *
 * - "Reading as: ...": the reader's audience, kept in localStorage (no cookie,
 *   no server), preset by a link (?audience=... or #audience=...), reset by
 *   choosing "Any audience".  Concept links and see-also entries that named no
 *   audience then lead to that audience's card where one exists, else keep their
 *   default target and are marked (class concept-reference-fallback); variant
 *   tabs open on it; the concept index and concept lists can show only its
 *   explanations.
 * - Previews of the card a concept link leads to, on hover, keyboard focus and
 *   tap (a second tap follows the link); Esc closes them.  They sit above or
 *   below the link, never on it.
 *
 * Everything comes from the build: data-concept* attributes of links and cards,
 * and window.sphinxConceptsData (_static/sphinx-concepts-data.js, loaded before
 * this file).  Concept text is untrusted: it only reaches the page as text
 * nodes.  Nothing is fetched, no handler is inline, and without this script
 * every link works as written.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script) return;
  var root = new URL("..", script.src); // this file lives in <root>/_static/

  // This file is deferred: the page is parsed, the data (loaded before it) is
  // there.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }

  function start() {
    var data = window.sphinxConceptsData;
    if (!data || data.version !== 1) return;
    // The reader's choice, where the page offers it (sphinx-concepts-choice.js).
    var choice = data.choice ? window.sphinxConceptsChoice : null;
    var normal = choice ? choice.normal : function (value) { return value; };
    var text = data.text;
    var audiences = data.audiences || [];
    var cards = new Map();
    Object.keys(data.cards).forEach(function (url) {
      cards.set(siteKey(new URL(url, root).href), data.cards[url]);
    });

    // -- where links lead ------------------------------------------------------
    /** A URL as a key of data.cards: its path below the site root and its
     *  fragment, decoded; null for URLs outside the site. */
    function siteKey(href) {
      var url;
      try {
        url = new URL(href, location.href);
      } catch (error) {
        return null;
      }
      if (url.origin !== root.origin || url.pathname.indexOf(root.pathname) !== 0) {
        return null;
      }
      var path = url.pathname.slice(root.pathname.length);
      try {
        return decodeURIComponent(path) + decodeURIComponent(url.hash);
      } catch (error) {
        return path + url.hash;
      }
    }

    function cardAt(href) {
      var key = siteKey(href);
      if (key === null) return null;
      var card = cards.get(key);
      if (!card && (key === "" || key.charAt(0) === "#" || /\/#/.test(key))) {
        // A folder URL (dirhtml, or a single page opened as a folder).
        card = cards.get(key.replace(/(^|\/)#/, "$1index.html#"));
      }
      return card || null;
    }

    function labelOf(key) {
      for (var i = 0; i < audiences.length; i++) {
        if (audiences[i].key === key) return audiences[i].label;
      }
      return key || text.everyone;
    }

    /** Fill the translated message's %(name)s and %(name)d, as Python's %
     *  does; a function replacement keeps "$&" in untrusted names literal. */
    function format(template, values) {
      return template.replace(/%\((\w+)\)[sd]/g, function (whole, name) {
        return Object.prototype.hasOwnProperty.call(values, name)
          ? String(values[name])
          : whole;
      });
    }

    // -- the reader's audience -------------------------------------------------
    function known(value) {
      var wanted = normal(value);
      for (var i = 0; i < audiences.length; i++) {
        var audience = audiences[i];
        if (normal(audience.key) === wanted || normal(audience.label) === wanted) {
          return audience.key;
        }
      }
      return null;
    }

    /** The audience a link to this page asks for: "" resets, null when the URL
     *  names none (or one the site does not have). */
    function presetAudience() {
      var asked = choice.askedInUrl();
      if (asked === null) return null;
      return normal(asked) === "" ? "" : known(asked);
    }

    var chosen = "";
    var filtering = false;
    if (choice) {
      var preset = presetAudience();
      if (preset !== null) choice.store("audience", preset);
      chosen = preset !== null ? preset : known(choice.stored("audience")) || "";
      filtering = choice.stored("filter") === "on";
    }

    // -- links, tabs, lists ------------------------------------------------------
    var links = Array.prototype.slice.call(
      document.querySelectorAll("a.concept-reference[data-concept]")
    );
    links.forEach(function (link) {
      link.setAttribute("data-concept-href", link.getAttribute("href") || "");
    });

    /** The audience a link asks for: its own, else the reader's. */
    function askedBy(link) {
      return link.getAttribute("data-concept-audience") || chosen;
    }

    /** A table's own entry (never one of Object's: names are data). */
    function own(table, key) {
      return table && Object.prototype.hasOwnProperty.call(table, key)
        ? table[key]
        : null;
    }

    function routeOf(link, audience) {
      var roles = own(data.routes, link.getAttribute("data-concept"));
      var byAudience = own(roles, link.getAttribute("data-concept-role") || "");
      return own(byAudience, audience);
    }

    function applyLinks() {
      links.forEach(function (link) {
        if (link.hasAttribute("data-concept-audience")) return; // the author chose
        var original = link.getAttribute("data-concept-href");
        var href = original;
        var route = chosen ? routeOf(link, chosen) : null;
        var card = cardAt(original);
        var missed = !!(chosen && !route && card && card.a && card.a !== chosen);
        if (route) href = new URL(route, root).href;
        link.setAttribute("href", href);
        link.classList.toggle("concept-reference-chosen", !!route);
        if (missed) {
          link.classList.add("concept-reference-fallback");
          link.setAttribute("data-concept-missed", chosen);
        } else if (link.hasAttribute("data-concept-missed")) {
          link.classList.remove("concept-reference-fallback");
          link.removeAttribute("data-concept-missed");
        }
      });
    }

    function applyTabs() {
      if (choice) choice.openTabs(chosen);
    }

    /** Rows of the concept index and items of concept lists, each with the card
     *  its first link leads to. */
    function filterable() {
      var items = [];
      var lists = document.querySelectorAll(".concept-list");
      Array.prototype.forEach.call(lists, function (list) {
        var rows =
          list.tagName === "TABLE"
            ? list.querySelectorAll("tbody > tr")
            : list.querySelectorAll(":scope > li");
        Array.prototype.forEach.call(rows, function (row) {
          var link = row.querySelector("a[href]");
          items.push({ row: row, card: link && cardAt(link.getAttribute("href")) });
        });
      });
      return items;
    }

    var index = isConceptIndex() ? indexRows() : null;
    var lists = filterable();

    function isConceptIndex() {
      return !!document.querySelector('link[href*="sphinx-concepts-index.css"]');
    }

    /** The concept index table: letter rows, concepts, variants beneath them. */
    function indexRows() {
      var table = document.querySelector("table.modindextable, table.domainindex-table");
      if (!table) return null;
      var rows = [];
      Array.prototype.forEach.call(table.rows, function (row) {
        var link = row.querySelector("a[href]");
        var kind = row.classList.contains("cap") || row.classList.contains("pcap")
          ? "letter"
          : row.querySelector("img.toggler")
            ? "group"
            : /(^| )cg-/.test(row.className)
              ? "variant"
              : "entry";
        rows.push({
          row: row,
          kind: kind,
          card: link && cardAt(link.getAttribute("href")),
        });
      });
      return rows;
    }

    function keeps(card, on) {
      return !on || !card || !card.a || card.a === chosen;
    }

    function hide(row, hidden) {
      row.classList.toggle("concept-filtered-out", hidden);
    }

    function applyFilter() {
      var on = !!(chosen && filtering);
      var shown = 0;
      var total = 0;
      lists.forEach(function (item) {
        var keep = keeps(item.card, on);
        hide(item.row, !keep);
        total += 1;
        shown += keep ? 1 : 0;
      });
      if (index) {
        // Backwards: a group shows if a variant beneath it does, a letter if an
        // entry after it does (up to the next letter).
        var anyVariant = false;
        var anyEntry = false;
        for (var i = index.length - 1; i >= 0; i--) {
          var item = index[i];
          var keep;
          if (item.kind === "variant" || item.kind === "entry") {
            keep = keeps(item.card, on);
            total += 1;
            shown += keep ? 1 : 0;
            if (item.kind === "variant") anyVariant = anyVariant || keep;
          } else if (item.kind === "group") {
            keep = anyVariant;
            anyVariant = false;
          } else {
            keep = anyEntry;
            if (item.row.classList.contains("pcap")) anyEntry = false;
          }
          if (item.kind !== "letter") anyEntry = anyEntry || keep;
          hide(item.row, !keep);
        }
      }
      if (status) {
        status.textContent = on ? format(text.shown, { shown: shown, total: total }) : "";
      }
    }

    function applyAll() {
      applyLinks();
      applyTabs();
      applyFilter();
      if (current) show(current, openedBy);
    }

    // -- the choice --------------------------------------------------------------
    var select = null;
    var status = null;
    var reflect = function () {};

    function element(tag, className, content) {
      var made = document.createElement(tag);
      if (className) made.className = className;
      if (content) made.textContent = content;
      return made;
    }

    function buildChoice(slot, withFilter) {
      var box = element("div", "concept-audience");
      var row = element("div", "concept-audience-row");
      var label = element("label", "concept-audience-label", text.readingAs);
      label.htmlFor = "concept-audience-choice";
      select = element("select");
      select.id = "concept-audience-choice";
      select.appendChild(new Option(text.anyAudience, ""));
      audiences.forEach(function (audience) {
        select.appendChild(new Option(audience.label, audience.key));
      });
      select.value = chosen;
      select.addEventListener("change", function () {
        chosen = select.value;
        choice.store("audience", chosen);
        if (checkbox) checkbox.disabled = !chosen;
        applyAll();
      });
      row.appendChild(label);
      row.appendChild(select);
      box.appendChild(row);
      var checkbox = null;
      if (withFilter) {
        var second = element("div", "concept-audience-row");
        var option = element("label", "concept-audience-filter");
        checkbox = element("input");
        checkbox.type = "checkbox";
        checkbox.checked = filtering;
        checkbox.disabled = !chosen;
        checkbox.addEventListener("change", function () {
          filtering = checkbox.checked;
          choice.store("filter", filtering ? "on" : "");
          applyFilter();
        });
        option.appendChild(checkbox);
        option.appendChild(document.createTextNode(" " + text.onlyChosen));
        status = element("span", "concept-audience-status");
        status.setAttribute("role", "status");
        second.appendChild(option);
        second.appendChild(status);
        box.appendChild(second);
      }
      slot.appendChild(box);
      reflect = function () {
        select.value = chosen;
        if (checkbox) checkbox.disabled = !chosen;
      };
    }

    /** Another source of the choice: a tab of the same site, or a link to
     *  #audience=... on this very page (no reload). */
    function choose(audience) {
      chosen = audience;
      reflect();
      applyAll();
    }

    if (choice) {
      var slot = document.querySelector(".concept-audience-slot");
      var withFilter = !!(index || lists.length);
      if (!slot && index) {
        slot = document.querySelector(".modindex-jumpbox, .domainindex-jumpbox");
        if (slot) slot.classList.add("concept-audience-index-slot");
      }
      if (slot) {
        withFilter = withFilter || slot.classList.contains("concept-audience-slot-filter");
        buildChoice(slot, withFilter);
      }
      window.addEventListener("storage", function () {
        // The reader chose in another tab of the same site.
        var now = known(choice.stored("audience")) || "";
        if (now !== chosen) choose(now);
      });
      window.addEventListener("hashchange", function () {
        var preset = presetAudience();
        if (preset === null) return;
        choice.store("audience", preset);
        choose(preset);
      });
    }

    // -- previews ----------------------------------------------------------------
    var tip = null;
    var current = null;
    var openedBy = "";
    var dismissed = null;
    var showTimer = 0;
    var hideTimer = 0;
    var lastPointer = "mouse";

    function linkOf(target) {
      var link = target && target.closest ? target.closest("a.concept-reference") : null;
      return link && link.hasAttribute("data-concept-href") && tip ? link : null;
    }

    function fill(link) {
      var card = cardAt(link.getAttribute("href"));
      if (!card) return false;
      tip.textContent = "";
      tip.appendChild(element("p", "concept-preview-title", card.t));
      if (card.m) tip.appendChild(element("p", "concept-preview-meta", card.m));
      if (card.s) tip.appendChild(element("p", "concept-preview-summary", card.s));
      if (card.q) {
        var question = element("p", "concept-preview-question");
        question.appendChild(element("span", "concept-preview-label", text.question));
        question.appendChild(document.createTextNode(" " + card.q));
        tip.appendChild(question);
      }
      var asked = askedBy(link);
      if (asked && card.a && card.a !== asked) {
        var note = format(text.fallback, {
          asked: labelOf(asked),
          found: labelOf(card.a),
        });
        tip.appendChild(element("p", "concept-preview-note", note));
      }
      return true;
    }

    function place(link) {
      var box = link.getBoundingClientRect();
      var width = document.documentElement.clientWidth;
      var height = window.innerHeight;
      if (box.bottom < 0 || box.top > height) {
        hidePreview();
        return;
      }
      var gap = 6;
      var margin = 8;
      var below = height - box.bottom - gap - margin;
      var above = box.top - gap - margin;
      tip.style.maxHeight = "";
      tip.style.left = "0px";
      tip.style.top = "0px";
      var size = tip.getBoundingClientRect();
      var under = size.height <= below || below >= above;
      if (size.height > Math.max(below, above)) {
        tip.style.maxHeight = Math.max(below, above, 0) + "px";
        size = tip.getBoundingClientRect();
      }
      var top = under ? box.bottom + gap : box.top - gap - size.height;
      var left = Math.max(margin, Math.min(box.left, width - size.width - margin));
      tip.style.left = Math.round(left) + "px";
      tip.style.top = Math.round(top) + "px";
    }

    function show(link, how) {
      clearTimeout(showTimer);
      clearTimeout(hideTimer);
      if (link === dismissed || !fill(link)) return;
      if (current && current !== link) current.removeAttribute("aria-describedby");
      current = link;
      openedBy = how;
      tip.hidden = false;
      link.setAttribute("aria-describedby", tip.id);
      place(link);
    }

    function hidePreview() {
      clearTimeout(showTimer);
      clearTimeout(hideTimer);
      if (!current) return;
      current.removeAttribute("aria-describedby");
      tip.hidden = true;
      current = null;
      openedBy = "";
    }

    function within(node, element) {
      return !!(node && element && element.contains(node));
    }

    function startPreviews() {
      tip = element("div", "concept-preview");
      tip.id = "concept-preview";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      document.body.appendChild(tip);
      links.forEach(function (link) {
        // The preview says more than the tooltip; both at once would overlap.
        if (link.hasAttribute("title") && cardAt(link.getAttribute("href"))) {
          link.setAttribute("data-concept-title", link.getAttribute("title"));
          link.removeAttribute("title");
        }
      });

      document.addEventListener("pointerover", function (event) {
        if (event.pointerType !== "mouse") return;
        var link = linkOf(event.target);
        if (link) {
          clearTimeout(hideTimer);
          if (link !== current) {
            clearTimeout(showTimer);
            showTimer = setTimeout(function () {
              show(link, "hover");
            }, 120);
          }
        } else if (within(event.target, tip)) {
          clearTimeout(hideTimer); // the pointer may rest on the preview
        }
      });
      document.addEventListener("pointerout", function (event) {
        if (event.pointerType !== "mouse") return;
        var link = linkOf(event.target);
        var into = event.relatedTarget;
        if (link && within(into, link)) return;
        if (link === dismissed && link) dismissed = null;
        if (link || within(event.target, tip)) {
          clearTimeout(showTimer);
          if (within(into, tip) || (current && within(into, current))) return;
          if (openedBy === "hover") {
            hideTimer = setTimeout(hidePreview, 200);
          }
        }
      });
      document.addEventListener("focusin", function (event) {
        var link = linkOf(event.target);
        if (link && link.matches(":focus-visible")) show(link, "focus");
      });
      document.addEventListener("focusout", function (event) {
        var link = linkOf(event.target);
        if (!link) return;
        if (link === dismissed) dismissed = null;
        if (link === current && openedBy === "focus") hidePreview();
      });
      document.addEventListener(
        "pointerdown",
        function (event) {
          lastPointer = event.pointerType;
          if (current && !within(event.target, tip) && linkOf(event.target) !== current) {
            hidePreview();
          }
        },
        true
      );
      document.addEventListener("click", function (event) {
        var link = linkOf(event.target);
        if (!link || event.defaultPrevented) return;
        var pointer = "pointerType" in event ? event.pointerType : lastPointer;
        if (pointer !== "touch" && pointer !== "pen") return; // mouse and keys follow
        if (link === current && openedBy === "tap") return; // a second tap follows
        event.preventDefault();
        dismissed = null;
        show(link, "tap");
      });
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && current) {
          dismissed = current;
          hidePreview();
        }
      });
      var pending = false;
      function follow() {
        if (pending || !current) return;
        pending = true;
        window.requestAnimationFrame(function () {
          pending = false;
          if (current) place(current);
        });
      }
      window.addEventListener("scroll", follow, { passive: true, capture: true });
      window.addEventListener("resize", follow, { passive: true });
      window.addEventListener("hashchange", hidePreview);
    }

    if (data.previews && links.length) startPreviews();
    applyAll();
  }
})();
