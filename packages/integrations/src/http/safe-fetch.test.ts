import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAddress } from "./address-policy.ts";
import { type HostResolver, SafeFetchError, safeFetch } from "./safe-fetch.ts";

// Every connection these tests make goes to a server of their own on the loopback range; the
// refused addresses are refused before any socket is opened.

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

async function startServer(host: string, handler: Handler) {
  const hits: { url: string; method: string; body: string; headers: IncomingMessage["headers"] }[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => {
      hits.push({ url: req.url ?? "", method: req.method ?? "", body, headers: req.headers });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    hits,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A resolver that answers from a table and counts its calls. */
function fakeDns(table: Record<string, string[] | ((call: number) => string[])>) {
  const calls: string[] = [];
  const resolve: HostResolver = async (hostname) => {
    calls.push(hostname);
    const entry = table[hostname];
    if (!entry) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    const addresses = typeof entry === "function" ? entry(calls.filter((c) => c === hostname).length) : entry;
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return { resolve, calls };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected the fetch to fail");
    },
    (e: unknown) => {
      if (!(e instanceof SafeFetchError)) throw e;
      return e;
    },
  );

describe("address policy", () => {
  it("judges IPv6 forms by the IPv4 address they embed", () => {
    const refused = [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.5.5",
      "192.168.0.10",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "224.0.0.1",
      "255.255.255.255",
      "::1",
      "::",
      "fe80::1",
      "fd00::1",
      "2001:db8::1",
      "::ffff:127.0.0.1", // IPv4-mapped
      "::ffff:7f00:1",
      "::ffff:a9fe:a9fe",
      "::7f00:1", // IPv4-compatible (the reported gap)
      "::127.0.0.1",
      "::a00:1",
      "::ffff:0:7f00:1", // IPv4-translated (RFC 6145)
      "64:ff9b::7f00:1", // NAT64 well-known prefix
      "64:ff9b::10.0.0.1",
      "64:ff9b::a9fe:a9fe",
      "64:ff9b:1::808:808", // local-use NAT64 (RFC 8215): never public
      "2002:7f00:1::1", // 6to4 of 127.0.0.1
      "2002:a9fe:a9fe::", // 6to4 of 169.254.169.254
      "2001:0:4136:e378:8000:63bf:80ff:fffe", // Teredo, client 127.0.0.1 (stored inverted)
      "2001:0:a00:1:8000:63bf:f7f7:f7f7", // Teredo, server 10.0.0.1
    ];
    for (const address of refused) expect(checkAddress(address).ok, address).toBe(false);
    const allowed = [
      "8.8.8.8",
      "93.184.216.34",
      "2606:4700::1111",
      "::ffff:8.8.8.8",
      "::808:808",
      "64:ff9b::8.8.8.8",
      "2002:808:808::1",
      "2001:0:4136:e378:8000:63bf:f7f7:f7f7", // Teredo, server 65.54.227.120, client 8.8.8.8
    ];
    for (const address of allowed) expect(checkAddress(address), address).toEqual({ ok: true });
    // The reason names the range, never the address.
    expect(checkAddress("::7f00:1")).toEqual({ ok: false, reason: "loopback (embedded IPv4)" });
  });
});

describe("safeFetch: the SSRF guard", () => {
  it("refuses internal targets in every spelling, before any connection", async () => {
    const dns = fakeDns({
      "intranet.example.test": ["127.0.0.1"],
      "mixed.example.test": ["93.184.216.34", "10.0.0.5"],
      "nat64.example.test": ["64:ff9b::a9fe:a9fe"],
    });
    const urls = [
      "https://[::7f00:1]/",
      "https://[::ffff:127.0.0.1]/",
      "https://[::ffff:7f00:1]/",
      "https://[::ffff:0:7f00:1]/",
      "https://[64:ff9b::7f00:1]/",
      "https://[64:ff9b::a9fe:a9fe]/latest/meta-data",
      "https://[64:ff9b:1::808:808]/",
      "https://[2002:7f00:1::1]/",
      "https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",
      "https://[::1]/",
      "https://[fe80::1]/",
      "https://[fd12:3456::1]/",
      "https://2130706433/", // decimal 127.0.0.1
      "https://0177.0.0.1/", // octal
      "https://0x7f.0.0.1/", // hex
      "https://0x7f000001/",
      "https://017700000001/",
      "https://127.1/",
      "https://3232235777/", // 192.168.1.1
      "https://169.254.169.254/latest/meta-data",
      "https://100.64.0.1/",
      "https://0.0.0.0/",
      "https://localhost/",
      "https://LOCALHOST./",
      "https://api.localhost/",
      "https://intranet.example.test/", // a name resolving to 127.0.0.1
      "https://mixed.example.test/", // one public, one private answer
      "https://nat64.example.test/",
    ];
    for (const url of urls) {
      const error = await failure(safeFetch(url, { resolve: dns.resolve }));
      expect(error.code, url).toBe("FORBIDDEN_ADDRESS");
      expect(error.message, url).toMatch(/^Refused to call .+: it is not a public address\.$/);
    }
    // Only the three names were looked up (literals never reach DNS; localhost is refused by name).
    expect(dns.calls.sort()).toEqual(["intranet.example.test", "mixed.example.test", "nat64.example.test"]);
  });

  it("never echoes the address a name resolved to", async () => {
    const dns = fakeDns({ "hooks.example.test": ["127.0.0.1"], "meta.example.test": ["169.254.169.254"] });
    for (const [host, address] of [
      ["hooks.example.test", "127.0.0.1"],
      ["meta.example.test", "169.254.169.254"],
    ] as const) {
      const error = await failure(safeFetch(`https://${host}/`, { resolve: dns.resolve }));
      expect(error.message).toBe(`Refused to call ${host}: it is not a public address.`);
      expect(error.message).not.toContain(address);
    }
    // Connection errors too: Node's own message ("connect ECONNREFUSED 127.0.0.1:1") is not passed on.
    const refused = await failure(
      safeFetch("http://hooks.example.test:1/", { resolve: dns.resolve, allowPrivateAddresses: true }),
    );
    expect(refused.code).toBe("CONNECT");
    expect(refused.message).toBe("Could not reach hooks.example.test:1 (ECONNREFUSED).");
  });

  it("refuses plain http unless allowed, and URLs with credentials", async () => {
    expect((await failure(safeFetch("http://93.184.216.34/"))).code).toBe("PROTOCOL");
    expect((await failure(safeFetch("ftp://93.184.216.34/"))).code).toBe("PROTOCOL");
    expect((await failure(safeFetch("https://user:pw@93.184.216.34/"))).code).toBe("INVALID_URL");
    expect((await failure(safeFetch("not a url"))).code).toBe("INVALID_URL");
  });
});

describe("safeFetch against local servers", () => {
  // 127.0.0.1 stands in for "a public host" (the only address isAllowedAddress lets through);
  // 127.0.0.2 is the internal service an attacker wants to reach.
  const onlyPublicStandIn = { isAllowedAddress: (a: string) => a === "127.0.0.1", allowHttp: true };
  let publicSite: Awaited<ReturnType<typeof startServer>>;
  let internal: Awaited<ReturnType<typeof startServer>>;
  let routes: Record<string, Handler> = {};

  beforeAll(async () => {
    publicSite = await startServer("127.0.0.1", (req, res, body) => {
      const route = routes[(req.url ?? "").split("?")[0] ?? ""];
      if (route) route(req, res, body);
      else res.writeHead(404).end("no such route");
    });
    internal = await startServer("127.0.0.2", (_req, res) => res.writeHead(200).end("internal secrets"));
  });
  afterAll(async () => {
    await publicSite?.close();
    await internal?.close();
  });

  it("re-checks each redirect hop: a public-looking redirect to an internal address is refused", async () => {
    const dns = fakeDns({ "cdn.example.test": ["127.0.0.1"], "files.example.test": ["127.0.0.2"] });
    routes = {
      "/to-internal-name": (_q, res) =>
        res.writeHead(302, { location: `http://files.example.test:${internal.port}/` }).end(),
      "/to-metadata": (_q, res) =>
        res.writeHead(301, { location: "http://[::ffff:169.254.169.254]/latest/meta-data" }).end(),
      "/to-self": (_q, res) => res.writeHead(302, { location: "/final" }).end(),
      "/final": (_q, res) => res.writeHead(200, { "content-type": "text/plain" }).end("hello"),
    };
    const base = `http://cdn.example.test:${publicSite.port}`;

    const toName = await failure(
      safeFetch(`${base}/to-internal-name`, { ...onlyPublicStandIn, resolve: dns.resolve }),
    );
    expect(toName.code).toBe("FORBIDDEN_ADDRESS");
    expect(toName.message).toBe("Refused to call files.example.test: it is not a public address.");
    expect(toName.message).not.toContain("127.0.0.2");
    const toMetadata = await failure(
      safeFetch(`${base}/to-metadata`, { ...onlyPublicStandIn, resolve: dns.resolve }),
    );
    expect(toMetadata.code).toBe("FORBIDDEN_ADDRESS");
    expect(internal.hits).toHaveLength(0);

    // An allowed hop is followed, and the answer says where it came from.
    const ok = await safeFetch(`${base}/to-self`, { ...onlyPublicStandIn, resolve: dns.resolve });
    expect(ok.status).toBe(200);
    expect(ok.text()).toBe("hello");
    expect(ok.url).toBe(`${base}/final`);
    expect(ok.redirectedFrom).toEqual([`${base}/to-self`]);
    // redirect: manual hands the 3xx back instead.
    const manual = await safeFetch(`${base}/to-internal-name`, {
      ...onlyPublicStandIn,
      resolve: dns.resolve,
      redirect: "manual",
    });
    expect(manual.status).toBe(302);
  });

  it("pins the connection to the checked address: the host is resolved once per hop", async () => {
    // A rebinding resolver: the first answer passes the check, any later one points inside.
    const dns = fakeDns({ "rebind.example.test": (call) => (call === 1 ? ["127.0.0.1"] : ["127.0.0.2"]) });
    routes = { "/pinned": (_q, res) => res.writeHead(200).end("from the checked address") };
    const before = publicSite.hits.length;
    const res = await safeFetch(`http://rebind.example.test:${publicSite.port}/pinned`, {
      ...onlyPublicStandIn,
      resolve: dns.resolve,
    });
    expect(res.text()).toBe("from the checked address");
    expect(dns.calls).toEqual(["rebind.example.test"]);
    expect(publicSite.hits.length).toBe(before + 1);
    expect(publicSite.hits.at(-1)?.headers.host).toBe(`rebind.example.test:${publicSite.port}`);
    expect(internal.hits).toHaveLength(0);
  });

  it("keeps POST and its body through 307, turns 303 into a GET, and drops credentials across origins", async () => {
    const dns = fakeDns({ "a.example.test": ["127.0.0.1"], "b.example.test": ["127.0.0.1"] });
    routes = {
      "/307": (_q, res) => res.writeHead(307, { location: "/echo" }).end(),
      "/303": (_q, res) => res.writeHead(303, { location: "/echo" }).end(),
      "/cross": (_q, res) =>
        res.writeHead(307, { location: `http://b.example.test:${publicSite.port}/echo` }).end(),
      "/echo": (req, res, body) =>
        res
          .writeHead(200)
          .end(JSON.stringify({ method: req.method, body, auth: req.headers.authorization ?? null })),
    };
    const base = `http://a.example.test:${publicSite.port}`;
    const opts = { ...onlyPublicStandIn, resolve: dns.resolve, method: "POST" as const, body: "payload" };
    expect(JSON.parse((await safeFetch(`${base}/307`, opts)).text())).toMatchObject({
      method: "POST",
      body: "payload",
    });
    expect(JSON.parse((await safeFetch(`${base}/303`, opts)).text())).toMatchObject({
      method: "GET",
      body: "",
    });
    const cross = await safeFetch(`${base}/cross`, { ...opts, headers: { authorization: "Bearer secret" } });
    expect(JSON.parse(cross.text())).toMatchObject({ method: "POST", auth: null });
  });

  it("caps the answer's size while it streams, bounds redirects, and times out", async () => {
    const dns = fakeDns({ "big.example.test": ["127.0.0.1"] });
    routes = {
      "/declared": (_q, res) => res.writeHead(200, { "content-length": String(2 * 1024 * 1024) }).end(),
      "/streamed": (_q, res) => {
        res.writeHead(200); // chunked, no length announced
        const chunk = Buffer.alloc(64 * 1024, 97);
        let sent = 0;
        const push = () => {
          while (sent < 64 && res.write(chunk)) sent++;
          if (sent < 64 && !res.destroyed) res.once("drain", push);
          else res.end();
        };
        push();
      },
      "/loop": (_q, res) => res.writeHead(302, { location: "/loop" }).end(),
      "/slow": () => {}, // never answers
    };
    const base = `http://big.example.test:${publicSite.port}`;
    const opts = { ...onlyPublicStandIn, resolve: dns.resolve, maxResponseBytes: 256 * 1024 };
    expect((await failure(safeFetch(`${base}/declared`, opts))).code).toBe("TOO_LARGE");
    const streamed = await failure(safeFetch(`${base}/streamed`, opts));
    expect(streamed.code).toBe("TOO_LARGE");
    expect(streamed.message).toBe(
      `The answer from big.example.test:${publicSite.port} is larger than 256 KB.`,
    );
    expect((await failure(safeFetch(`${base}/loop`, { ...opts, maxRedirects: 3 }))).code).toBe(
      "TOO_MANY_REDIRECTS",
    );
    const slow = await failure(safeFetch(`${base}/slow`, { ...opts, timeoutMs: 300 }));
    expect(slow.code).toBe("TIMEOUT");
  });
});
