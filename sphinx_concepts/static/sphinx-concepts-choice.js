/* sphinx-concepts: the reader's audience, before the page is shown.
 *
 * Loaded at the top of the page body on pages that offer the audience choice
 * (and in the head of the concept index), as an ordinary script: nothing below
 * it is parsed, so nothing is painted, before it has run.  So variant tabs open
 * on the reader's audience from the first frame, in every theme (furo puts
 * scripts at the end of the body, where they run after the page is painted).
 *
 * It owns the choice as stored: localStorage (no cookie, no server), one key per
 * site (the site's root folder), and a preset in the page's URL
 * (?audience=... or #audience=...).  sphinx-concepts-reading.js uses it through
 * window.sphinxConceptsChoice.  The stored value is matched against the
 * audiences the cards name (data-concept-audience), through CSS.escape: a
 * value nobody wrote for matches nothing.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.sphinxConceptsChoice) return;
  var root = new URL("..", script.src); // this file lives in <root>/_static/
  var STORE = "sphinx-concepts:" + root.pathname + ":";

  /** Names compared as the build compares them (NFKC, case, spaces, - and _). */
  function normal(value) {
    return value.normalize("NFKC").toLowerCase().replace(/[\s_-]+/g, " ").trim();
  }

  function stored(name) {
    try {
      return window.localStorage.getItem(STORE + name) || "";
    } catch (error) {
      return ""; // storage disabled: the choice lasts for this page
    }
  }

  function store(name, value) {
    try {
      if (value) window.localStorage.setItem(STORE + name, value);
      else window.localStorage.removeItem(STORE + name);
    } catch (error) {
      /* storage disabled or full */
    }
  }

  /** ?audience=... or #audience=... in this page's URL, as written; null when
   *  the URL names none. */
  function askedInUrl() {
    var asked = new URLSearchParams(location.search).get("audience");
    if (asked === null && location.hash.indexOf("#audience=") === 0) {
      asked = new URLSearchParams(location.hash.slice(1)).get("audience");
    }
    return asked;
  }

  // A style sheet of this page's own shows, in each group of variant tabs, the
  // panel whose card is for the reader's audience, unless a link targets a card
  // (then :target decides, as without scripts).
  var sheet = null;
  try {
    sheet = new CSSStyleSheet();
    document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
  } catch (error) {
    sheet = null; // an older browser: tabs open as the author made them
  }

  function openTabs(audience) {
    if (!sheet) return;
    var card = "> .concept-card[data-concept-audience=" + CSS.escape(audience) + "]";
    var group =
      ".concept-variants:has(> .concept-variants-panel " + card + ")" +
      ":not(:has(> .concept-variants-panel :target))";
    var rules = audience
      ? [
          group + " > .concept-variants-panel { display: none; }",
          group + " > .concept-variants-panel:has(" + card + ") { display: block; }",
          group +
            " > .concept-variants-tab { border-color: var(--concept-tab-border);" +
            " border-top-width: 1px; font-weight: inherit; opacity: 0.75; }",
          group +
            " > .concept-variants-tab:has(+ .concept-variants-panel " + card + ")" +
            " { border-color: var(--concept-tab-accent); border-top-width: 3px;" +
            " font-weight: 600; opacity: 1; }",
        ]
      : [];
    try {
      sheet.replaceSync("@media screen {\n" + rules.join("\n") + "\n}");
    } catch (error) {
      /* a browser without :has(): every card is shown anyway */
    }
  }

  var asked = askedInUrl();
  openTabs(normal(asked !== null ? asked : stored("audience")));

  window.sphinxConceptsChoice = {
    normal: normal,
    stored: stored,
    store: store,
    askedInUrl: askedInUrl,
    openTabs: openTabs,
  };
})();
