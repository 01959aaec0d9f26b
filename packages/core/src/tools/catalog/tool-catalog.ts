import type { Db } from "@quartet/db/client";
import type { AccessLevel } from "@quartet/db/enums";
import type { ProcessorId } from "../processors.ts";

// The Tools catalogue (issue 12): one row per processor of @quartet/processors, with its slug,
// category, minimum tier and localized name, description and search-engine meta (en / fr / ar).
// The code is the source of truth: `syncToolCatalog` upserts it (pnpm start's seed, the worker at
// boot, tests), leaving an admin's `isActive` switch alone.

export type ToolCategory = "pdf" | "image" | "utilities";
type Localized = { en: string; fr: string; ar: string };

export interface CatalogTool {
  slug: string;
  category: ToolCategory;
  processor: ProcessorId;
  accessLevel: AccessLevel;
  countsAsOperation: boolean;
  name: Localized;
  description: Localized;
  metaTitle: Localized;
  metaDescription: Localized;
}

function tool(
  slug: string,
  category: ToolCategory,
  processor: ProcessorId,
  accessLevel: AccessLevel,
  name: Localized,
  description: Localized,
  options: { countsAsOperation?: boolean } = {},
): CatalogTool {
  return {
    slug,
    category,
    processor,
    accessLevel,
    countsAsOperation: options.countsAsOperation ?? true,
    name,
    description,
    metaTitle: {
      en: `${name.en} online, free and private | Quartet`,
      fr: `${name.fr} en ligne, gratuit et privé | Quartet`,
      ar: `${name.ar} عبر الإنترنت مجانًا وبخصوصية | Quartet`,
    },
    metaDescription: {
      en: `${description.en} Files are deleted after 24 hours.`,
      fr: `${description.fr} Les fichiers sont supprimés après 24 heures.`,
      ar: `${description.ar} تُحذف الملفات بعد 24 ساعة.`,
    },
  };
}

export const TOOL_CATALOG: readonly CatalogTool[] = [
  tool(
    "pdf-merge",
    "pdf",
    "pdf.merge",
    "GUEST",
    { en: "Merge PDF", fr: "Fusionner des PDF", ar: "دمج ملفات PDF" },
    {
      en: "Combine several PDFs into one, in the order you choose.",
      fr: "Combinez plusieurs PDF en un seul, dans l'ordre de votre choix.",
      ar: "اجمع عدة ملفات PDF في ملف واحد بالترتيب الذي تختاره.",
    },
  ),
  tool(
    "pdf-split",
    "pdf",
    "pdf.split",
    "GUEST",
    { en: "Split PDF", fr: "Diviser un PDF", ar: "تقسيم ملف PDF" },
    {
      en: "Split a PDF by page ranges or every N pages and download the parts as a ZIP.",
      fr: "Divisez un PDF par plages de pages ou toutes les N pages et téléchargez les parties en ZIP.",
      ar: "قسّم ملف PDF حسب نطاقات الصفحات أو كل N صفحات ونزّل الأجزاء في ملف ZIP.",
    },
  ),
  tool(
    "pdf-compress",
    "pdf",
    "pdf.compress",
    "GUEST",
    { en: "Compress PDF", fr: "Compresser un PDF", ar: "ضغط ملف PDF" },
    {
      en: "Make a PDF smaller while keeping its text searchable.",
      fr: "Réduisez la taille d'un PDF en gardant son texte consultable.",
      ar: "صغّر حجم ملف PDF مع إبقاء نصه قابلًا للبحث.",
    },
  ),
  tool(
    "pdf-rotate",
    "pdf",
    "pdf.rotate",
    "GUEST",
    { en: "Rotate PDF", fr: "Faire pivoter un PDF", ar: "تدوير ملف PDF" },
    {
      en: "Rotate all pages or only some pages of a PDF.",
      fr: "Faites pivoter toutes les pages d'un PDF ou seulement certaines.",
      ar: "دوّر كل صفحات ملف PDF أو بعضها فقط.",
    },
  ),
  tool(
    "pdf-organize",
    "pdf",
    "pdf.organize",
    "FREE",
    { en: "Organize PDF pages", fr: "Organiser les pages d'un PDF", ar: "ترتيب صفحات PDF" },
    {
      en: "Reorder or delete the pages of a PDF.",
      fr: "Réordonnez ou supprimez les pages d'un PDF.",
      ar: "أعد ترتيب صفحات ملف PDF أو احذف بعضها.",
    },
  ),
  tool(
    "pdf-watermark",
    "pdf",
    "pdf.watermark",
    "FREE",
    { en: "Add a watermark to a PDF", fr: "Ajouter un filigrane à un PDF", ar: "إضافة علامة مائية إلى PDF" },
    {
      en: "Stamp a text watermark across the pages of a PDF.",
      fr: "Apposez un filigrane texte sur les pages d'un PDF.",
      ar: "ضع علامة مائية نصية على صفحات ملف PDF.",
    },
  ),
  tool(
    "pdf-page-numbers",
    "pdf",
    "pdf.pageNumbers",
    "FREE",
    { en: "Add page numbers to a PDF", fr: "Numéroter les pages d'un PDF", ar: "ترقيم صفحات PDF" },
    {
      en: "Add page numbers where you want them on every page.",
      fr: "Ajoutez des numéros de page à l'endroit voulu sur chaque page.",
      ar: "أضف أرقام الصفحات في المكان الذي تريده على كل صفحة.",
    },
  ),
  tool(
    "pdf-protect",
    "pdf",
    "pdf.protect",
    "FREE",
    { en: "Protect PDF with a password", fr: "Protéger un PDF par mot de passe", ar: "حماية PDF بكلمة مرور" },
    {
      en: "Encrypt a PDF with AES-256 so it needs a password to open.",
      fr: "Chiffrez un PDF en AES-256 pour qu'il faille un mot de passe pour l'ouvrir.",
      ar: "شفّر ملف PDF بمعيار AES-256 بحيث يحتاج إلى كلمة مرور لفتحه.",
    },
  ),
  tool(
    "pdf-unlock",
    "pdf",
    "pdf.unlock",
    "FREE",
    { en: "Unlock PDF", fr: "Déverrouiller un PDF", ar: "إلغاء قفل PDF" },
    {
      en: "Remove the password from a PDF you can open.",
      fr: "Retirez le mot de passe d'un PDF que vous pouvez ouvrir.",
      ar: "أزل كلمة المرور من ملف PDF يمكنك فتحه.",
    },
  ),
  tool(
    "pdf-to-images",
    "pdf",
    "pdf.toImages",
    "FREE",
    { en: "PDF to images", fr: "PDF en images", ar: "تحويل PDF إلى صور" },
    {
      en: "Turn each page of a PDF into a PNG or JPEG image at the resolution you choose.",
      fr: "Transformez chaque page d'un PDF en image PNG ou JPEG à la résolution voulue.",
      ar: "حوّل كل صفحة من ملف PDF إلى صورة PNG أو JPEG بالدقة التي تختارها.",
    },
  ),
  tool(
    "pdf-repair",
    "pdf",
    "pdf.repair",
    "PREMIUM",
    { en: "Repair PDF", fr: "Réparer un PDF", ar: "إصلاح ملف PDF" },
    {
      en: "Rebuild a damaged PDF so it opens again.",
      fr: "Reconstruisez un PDF endommagé pour qu'il s'ouvre de nouveau.",
      ar: "أعد بناء ملف PDF تالف ليفتح من جديد.",
    },
  ),
  tool(
    "images-to-pdf",
    "pdf",
    "images.toPdf",
    "GUEST",
    { en: "Images to PDF", fr: "Images en PDF", ar: "تحويل الصور إلى PDF" },
    {
      en: "Put JPEG, PNG or WebP images into one PDF, one image per page.",
      fr: "Rassemblez des images JPEG, PNG ou WebP dans un PDF, une image par page.",
      ar: "اجمع صور JPEG أو PNG أو WebP في ملف PDF واحد، صورة في كل صفحة.",
    },
  ),
  tool(
    "image-resize",
    "image",
    "image.resize",
    "GUEST",
    { en: "Resize image", fr: "Redimensionner une image", ar: "تغيير حجم الصورة" },
    {
      en: "Change the width and height of an image, keeping its proportions if you like.",
      fr: "Changez la largeur et la hauteur d'une image, en gardant ses proportions si vous voulez.",
      ar: "غيّر عرض الصورة وارتفاعها مع الحفاظ على تناسبها إن أردت.",
    },
  ),
  tool(
    "image-convert",
    "image",
    "image.convert",
    "GUEST",
    { en: "Convert image", fr: "Convertir une image", ar: "تحويل صيغة الصورة" },
    {
      en: "Convert images between JPEG, PNG, WebP and AVIF.",
      fr: "Convertissez des images entre JPEG, PNG, WebP et AVIF.",
      ar: "حوّل الصور بين صيغ JPEG وPNG وWebP وAVIF.",
    },
  ),
  tool(
    "image-compress",
    "image",
    "image.compress",
    "GUEST",
    { en: "Compress image", fr: "Compresser une image", ar: "ضغط الصورة" },
    {
      en: "Make an image file smaller with little visible change.",
      fr: "Réduisez le poids d'une image avec peu de différence visible.",
      ar: "صغّر حجم ملف الصورة مع تغيير بصري طفيف.",
    },
  ),
  tool(
    "image-strip-metadata",
    "image",
    "image.stripMetadata",
    "FREE",
    {
      en: "Remove image metadata",
      fr: "Supprimer les métadonnées d'une image",
      ar: "إزالة بيانات الصورة الوصفية",
    },
    {
      en: "Remove EXIF data such as location and camera details from a photo.",
      fr: "Retirez d'une photo les données EXIF comme la position et l'appareil.",
      ar: "أزل بيانات EXIF مثل الموقع وتفاصيل الكاميرا من الصورة.",
    },
  ),
  tool(
    "qr-code",
    "utilities",
    "qr.generate",
    "GUEST",
    { en: "QR code generator", fr: "Générateur de QR code", ar: "مولّد رموز QR" },
    {
      en: "Create a QR code for a link, a Wi-Fi network or a contact card, as PNG or SVG.",
      fr: "Créez un QR code pour un lien, un réseau Wi-Fi ou une carte de contact, en PNG ou SVG.",
      ar: "أنشئ رمز QR لرابط أو شبكة Wi-Fi أو بطاقة اتصال بصيغة PNG أو SVG.",
    },
    { countsAsOperation: false },
  ),
];

const others = (value: Localized) => ({ fr: value.fr, ar: value.ar });

/** Upserts the catalogue (idempotent; an admin's `isActive` is kept). Returns the number of tools. */
export async function syncToolCatalog(db: Db): Promise<number> {
  await db.$transaction(
    TOOL_CATALOG.map((entry, index) => {
      const fields = {
        category: entry.category,
        processor: entry.processor,
        accessLevel: entry.accessLevel,
        countsAsOperation: entry.countsAsOperation,
        name: entry.name.en,
        description: entry.description.en,
        metaTitle: entry.metaTitle.en,
        metaDescription: entry.metaDescription.en,
        nameLocalized: others(entry.name),
        descriptionLocalized: others(entry.description),
        metaTitleLocalized: others(entry.metaTitle),
        metaDescriptionLocalized: others(entry.metaDescription),
        sortOrder: index,
        processingType: "API" as const,
      };
      return db.tool.upsert({
        where: { slug: entry.slug },
        update: fields,
        create: { slug: entry.slug, ...fields },
      });
    }),
  );
  return TOOL_CATALOG.length;
}
