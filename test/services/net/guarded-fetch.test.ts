import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { addressRefusal, classifyAddress } from "../../../src/services/net/address-policy.js";
import { guardedFetch, GuardedFetchError, type GuardedFetchOptions } from "../../../src/services/net/guarded-fetch.js";
import { LONGHAND_VERSION, longhandUserAgent } from "../../../src/services/net/user-agent.js";

// Longhand fetches addresses that other people wrote (in an imported post, later in a
// webmention). None of them may make the server read its own machine or network.

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A real HTTP server on 127.0.0.1, and the requests it received. */
async function localServer(handler: http.RequestListener) {
  const requests: http.IncomingMessage[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request);
    handler(request, response);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, port, requests };
}

const OPTIONS: GuardedFetchOptions = {
  maxBytes: 64 * 1024,
  timeoutMs: 5_000,
  maxRedirects: 3,
  userAgent: longhandUserAgent("https://blog.example"),
  allowLoopback: false,
};
const LOCAL: GuardedFetchOptions = { ...OPTIONS, allowLoopback: true };

async function failure(promise: Promise<unknown>): Promise<GuardedFetchError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GuardedFetchError);
  return error as GuardedFetchError;
}

describe("which addresses Longhand refuses to connect to", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.254", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "shared"],
    ["169.254.169.254", "metadata"],
    ["169.254.10.1", "link-local"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["fe80::1", "link-local"],
    ["fc00::1", "unique-local"],
    ["fd00:ec2::254", "unique-local"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:169.254.169.254", "metadata"],
    ["64:ff9b::10.0.0.1", "private"],
    ["64:ff9b::7f00:1", "loopback"],
    ["2002:c0a8:0101::1", "private"],
  ] as const)("%s is %s", (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
    expect(addressRefusal(address, { allowLoopback: false })).toMatch(new RegExp(`^${address.replace(/\./g, "\\.")}( \\(.*\\))? is `));
  });

  it.each(["93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "64:ff9b::808:808"])("allows the public address %s", (address) => {
    expect(classifyAddress(address)).toBeNull();
    expect(addressRefusal(address, { allowLoopback: false })).toBeNull();
  });

  it("says why in a sentence a person can act on", () => {
    expect(addressRefusal("169.254.169.254", { allowLoopback: false })).toBe("169.254.169.254 is the cloud metadata address, which hands out a server's credentials");
    expect(addressRefusal("10.0.0.7", { allowLoopback: false }, "intranet.example")).toBe("intranet.example resolves to 10.0.0.7, which is a private network address");
  });

  it("allows loopback, and only loopback, when told to (for tests)", () => {
    for (const address of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) expect(addressRefusal(address, { allowLoopback: true })).toBeNull();
    for (const address of ["10.1.2.3", "169.254.169.254", "0.0.0.0", "fe80::1"]) expect(addressRefusal(address, { allowLoopback: true })).not.toBeNull();
  });
});

describe("guardedFetch", () => {
  it.each(["file:///etc/passwd", "ftp://files.example/a.png", "gopher://old.example/", "data:image/png;base64,AAAA"])("refuses %s: only http(s)", async (address) => {
    const error = await failure(guardedFetch(address, LOCAL));
    expect(error.code).toBe("refused-scheme");
    expect(error.message).toContain(address);
  });

  it("refuses what is no address at all", async () => {
    expect((await failure(guardedFetch("not a web address", LOCAL))).code).toBe("bad-address");
  });

  it("refuses a server on this machine, without connecting, unless loopback is allowed", async () => {
    const server = await localServer((_, response) => response.end("hello"));

    const refused = await failure(guardedFetch(`${server.origin}/a.txt`, OPTIONS));
    expect(refused.code).toBe("refused-address");
    expect(refused.message).toBe(`Could not fetch ${server.origin}/a.txt: 127.0.0.1 is a loopback address (this machine itself).`);
    expect(server.requests).toHaveLength(0);

    const fetched = await guardedFetch(`${server.origin}/a.txt`, LOCAL);
    expect(fetched.body.toString()).toBe("hello");
    expect(fetched.status).toBe(200);
  });

  it.each([
    ["http://[::1]/a.png", "::1 is a loopback"],
    ["http://[::ffff:127.0.0.1]/a.png", "::ffff:7f00:1 (127.0.0.1) is a loopback"],
    ["http://2130706433/a.png", "127.0.0.1 is a loopback"],
    ["http://0x7f.1/a.png", "127.0.0.1 is a loopback"],
    ["http://[fe80::1]/a.png", "fe80::1 is a link-local"],
    ["http://169.254.169.254/latest/meta-data/", "169.254.169.254 is the cloud metadata"],
  ])("refuses %s, however the address is written", async (address, reason) => {
    const error = await failure(guardedFetch(address, OPTIONS));
    expect(error.code).toBe("refused-address");
    expect(error.reason).toContain(reason);
  });

  it("refuses a host name that resolves to this machine", async () => {
    const server = await localServer((_, response) => response.end("hello"));
    const error = await failure(guardedFetch(`http://localhost:${server.port}/`, OPTIONS));
    expect(error.code).toBe("refused-address");
    expect(error.reason).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), which is a loopback address/);
    expect(server.requests).toHaveLength(0);
  });

  it("refuses a host when any one of its addresses is private", async () => {
    const resolveHost = async () => [
      { address: "93.184.216.34", family: 4 as const },
      { address: "10.0.0.5", family: 4 as const },
    ];
    const error = await failure(guardedFetch("http://mixed.example/a.png", { ...OPTIONS, resolveHost }));
    expect(error.reason).toBe("mixed.example resolves to 10.0.0.5, which is a private network address");
  });

  it("connects to the address it checked, not to whatever a second lookup would say", async () => {
    const server = await localServer((request, response) => response.end(`host ${request.headers.host}`));
    let lookups = 0;
    // A name no real DNS knows: only the checked answer can have brought the request here.
    const resolveHost = async () => {
      lookups++;
      return [{ address: "127.0.0.1", family: 4 as const }];
    };
    const fetched = await guardedFetch(`http://images.invalid:${server.port}/a.png`, { ...LOCAL, resolveHost });
    expect(fetched.body.toString()).toBe(`host images.invalid:${server.port}`);
    expect(lookups).toBe(1);
  });

  it("says so when a host does not exist", async () => {
    const resolveHost = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND gone.example"), { code: "ENOTFOUND" });
    };
    const error = await failure(guardedFetch("https://gone.example/a.png", { ...OPTIONS, resolveHost }));
    expect(error.code).toBe("host-not-found");
    expect(error.reason).toContain("the host gone.example was not found");
  });

  it("sends a User-Agent that names Longhand, its version and the blog", async () => {
    const server = await localServer((_, response) => response.end("ok"));
    await guardedFetch(`${server.origin}/`, LOCAL);
    expect(server.requests[0]?.headers["user-agent"]).toBe(`Longhand/${LONGHAND_VERSION} (+https://blog.example)`);
    expect(LONGHAND_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("follows redirects up to the limit, then stops", async () => {
    const server = await localServer((request, response) => {
      const hop = Number(request.url?.slice(1));
      response.writeHead(302, { location: `/${hop + 1}` }).end();
    });

    const error = await failure(guardedFetch(`${server.origin}/0`, LOCAL));
    expect(error.code).toBe("too-many-redirects");
    expect(error.reason).toContain("more than 3 times");
    expect(server.requests.map((r) => r.url)).toEqual(["/0", "/1", "/2", "/3"]);
  });

  it("follows a redirect to an allowed address", async () => {
    const server = await localServer((request, response) => {
      if (request.url === "/old") response.writeHead(301, { location: "/new" }).end();
      else response.end("moved here");
    });
    const fetched = await guardedFetch(`${server.origin}/old`, LOCAL);
    expect(fetched.body.toString()).toBe("moved here");
    expect(fetched.url).toBe(`${server.origin}/new`);
  });

  it("checks every redirect: one to the metadata address is refused", async () => {
    const server = await localServer((_, response) => response.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end());
    const error = await failure(guardedFetch(`${server.origin}/image.png`, LOCAL));
    expect(error.code).toBe("refused-address");
    expect(error.message).toBe(
      `Could not fetch ${server.origin}/image.png: it redirected to http://169.254.169.254/latest/meta-data/, and 169.254.169.254 is the cloud metadata address, which hands out a server's credentials.`,
    );
  });

  it("refuses a redirect to another scheme", async () => {
    const server = await localServer((_, response) => response.writeHead(302, { location: "file:///etc/passwd" }).end());
    expect((await failure(guardedFetch(`${server.origin}/a`, LOCAL))).code).toBe("refused-scheme");
  });

  it("stops reading past the size limit, and names the limit", async () => {
    let written = 0;
    const server = await localServer((_, response) => {
      // Streamed without a length, so only counting the bytes can tell.
      const chunk = Buffer.alloc(16 * 1024, 7);
      const more = () => {
        while (written < 10 * 1024 * 1024) {
          written += chunk.length;
          if (!response.write(chunk)) return void response.once("drain", more);
        }
        response.end();
      };
      more();
    });

    const error = await failure(guardedFetch(`${server.origin}/huge.png`, { ...LOCAL, maxBytes: 100_000 }));
    expect(error.code).toBe("too-large");
    expect(error.reason).toBe("it is larger than the limit of 100,000 bytes");
    expect(written).toBeLessThan(10 * 1024 * 1024);
  });

  it("refuses a body whose declared length is over the limit before reading it", async () => {
    const server = await localServer((_, response) => response.writeHead(200, { "content-length": String(30 * 1024 * 1024) }).end());
    const error = await failure(guardedFetch(`${server.origin}/big.png`, { ...LOCAL, maxBytes: 25 * 1024 * 1024 }));
    expect(error.reason).toBe("it is larger than the limit of 25 MB");
  });

  it("gives up on a server that never answers", async () => {
    const server = await localServer(() => undefined);
    const error = await failure(guardedFetch(`${server.origin}/slow.png`, { ...LOCAL, timeoutMs: 200 }));
    expect(error.code).toBe("timeout");
    expect(error.reason).toBe("it did not arrive within 200 ms");
  });

  it("gives up on a body that stops half-way", async () => {
    const server = await localServer((_, response) => {
      response.writeHead(200, { "content-length": "1000" });
      response.write("only the start");
    });
    expect((await failure(guardedFetch(`${server.origin}/half.png`, { ...LOCAL, timeoutMs: 300 }))).code).toBe("timeout");
  });

  it("treats an error status as a failure, naming it", async () => {
    const server = await localServer((_, response) => response.writeHead(404).end("not here"));
    const error = await failure(guardedFetch(`${server.origin}/gone.png`, LOCAL));
    expect(error.code).toBe("status");
    expect(error.status).toBe(404);
    expect(error.reason).toBe("the server answered 404 Not Found");
  });

  it("posts a form when given one, and hands back every response header", async () => {
    let received = "";
    const server = await localServer((request, response) => {
      request.setEncoding("utf8");
      request.on("data", (chunk: string) => (received += chunk));
      request.on("end", () => {
        response.setHeader("Link", ['<https://a.example/one>; rel="webmention"', "<https://a.example/two>; rel=hub"]);
        response.writeHead(202).end("queued");
      });
    });
    const fetched = await guardedFetch(`${server.origin}/endpoint`, { ...LOCAL, form: { source: "https://blog.example/a b", target: "https://b.example/?x=1&y=2" } });
    expect(server.requests[0]?.method).toBe("POST");
    expect(server.requests[0]?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(new URLSearchParams(received).get("source")).toBe("https://blog.example/a b");
    expect(new URLSearchParams(received).get("target")).toBe("https://b.example/?x=1&y=2");
    expect(fetched.status).toBe(202);
    expect(fetched.headers["link"]).toEqual(['<https://a.example/one>; rel="webmention"', "<https://a.example/two>; rel=hub"]);
  });

  it("does not follow a redirect with a form: the stranger's server does not choose where it goes", async () => {
    const server = await localServer((_, response) => response.writeHead(307, { location: "http://127.0.0.1:9/elsewhere" }).end());
    const error = await failure(guardedFetch(`${server.origin}/endpoint`, { ...LOCAL, form: { source: "s", target: "t" } }));
    expect(error.code).toBe("status");
    expect(error.status).toBe(307);
    expect(server.requests).toHaveLength(1);
  });

  it("reports a refused connection", async () => {
    const server = await localServer(() => undefined);
    const origin = server.origin;
    const only = servers.pop()!;
    await new Promise((resolve) => only.close(resolve));
    const error = await failure(guardedFetch(`${origin}/a.png`, LOCAL));
    expect(error.code).toBe("network");
    expect(error.reason).toContain("ECONNREFUSED");
  });
});
