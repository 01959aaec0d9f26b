/**
 * MuPDF (wasm) and sharp (native) are loaded on first use, never by a static import: a bundle hoists
 * an external's static import to its top, so every child would pay for both (MuPDF's wasm compile is
 * the slowest part of a child's start). An image job never loads MuPDF; most PDF jobs never load sharp.
 */
import type * as MuPDF from "mupdf";
import type sharpFunction from "sharp";

export type MuPdf = typeof MuPDF;
export type SharpFunction = typeof sharpFunction;

let mupdf: Promise<MuPdf> | null = null;
let sharp: Promise<SharpFunction> | null = null;
let childTuning = false;

export function loadMupdf(): Promise<MuPdf> {
  mupdf ??= import("mupdf").then((module) => {
    // MuPDF narrates every repair on stderr; the outcome is what matters (errors still throw).
    module.setLog({ warning: () => {}, error: () => {} });
    return module;
  });
  return mupdf;
}

export function loadSharp(): Promise<SharpFunction> {
  sharp ??= import("sharp").then((module) => {
    const fn = module.default;
    if (childTuning) {
      // One libvips thread and no cache: the job runs beside others on a small machine.
      fn.concurrency(1);
      fn.cache(false);
    }
    return fn;
  });
  return sharp;
}

/** Called by the isolated child before anything loads sharp. */
export function tuneForChild(): void {
  childTuning = true;
}
