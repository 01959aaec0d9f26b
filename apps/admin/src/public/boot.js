// Runs before the first paint (the CSP allows only same-origin scripts, so it is a file, not inline):
// applies the saved theme and reading direction so dark mode and Arabic don't flash.
(() => {
  const root = document.documentElement;
  let theme = null;
  let lang = null;
  try {
    theme = localStorage.getItem("quartet.theme");
    lang = localStorage.getItem("quartet.lang");
  } catch {
    // storage blocked: follow the system
  }
  const dark = theme === "dark" || (theme !== "light" && matchMedia("(prefers-color-scheme: dark)").matches);
  root.classList.add(dark ? "dark" : "light");
  if (lang === "en" || lang === "fr" || lang === "ar") {
    root.lang = lang;
    root.dir = lang === "ar" ? "rtl" : "ltr";
  }
})();
