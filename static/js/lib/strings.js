// The page's strings, the one way every script gets them: the server renders them,
// translated, into <script type="application/json" id="page-strings"> (a JSON block
// is data, not script, so the Content-Security-Policy allows it); read once.
let loaded = null;

export function strings() {
  if (loaded === null) loaded = JSON.parse(document.getElementById("page-strings").textContent);
  return loaded;
}

// Fill "%(name)s" placeholders, as gettext's Python side writes them.
export function fmt(text, params = {}) {
  return text.replace(/%\((\w+)\)s/g, (_, name) => String(params[name] ?? ""));
}

// A count in words, in the page's language: `forms` is {one, other} with "%(n)s" in
// each (the server's plural forms, see web/i18n.plural_forms).
const pluralRules = new Intl.PluralRules(document.documentElement.lang || "sv");
export function count(forms, n) {
  return fmt(forms[pluralRules.select(n)] ?? forms.other, { n });
}
