// Runs before the app: theme class and reading direction from the last visit, so nothing flashes.
(() => {
  const root = document.documentElement;
  try {
    const theme = localStorage.getItem("quartet.theme") || "system";
    const dark =
      theme === "dark" || (theme === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
    root.classList.add(dark ? "dark" : "light");
    const lang = localStorage.getItem("quartet.lang");
    if (lang === "ar" || lang === "fr" || lang === "en") {
      root.lang = lang;
      root.dir = lang === "ar" ? "rtl" : "ltr";
    }
  } catch {
    // storage blocked: the app applies the defaults itself
  }
})();
