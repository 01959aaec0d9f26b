import QRCode from "qrcode";
import type { z } from "zod";
import type { qrGenerateOptions } from "../registry.ts";
import type { Processor } from "./context.ts";
import { writeOutput } from "./context.ts";

type QrOptions = z.infer<typeof qrGenerateOptions>;

/** Wi-Fi QR payload (the ZXing "WIFI:" format phones read): \ ; , : " are escaped. */
function wifiEscape(text: string): string {
  return text.replace(/([\\;,:"])/g, "\\$1");
}

/** vCard 3.0 text values: \ , ; and new lines are escaped. */
function vcardEscape(text: string): string {
  return text.replace(/([\\,;])/g, "\\$1").replace(/\r?\n/g, "\\n");
}

export function qrPayload(content: QrOptions["content"]): string {
  switch (content.kind) {
    case "url":
      return content.url;
    case "wifi": {
      const parts = [`T:${content.encryption}`, `S:${wifiEscape(content.ssid)}`];
      if (content.encryption !== "nopass") parts.push(`P:${wifiEscape(content.password)}`);
      if (content.hidden) parts.push("H:true");
      return `WIFI:${parts.join(";")};;`;
    }
    case "vcard": {
      const lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        `N:${vcardEscape(content.lastName)};${vcardEscape(content.firstName)};;;`,
        `FN:${vcardEscape([content.firstName, content.lastName].filter(Boolean).join(" "))}`,
      ];
      if (content.organization) lines.push(`ORG:${vcardEscape(content.organization)}`);
      if (content.title) lines.push(`TITLE:${vcardEscape(content.title)}`);
      if (content.phone) lines.push(`TEL;TYPE=CELL:${vcardEscape(content.phone)}`);
      if (content.email) lines.push(`EMAIL:${vcardEscape(content.email)}`);
      if (content.url) lines.push(`URL:${vcardEscape(content.url)}`);
      lines.push("END:VCARD");
      return lines.join("\r\n");
    }
  }
}

export const qrGenerate: Processor<QrOptions> = async ({ options, workDir, progress }) => {
  const text = qrPayload(options.content);
  const common = {
    errorCorrectionLevel: options.errorCorrection,
    margin: options.margin,
    width: options.size,
    color: { dark: `${options.foreground}ff`, light: `${options.background}ff` },
  };
  progress(30);
  const name = `qr-${options.content.kind}.${options.format}`;
  const output =
    options.format === "svg"
      ? await writeOutput(
          workDir,
          name,
          "image/svg+xml",
          await QRCode.toString(text, { ...common, type: "svg" }),
        )
      : await writeOutput(
          workDir,
          name,
          "image/png",
          await QRCode.toBuffer(text, { ...common, type: "png" }),
        );
  return {
    outputs: [output],
    metadata: { kind: options.content.kind, format: options.format, size: options.size },
  };
};
