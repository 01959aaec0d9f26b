// Page previews of a PDF the person picked, rendered in the browser by PDF.js. The library (and
// its worker script) download the first time a PDF is added to a merge or organize tool, never
// with the tool page itself. Each thumbnail is a small JPEG data URL (the page's CSP allows data:
// images, not blob: ones).

type PdfJs = typeof import("pdfjs-dist");

let library: Promise<PdfJs> | null = null;

function pdfjs(): Promise<PdfJs> {
  library ??= Promise.all([import("pdfjs-dist"), import("pdfjs-dist/build/pdf.worker.min.mjs?url")]).then(
    ([lib, worker]) => {
      lib.GlobalWorkerOptions.workerSrc = worker.default;
      return lib;
    },
  );
  library.catch(() => {
    library = null;
  });
  return library;
}

export interface PdfPreview {
  pages: number;
  /** One data URL per rendered page (the first `maxPages`), in page order. */
  thumbnails: string[];
}

/**
 * Renders the first `maxPages` pages `width` CSS pixels wide. `onPage` is called as each page is
 * ready, so a long document fills in progressively. Rejects for a file PDF.js can't open (the
 * server says why when the job runs).
 */
export async function renderPdfPreview(
  file: Blob,
  {
    maxPages,
    width = 140,
    onPage,
    signal,
  }: {
    maxPages: number;
    width?: number;
    onPage?: (index: number, url: string) => void;
    signal?: AbortSignal;
  },
): Promise<PdfPreview> {
  const lib = await pdfjs();
  const data = new Uint8Array(await file.arrayBuffer());
  const task = lib.getDocument({ data, stopAtErrors: false, useWasm: false });
  signal?.addEventListener("abort", () => void task.destroy(), { once: true });
  const doc = await task.promise;
  try {
    const thumbnails: string[] = [];
    const count = Math.min(doc.numPages, maxPages);
    const ratio = Math.min(2, globalThis.devicePixelRatio || 1);
    for (let i = 1; i <= count; i++) {
      if (signal?.aborted) break;
      const page = await doc.getPage(i);
      const base = page.getViewport({ scale: 1 });
      const viewport = page.getViewport({ scale: (width * ratio) / base.width });
      const canvas = document.createElement("canvas");
      canvas.width = Math.ceil(viewport.width);
      canvas.height = Math.ceil(viewport.height);
      await page.render({ canvas, viewport, background: "#ffffff" }).promise;
      const url = canvas.toDataURL("image/jpeg", 0.72);
      page.cleanup();
      thumbnails.push(url);
      onPage?.(i - 1, url);
    }
    return { pages: doc.numPages, thumbnails };
  } finally {
    void task.destroy();
  }
}
