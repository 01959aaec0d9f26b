// Icons for the SPAs, so each app uses the same set without its own dependency.
export * from "lucide-react";
