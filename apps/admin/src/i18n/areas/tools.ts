// Strings of the console's Tools usage screen, in English; French and Arabic live in tools.fr.ts
// and tools.ar.ts with the same keys.

export const toolsEn = {
  nav: "Tools usage",
  title: "Tools usage",
  description:
    "Runs of each online tool from the usage log: successes, failures, time and volume. Days in UTC.",
  range: "Period",
  days: "Last {{days}} days",
  kpi: {
    runs: "Runs",
    succeeded: "Succeeded",
    failed: "Failed",
    cancelled: "Cancelled",
  },
  chart: {
    title: "Runs by day",
    description: "Every finished job, with the failures among them.",
    summary: "{{runs}} runs and {{failed}} failures over the period.",
    empty: "No tool was used in this period.",
    day: "Day",
    runs: "Runs",
    failed: "Failed",
  },
  table: {
    caption: "Usage per tool",
    tool: "Tool",
    runs: "Runs",
    succeeded: "Succeeded",
    failed: "Failed",
    users: "Users",
    guests: "Guests",
    avg: "Average time",
    volume: "Input volume",
  },
  ms: "{{value}} ms",
  mb: "{{value}} MB",
};
