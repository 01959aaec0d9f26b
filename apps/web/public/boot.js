// Runs before the app: theme class and reading direction from the last visit, so nothing flashes.
(function () {
  var root = document.documentElement;
  try {
    var theme = localStorage.getItem("quartet.theme") || "system";
    var dark = theme === "dark" || (theme === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
    root.classList.add(dark ? "dark" : "light");
    var lang = localStorage.getItem("quartet.lang");
    if (lang === "ar" || lang === "fr" || lang === "en") {
      root.lang = lang;
      root.dir = lang === "ar" ? "rtl" : "ltr";
    }
  } catch (e) {
    // storage blocked: the app applies the defaults itself
  }
})();
