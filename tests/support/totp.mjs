// The second factor of administrator log-ins as tests compute it: RFC 6238 time-based one-time passwords
// (HMAC-SHA-1, 6 digits, 30-second steps), as in every authenticator app.
//
// The server accepts a code of the steps now-1, now and now+1 only when that step is later than the last step
// the account used, so each code works once. Tests that log the same administrator in several times in a row
// therefore take their codes from `withFreshTotp`, which remembers (per process) the last step handed out for
// each (server, secret, account), picks the lowest unused step of the window, and otherwise waits for the next
// step. Log-ins of one account are serialised so that a later step never reaches the server before an earlier
// one.
import { createHmac } from 'node:crypto';

export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;

// The published secret of the demo administrators of `zhiyuan serve --demo` (all share it).
export const DEMO_TOTP_SECRET = 'ZHIYUANDEMOMEIZHOUVOLUNTEERSTOTP';
// The demo accounts that need it: the city admin, the auditor, the security admin and the eight county admins.
export const DEMO_ADMIN_PHONES = Object.freeze([
  '13800000001', '13800000002', '13800000003',
  ...Array.from({ length: 8 }, (_, i) => `138000000${11 + i}`),
]);
export const isDemoAdmin = (phone) => DEMO_ADMIN_PHONES.includes(String(phone));

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

// RFC 4648 base32 (case-insensitive; padding, spaces and dashes ignored) → bytes. Throws on other characters.
export function base32Decode(text) {
  const clean = String(text).toUpperCase().replace(/[\s=-]/g, '');
  const out = [];
  let bits = 0;
  let value = 0;
  for (const c of clean) {
    const v = BASE32.indexOf(c);
    if (v < 0) throw new Error(`not base32: ${JSON.stringify(text)}`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

// The time step (Unix seconds / 30) of an epoch-milliseconds instant.
export const totpStep = (ms = Date.now()) => Math.floor(ms / 1000 / TOTP_STEP_SECONDS);

// The 6-digit code of `step` for a base32 `secret` (RFC 4226 HOTP of the step counter, dynamic truncation).
export function totpCode(secret, step = totpStep()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** TOTP_DIGITS).padStart(TOTP_DIGITS, '0');
}

// The first otpauth://totp/… URI in `text` (e.g. the output of `zhiyuan admin create`), parsed:
// {uri, label, issuer, secret, algorithm, digits, period}; null when there is none.
export function parseOtpauth(text) {
  const m = /otpauth:\/\/totp\/\S+/.exec(String(text ?? ''));
  if (!m) return null;
  const url = new URL(m[0]);
  const q = url.searchParams;
  return {
    uri: m[0],
    label: decodeURIComponent(url.pathname.replace(/^\/+/, '')),
    issuer: q.get('issuer'),
    secret: q.get('secret'),
    algorithm: q.get('algorithm') ?? 'SHA1',
    digits: Number(q.get('digits') ?? TOTP_DIGITS),
    period: Number(q.get('period') ?? TOTP_STEP_SECONDS),
  };
}

// ---- replay-aware codes ----------------------------------------------------------------------------------

const lastStep = new Map(); // key → the last step handed out
const queues = new Map(); // key → the tail of the log-ins of that key in flight

const keyOf = (where, secret, account) => `${where}\u0000${String(secret).toUpperCase()}\u0000${account ?? ''}`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// A code of the window now-1…now+1 later than the last one handed out for the key, or null when all three are
// used. `marginMs`: how long the code may take to reach the server — a step that would fall out of the window
// by then (now-1 near the end of a step) is not offered.
export function reserveTotp({ where, secret, account, now = Date.now(), marginMs = 5000 }) {
  const key = keyOf(where, secret, account);
  const current = totpStep(now);
  const lowest = Math.max((lastStep.get(key) ?? -Infinity) + 1, totpStep(now + marginMs) - 1);
  if (lowest > current + 1) return null;
  lastStep.set(key, lowest);
  return { code: totpCode(secret, lowest), step: lowest };
}

// Records that `step` was used for the key outside `reserveTotp` (e.g. a code a test computed itself).
export function markTotpUsed({ where, secret, account }, step) {
  const key = keyOf(where, secret, account);
  lastStep.set(key, Math.max(lastStep.get(key) ?? -Infinity, step));
}

// The next unused code for the key, waiting for the next time step when the window is used up.
export async function nextTotp(source) {
  for (;;) {
    const r = reserveTotp(source);
    if (r) return r;
    const now = Date.now();
    await sleep((totpStep(now) + 1) * TOTP_STEP_SECONDS * 1000 - now + 50);
  }
}

// Runs `fn(code, step)` with the next unused code of {where (the server: base URL or database), secret (base32),
// account (e.g. the phone)}; calls for the same key run one after another. Answers what `fn` answers.
export function withFreshTotp(source, fn) {
  const key = keyOf(source.where, source.secret, source.account);
  const run = (queues.get(key) ?? Promise.resolve()).then(async () => {
    const { code, step } = await nextTotp(source);
    return fn(code, step);
  });
  const tail = run.catch(() => {});
  queues.set(key, tail);
  tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return run;
}
