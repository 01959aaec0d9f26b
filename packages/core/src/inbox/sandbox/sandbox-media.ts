import { deflateSync } from "node:zlib";
import type { FetchedMedia } from "@quartet/integrations/social/types";
import { PDFDocument, rgb, StandardFonts } from "pdf-lib";

// The sandbox's sample attachments: made here, byte for byte, so "send a sample image / file"
// works offline and goes through the same media-fetch job as a platform's attachments.

export const SANDBOX_MEDIA = {
  "sample-image": { contentType: "IMAGE", mimeType: "image/png", filename: "sandbox-photo.png" },
  "sample-file": { contentType: "FILE", mimeType: "application/pdf", filename: "sandbox-order.pdf" },
} as const;

export type SandboxMediaId = keyof typeof SANDBOX_MEDIA;

export const isSandboxMediaId = (id: string | null | undefined): id is SandboxMediaId =>
  !!id && Object.hasOwn(SANDBOX_MEDIA, id);

/** The sample's bytes, or null for an id the sandbox never hands out. */
export async function sandboxMedia(mediaId: string | null): Promise<FetchedMedia | null> {
  if (!isSandboxMediaId(mediaId)) return null;
  const { mimeType, filename } = SANDBOX_MEDIA[mediaId];
  const bytes = mediaId === "sample-image" ? samplePng(160, 120) : await samplePdf();
  return { bytes, mimeType, filename };
}

/** A small RGB gradient (a "photo" with some colour). */
function samplePng(width: number, height: number): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const i = row + 1 + x * 3;
      raw[i] = Math.round((x / width) * 255);
      raw[i + 1] = Math.round((y / height) * 180) + 40;
      raw[i + 2] = 200;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(raw)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([length, body, crc]);
}

let crcTable: Uint32Array | null = null;
function crc32(bytes: Buffer): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

async function samplePdf(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([420, 300]);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  page.drawText("Order #1042", { x: 40, y: 240, size: 22, font, color: rgb(0.1, 0.1, 0.3) });
  page.drawText("2 x Trail backpack 30 L", { x: 40, y: 200, size: 12, font });
  page.drawText("1 x Rain cover", { x: 40, y: 180, size: 12, font });
  page.drawText("A sample file sent from the Quartet sandbox.", { x: 40, y: 60, size: 10, font });
  // A fixed date: the same bytes every time.
  pdf.setCreationDate(new Date("2026-01-01T00:00:00Z"));
  pdf.setModificationDate(new Date("2026-01-01T00:00:00Z"));
  return Buffer.from(await pdf.save());
}
