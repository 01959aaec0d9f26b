import twitter from "twitter-text";

// Publish: the posting side of the social provider layer (the messaging side is ChannelProvider in
// types.ts; a platform that takes posts says so with ChannelCapabilities.publish). One
// PublishProvider per platform. Every call carries the publication's idempotency key, and a
// provider can be asked what it did under a key, so a publisher that died between the platform's
// answer and its own bookkeeping finds the post instead of posting it again.
//
// PUBLISH_RULES are the platforms' own limits as they count them (X weighs code points and counts
// every URL as 23; Mastodon counts URLs as 23 too; Bluesky counts graphemes).

export const PUBLISH_PROVIDER_IDS = [
  "sandbox",
  "x",
  "linkedin",
  "facebook",
  "instagram",
  "threads",
  "mastodon",
  "bluesky",
  "discord",
  "telegram",
  "youtube",
] as const;
export type PublishProviderId = (typeof PUBLISH_PROVIDER_IDS)[number];

/** How a platform counts a post's length. */
export type LengthCounter =
  /** twitter-text's weighted length: most CJK and emoji count 2, every URL 23. */
  | "twitter"
  /** Code points, every URL 23 (Mastodon). */
  | "codepoints-url23"
  /** User-perceived characters (Bluesky). */
  | "graphemes"
  /** Code points. */
  | "codepoints";

export type PublishMediaKind = "image" | "video" | "pdf";

export interface PublishRules {
  name: string;
  maxLength: number;
  /** A caption under media may be shorter than a text post (Telegram). */
  maxLengthWithMedia?: number;
  counter: LengthCounter;
  media: {
    required: boolean;
    maxCount: number;
    kinds: readonly PublishMediaKind[];
    maxImageBytes: number;
    maxVideoBytes: number;
    maxVideoSeconds: number;
  };
  titleRequired: boolean;
  maxTitleLength: number | null;
  /** Replies can form a thread. */
  threads: boolean;
}

const MB = 1024 * 1024;
const IMG_VID = ["image", "video"] as const;

export const PUBLISH_RULES: Record<PublishProviderId, PublishRules> = {
  sandbox: {
    name: "Sandbox",
    maxLength: 5000,
    counter: "codepoints",
    media: {
      required: false,
      maxCount: 10,
      kinds: ["image", "video", "pdf"],
      maxImageBytes: 20 * MB,
      maxVideoBytes: 500 * MB,
      maxVideoSeconds: 3600,
    },
    titleRequired: false,
    maxTitleLength: 300,
    threads: true,
  },
  x: {
    name: "X",
    maxLength: 280,
    counter: "twitter",
    media: {
      required: false,
      maxCount: 4,
      kinds: IMG_VID,
      maxImageBytes: 5 * MB,
      maxVideoBytes: 512 * MB,
      maxVideoSeconds: 140,
    },
    titleRequired: false,
    maxTitleLength: null,
    threads: true,
  },
  linkedin: {
    name: "LinkedIn",
    maxLength: 3000,
    counter: "codepoints",
    media: {
      required: false,
      maxCount: 9,
      kinds: ["image", "video", "pdf"],
      maxImageBytes: 10 * MB,
      maxVideoBytes: 200 * MB,
      maxVideoSeconds: 600,
    },
    titleRequired: false,
    maxTitleLength: null,
    threads: false,
  },
  facebook: {
    name: "Facebook",
    maxLength: 63_206,
    counter: "codepoints",
    media: {
      required: false,
      maxCount: 10,
      kinds: IMG_VID,
      maxImageBytes: 10 * MB,
      maxVideoBytes: 1024 * MB,
      maxVideoSeconds: 240 * 60,
    },
    titleRequired: false,
    maxTitleLength: null,
    threads: false,
  },
  instagram: {
    name: "Instagram",
    maxLength: 2200,
    counter: "codepoints",
    media: {
      required: true,
      maxCount: 10,
      kinds: IMG_VID,
      maxImageBytes: 8 * MB,
      maxVideoBytes: 300 * MB,
      maxVideoSeconds: 15 * 60,
    },
    titleRequired: false,
    maxTitleLength: null,
    threads: false,
  },
  threads: {
    name: "Threads",
    maxLength: 500,
    counter: "codepoints",
    media: {
      required: false,
      maxCount: 10,
      kinds: IMG_VID,
      maxImageBytes: 8 * MB,
      maxVideoBytes: 1024 * MB,
      maxVideoSeconds: 300,
    },
    titleRequired: false,
    maxTitleLength: null,
    threads: true,
  },
  mastodon: {
    name: "Mastodon",
    maxLength: 500,
    counter: "codepoints-url23",
    media: {
      required: false,
      maxCount: 4,
      kinds: IMG_VID,
      maxImageBytes: 16 * MB,
      maxVideoBytes: 99 * MB,
      maxVideoSeconds: 3600,
    },
    titleRequired: false,
    maxTitleLength: null,
    threads: true,
  },
  bluesky: {
    name: "Bluesky",
    maxLength: 300,
    counter: "graphemes",
    media: {
      required: false,
      maxCount: 4,
      kinds: IMG_VID,
      maxImageBytes: 1 * MB,
      maxVideoBytes: 50 * MB,
      maxVideoSeconds: 180,
    },
    titleRequired: false,
    maxTitleLength: null,
    threads: true,
  },
  discord: {
    name: "Discord",
    maxLength: 2000,
    counter: "codepoints",
    media: {
      required: false,
      maxCount: 10,
      kinds: ["image", "video", "pdf"],
      maxImageBytes: 25 * MB,
      maxVideoBytes: 25 * MB,
      maxVideoSeconds: 3600,
    },
    titleRequired: false,
    maxTitleLength: null,
    threads: false,
  },
  telegram: {
    name: "Telegram",
    maxLength: 4096,
    maxLengthWithMedia: 1024,
    counter: "codepoints",
    media: {
      required: false,
      maxCount: 10,
      kinds: ["image", "video", "pdf"],
      maxImageBytes: 10 * MB,
      maxVideoBytes: 50 * MB,
      maxVideoSeconds: 3600,
    },
    titleRequired: false,
    maxTitleLength: null,
    threads: false,
  },
  youtube: {
    name: "YouTube",
    maxLength: 5000,
    counter: "codepoints",
    media: {
      required: true,
      maxCount: 1,
      kinds: ["video"],
      maxImageBytes: 0,
      maxVideoBytes: 256 * 1024 * MB,
      maxVideoSeconds: 12 * 3600,
    },
    titleRequired: true,
    maxTitleLength: 100,
    threads: false,
  },
};

export const isPublishProviderId = (value: string): value is PublishProviderId =>
  (PUBLISH_PROVIDER_IDS as readonly string[]).includes(value);

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const codePoints = (text: string) => [...text].length;

/** The length of `text` as the platform counts it. */
export function countLength(text: string, counter: LengthCounter): number {
  switch (counter) {
    case "twitter":
      return twitter.parseTweet(text).weightedLength;
    case "graphemes":
      return [...graphemes.segment(text)].length;
    case "codepoints-url23": {
      let length = codePoints(text);
      for (const url of twitter.extractUrlsWithIndices(text)) length += 23 - codePoints(url.url);
      return length;
    }
    case "codepoints":
      return codePoints(text);
  }
}

export interface PublishMedia {
  /** The library item's id. */
  id: string;
  /** Storage key (providers read the bytes through the caller) or a public URL. */
  path: string;
  type: PublishMediaKind;
  mimeType?: string | null;
  fileSize: number;
  durationMs?: number | null;
  alt?: string | null;
}

export interface PublishIssue {
  /** "content", "title", "media". */
  field: "content" | "title" | "media";
  message: string;
}

/** Every way a post breaks the platform's rules (empty: it may go out). */
export function checkPublishRules(
  rules: PublishRules,
  post: { text: string; title?: string | null; media: readonly PublishMedia[] },
): PublishIssue[] {
  const issues: PublishIssue[] = [];
  const max = post.media.length > 0 && rules.maxLengthWithMedia ? rules.maxLengthWithMedia : rules.maxLength;
  const length = countLength(post.text, rules.counter);
  if (length > max)
    issues.push({
      field: "content",
      message: `${rules.name} allows ${max} characters${post.media.length > 0 && rules.maxLengthWithMedia ? " with media" : ""}; this post counts ${length}.`,
    });
  if (length === 0 && post.media.length === 0)
    issues.push({ field: "content", message: `Write something or attach media for ${rules.name}.` });
  const title = post.title?.trim() ?? "";
  if (rules.titleRequired && !title) issues.push({ field: "title", message: `${rules.name} needs a title.` });
  if (rules.maxTitleLength !== null && codePoints(title) > rules.maxTitleLength)
    issues.push({
      field: "title",
      message: `${rules.name} allows titles of ${rules.maxTitleLength} characters.`,
    });
  if (rules.media.required && post.media.length === 0)
    issues.push({
      field: "media",
      message: `${rules.name} needs ${rules.media.kinds.includes("image") ? "an image or a video" : "a video"}.`,
    });
  if (post.media.length > rules.media.maxCount)
    issues.push({
      field: "media",
      message: `${rules.name} takes at most ${rules.media.maxCount} attachment${rules.media.maxCount === 1 ? "" : "s"}.`,
    });
  for (const item of post.media) {
    if (!rules.media.kinds.includes(item.type)) {
      issues.push({ field: "media", message: `${rules.name} doesn't take ${item.type} attachments.` });
      continue;
    }
    const maxBytes = item.type === "video" ? rules.media.maxVideoBytes : rules.media.maxImageBytes;
    if (item.type !== "pdf" && item.fileSize > maxBytes)
      issues.push({
        field: "media",
        message: `${rules.name} takes ${item.type}s up to ${Math.floor(maxBytes / MB)} MB.`,
      });
    if (item.type === "video" && item.durationMs && item.durationMs > rules.media.maxVideoSeconds * 1000)
      issues.push({
        field: "media",
        message: `${rules.name} takes videos up to ${rules.media.maxVideoSeconds} seconds.`,
      });
  }
  return issues;
}

// ── The provider interface ─────────────────────────────────────────────────────────────────────

export interface PublishCredentials {
  accessToken: string;
  /** The account's id on the platform (Integration.internalId). */
  accountId: string;
  refreshToken?: string | null;
}

export interface PublishRequest {
  /** Unique per post, channel and occurrence: the platform (or our record of it) deduplicates on it. */
  idempotencyKey: string;
  text: string;
  title?: string | null;
  media: readonly PublishMedia[];
  /** Threads: the platform id of the post this one answers. */
  replyToReleaseId?: string | null;
  settings?: Record<string, unknown>;
}

export interface PublishResult {
  releaseId: string;
  releaseURL: string | null;
}

export interface PublishProvider {
  readonly identifier: PublishProviderId;
  /** false for the sandbox (Quartet itself is the platform). */
  readonly external: boolean;
  /** Throws ChannelError (retryable for rate limits and outages). */
  publish(credentials: PublishCredentials, request: PublishRequest): Promise<PublishResult>;
  /**
   * What was published under `idempotencyKey`, or null when nothing was. The recovery path asks
   * before posting again after an attempt died mid-call.
   */
  findByIdempotencyKey(
    credentials: PublishCredentials,
    idempotencyKey: string,
  ): Promise<PublishResult | null>;
}
