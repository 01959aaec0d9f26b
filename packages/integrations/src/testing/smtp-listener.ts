import { createServer, type Server, type Socket } from "node:net";

/**
 * A real SMTP listener on 127.0.0.1 for tests, speaking just enough of RFC 5321 for nodemailer
 * (EHLO, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT): it records each message it accepts.
 */
export function fakeSmtpServer(options: { rejectRecipient?: string; user?: string; pass?: string } = {}) {
  const received: { from: string; to: string[]; data: string; auth: string | null }[] = [];
  const server: Server = createServer((socket: Socket) => {
    let buffer = "";
    let inData = false;
    let current = { from: "", to: [] as string[], data: "", auth: null as string | null };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply("220 fake.smtp ESMTP ready");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      while (true) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end === -1) return;
          current.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          received.push(current);
          current = { from: "", to: [], data: "", auth: current.auth };
          reply("250 2.0.0 Ok: queued as FAKE123");
          continue;
        }
        const nl = buffer.indexOf("\r\n");
        if (nl === -1) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.split(" ")[0]?.toUpperCase();
        if (verb === "EHLO") reply(options.user ? "250-fake.smtp\r\n250 AUTH PLAIN" : "250 fake.smtp");
        else if (verb === "AUTH") {
          const creds = Buffer.from(line.split(" ")[2] ?? "", "base64")
            .toString("utf8")
            .split("\0");
          current.auth = `${creds[1]}:${creds[2]}`;
          reply(
            creds[1] === options.user && creds[2] === options.pass
              ? "235 2.7.0 Authentication successful"
              : "535 5.7.8 Bad credentials",
          );
        } else if (verb === "MAIL") {
          current.from = line;
          reply("250 2.1.0 Ok");
        } else if (verb === "RCPT") {
          if (options.rejectRecipient && line.includes(options.rejectRecipient))
            reply("550 5.1.1 No such user");
          else {
            current.to.push(line);
            reply("250 2.1.5 Ok");
          }
        } else if (verb === "DATA") {
          inData = true;
          reply("354 End data with <CR><LF>.<CR><LF>");
        } else if (verb === "RSET" || verb === "NOOP") reply("250 Ok");
        else if (verb === "QUIT") {
          reply("221 Bye");
          socket.end();
        } else reply("502 Command not implemented");
      }
    });
  });
  return {
    received,
    listen: () =>
      new Promise<number>((resolve) =>
        server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The Message-ID header of a received message's data, if any. */
export function messageIdOf(data: string): string | null {
  return /^Message-ID:\s*(<[^>]+>)/im.exec(data)?.[1] ?? null;
}
