import { readFile } from "node:fs/promises";
import jsQR from "jsqr";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, runForTest } from "../testing/fixtures.ts";

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

async function decode(image: Buffer): Promise<string | undefined> {
  const { data, info } = await sharp(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data), info.width, info.height)?.data;
}

describe("qr.generate", () => {
  it("a URL as a PNG of the size asked, which decodes back", async () => {
    const url = "https://example.com/tools?from=qr";
    const { output } = await runForTest("qr.generate", [], { content: { kind: "url", url }, size: 300 }, dir);
    expect(output).toMatchObject({ name: "qr-url.png", mime: "image/png" });
    const png = await readFile(output.path);
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 300, 300]);
    expect(await decode(png)).toBe(url);
  });

  it("Wi-Fi as an SVG, with special characters escaped", async () => {
    const { output } = await runForTest(
      "qr.generate",
      [],
      {
        content: { kind: "wifi", ssid: "Café;Net", password: "p@ss:word", encryption: "WPA" },
        format: "svg",
      },
      dir,
    );
    expect(output.mime).toBe("image/svg+xml");
    const svg = await readFile(output.path);
    expect(svg.toString("utf8")).toMatch(/^<svg/);
    const rendered = await sharp(svg, { density: 150 }).flatten({ background: "#ffffff" }).png().toBuffer();
    expect(await decode(rendered)).toBe("WIFI:T:WPA;S:Café\\;Net;P:p@ss\\:word;;");
  });

  it("a vCard", async () => {
    const { output } = await runForTest(
      "qr.generate",
      [],
      {
        content: {
          kind: "vcard",
          firstName: "Ada",
          lastName: "Lovelace",
          email: "ada@example.com",
          phone: "+44 20 1234",
        },
        errorCorrection: "Q",
      },
      dir,
    );
    const text = await decode(await readFile(output.path));
    expect(text?.split("\r\n")).toEqual([
      "BEGIN:VCARD",
      "VERSION:3.0",
      "N:Lovelace;Ada;;;",
      "FN:Ada Lovelace",
      "TEL;TYPE=CELL:+44 20 1234",
      "EMAIL:ada@example.com",
      "END:VCARD",
    ]);
  });
});
