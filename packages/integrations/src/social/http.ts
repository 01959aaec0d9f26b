import { channelError } from "./errors.ts";

// One JSON call to a platform's API host (a fixed, configured base URL: plain fetch). Attachment
// downloads from URLs a platform hands out go through safeFetch instead (see media.ts).

export interface ApiResponse {
  status: number;
  /** Parsed JSON, or null when the body isn't JSON. */
  json: unknown;
  text: string;
}

export interface ApiRequest {
  method?: "GET" | "POST" | "DELETE";
  headers?: Record<string, string>;
  /** An object is sent as JSON; FormData as multipart. */
  body?: unknown;
  timeoutMs: number;
}

export async function callApi(url: URL | string, request: ApiRequest): Promise<ApiResponse> {
  const headers: Record<string, string> = { accept: "application/json", ...request.headers };
  let body: string | FormData | undefined;
  if (request.body instanceof FormData) body = request.body;
  else if (request.body !== undefined) {
    body = JSON.stringify(request.body);
    headers["content-type"] = "application/json";
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method ?? (body === undefined ? "GET" : "POST"),
      headers,
      body,
      signal: AbortSignal.timeout(request.timeoutMs),
      redirect: "error",
    });
  } catch (error) {
    const timedOut = (error as { name?: string })?.name === "TimeoutError";
    throw channelError("UNAVAILABLE", {
      detail: timedOut
        ? `${new URL(url).host} took longer than ${request.timeoutMs / 1000} s`
        : `could not reach ${new URL(url).host}`,
    });
  }
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: response.status, json, text };
}

/** A base URL without its trailing slashes, so `${base}/${path}` is always one slash. */
export function trimBase(url: string): string {
  return url.replace(/\/+$/, "");
}
