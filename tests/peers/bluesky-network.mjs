// Local AT Protocol network for the Bluesky connector tests, loopback only, from @atproto/dev-env's TestNetwork:
// PLC (in memory) + PDS + Bsky AppView (PostgreSQL + Redis) + Ozone moderation.
// Creates the test accounts and prints one JSON line starting with {"ready" holding the connection details.
// env: DB_POSTGRES_URL, REDIS_HOST (host:port), PLC_PORT, PDS_PORT, BSKY_PORT, OZONE_PORT
import http from 'node:http'

// The services call listen(port) without a host, which means every interface; keep them on loopback.
const listen = http.Server.prototype.listen
http.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && (args.length === 1 || typeof args[1] === 'function')) {
    args.splice(1, 0, '127.0.0.1')
  }
  return listen.apply(this, args)
}

const t0 = Date.now()
const { TestNetwork, mockMailer } = await import('@atproto/dev-env')
const bskyPort = Number(process.env.BSKY_PORT || 2584)
const network = await TestNetwork.create({
  dbPostgresSchema: 'chorus_bluesky',
  plc: { port: Number(process.env.PLC_PORT || 2582) },
  pds: { port: Number(process.env.PDS_PORT || 2583), hostname: 'localhost' },
  bsky: { port: bskyPort, publicUrl: `http://localhost:${bskyPort}` },
  ozone: {
    port: Number(process.env.OZONE_PORT || 2587),
    chatUrl: 'http://localhost:2590', // not started: Chorus does not use chat
    chatDid: 'did:example:chat',
  },
})
mockMailer(network.pds)
const startupMs = Date.now() - t0

async function xrpc(method, body, token) {
  const res = await fetch(`${network.pds.url}/xrpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  })
  const json = await res.json()
  if (!res.ok) throw new Error(`${method}: ${res.status} ${JSON.stringify(json)}`)
  return json
}

async function account(name) {
  const handle = `${name}.test`
  const password = `${name}-password`
  const created = await xrpc('com.atproto.server.createAccount', { handle, email: `${name}@example.test`, password })
  const app = await xrpc('com.atproto.server.createAppPassword', { name: 'chorus-tests' }, created.accessJwt)
  return { handle, did: created.did, password, appPassword: app.password }
}

const alice = await account('alice')
const bob = await account('bob')
const carol = await account('carol')
await network.processAll()

console.log(JSON.stringify({
  ready: true,
  startupMs,
  totalMs: Date.now() - t0,
  plc: network.plc.url,
  pds: network.pds.url,
  bsky: network.bsky.url,
  ozone: network.ozone.url,
  ozoneDid: network.ozone.ctx.cfg.service.did,
  adminPassword: 'admin-pass',
  alice,
  bob,
  carol,
}))

// Let the AppView keep up with the firehose so new posts show in search and notifications quickly.
setInterval(() => network.processAll().catch((e) => console.error('processAll', e.message)), 250)

const shutdown = async () => {
  await network.close().catch(() => {})
  process.exit(0)
}
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)
