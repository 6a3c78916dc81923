// Durability: the server is killed (SIGKILL) in the middle of a burst of registrations. Everything it had
// acknowledged with 201 must survive the restart, and nothing may be half-written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { api, volunteerBody, pool } from './helpers.mjs';

const TOTAL = 40;
const PARALLEL = 8;

let server;

before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

function allFulfilled(results) {
  for (const r of results) if (r?.status === 'rejected') throw r.reason;
}

test('a SIGKILL during a burst of concurrent registrations loses no registration that was answered 201', async (t) => {
  const http = api(server.baseUrl);
  const bodies = Array.from({ length: TOTAL }, () => volunteerBody());
  // Crash after a random number of acknowledgements, so the kill lands while requests are in flight.
  const crashAfter = 4 + Math.floor(Math.random() * (TOTAL - 12));
  const acknowledged = new Map(); // index → volunteer
  const unanswered = []; // sent, but the answer never came
  let crashing = null;

  const burst = await pool(bodies, PARALLEL, async (body, i) => {
    if (crashing) return; // never sent
    let r;
    try {
      r = await http.post('/api/v1/volunteers', body);
    } catch {
      unanswered.push(i); // the connection died with the server: the outcome is unknown
      return;
    }
    assert.equal(r.status, 201, `registration ${i} before the crash: ${r.status} ${r.text}`);
    acknowledged.set(i, r.body);
    if (acknowledged.size === crashAfter && !crashing) crashing = server.crash();
  });
  allFulfilled(burst);
  assert.ok(crashing, 'the crash happened during the burst');
  await crashing;
  assert.ok(acknowledged.size >= crashAfter, `${acknowledged.size} acknowledged before the crash`);

  t.diagnostic(`crashed after ${acknowledged.size} acknowledged; ${unanswered.length} requests cut off`);
  await server.restart();

  // Every acknowledged registration logs in, and its volunteer record is the one that was answered.
  await pool([...acknowledged.entries()], 4, async ([i, volunteer]) => {
    const body = bodies[i];
    const r = await http.post('/api/v1/sessions', { phone: body.phone, password: body.password });
    assert.equal(r.status, 201, `acknowledged registration ${i} (${volunteer.volunteer_number}) cannot log in: ${r.text}`);
    const me = await http.get('/api/v1/me', { token: r.body.token });
    assert.equal(me.status, 200);
    assert.ok(me.body.volunteer, `acknowledged registration ${i} has lost its volunteer record`);
    assert.equal(me.body.volunteer.id, volunteer.id);
    assert.equal(me.body.volunteer.volunteer_number, volunteer.volunteer_number);
  }).then(allFulfilled);

  // A request cut off by the crash is all or nothing: either the account logs in and has its volunteer, or
  // the same registration can be made again (no orphan account holding the phone or ID number).
  await pool(unanswered, 4, async (i) => {
    const body = bodies[i];
    const r = await http.post('/api/v1/sessions', { phone: body.phone, password: body.password });
    if (r.status === 201) {
      const me = await http.get('/api/v1/me', { token: r.body.token });
      assert.ok(me.body.volunteer, `registration ${i} cut off by the crash left an account without a volunteer`);
      return;
    }
    assert.equal(r.status, 401, r.text);
    const again = await http.post('/api/v1/volunteers', body);
    assert.equal(again.status, 201, `registration ${i} cut off by the crash left a trace: ${again.status} ${again.text}`);
  }).then(allFulfilled);

  // The restarted server works normally and numbers volunteers without reusing a number.
  const fresh = await http.post('/api/v1/volunteers', volunteerBody());
  assert.equal(fresh.status, 201, fresh.text);
  const numbers = new Set([...acknowledged.values()].map((v) => v.volunteer_number));
  assert.ok(!numbers.has(fresh.body.volunteer_number), 'a volunteer number is never reused after a crash');
});
