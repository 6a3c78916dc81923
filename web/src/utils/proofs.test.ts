import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { bytesToHex, isSha256Hex, sha256Bytes, sha256Hex, sha256OfFile } from './sha256'
import { checkProofRange, filterProofs, normalizeProofNumber, proofCounts, proofPeriodLabel, proofPeriodText, verifyPath } from './proofs'
import { proofStatusLabel, proofStatusTagType } from './labels'
import { listOrganizationProofs, myProofPdfPath, revokeProof } from '@/api/proofs'
import { configureHttp } from '@/api/http'
import { verifyProofFile } from '@/api/proofs'
import { setLocale, t } from '@/i18n'

const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

describe('SHA-256 of a file in the browser', () => {
  it('writes lower-case hex', () => {
    expect(bytesToHex(new Uint8Array([0, 15, 16, 255]))).toBe('000f10ff')
    expect(bytesToHex(new Uint8Array([0xab]).buffer)).toBe('ab')
    expect(isSha256Hex(ABC)).toBe(true)
    expect(isSha256Hex(ABC.toUpperCase())).toBe(false)
    expect(isSha256Hex(ABC.slice(1))).toBe(false)
  })
  it('gives the FIPS 180-4 digests with Web Crypto', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe(ABC)
    expect(await sha256Hex(new Uint8Array(0))).toBe(EMPTY)
  })
  it('gives the same digests without Web Crypto (an insecure context)', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'), null)).toBe(ABC)
    expect(await sha256Hex(new Uint8Array(0), null)).toBe(EMPTY)
    const twoBlocks = new TextEncoder().encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')
    expect(bytesToHex(sha256Bytes(twoBlocks))).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1')
  })
  it('matches node’s hash for every length around the block and padding edges, and for a PDF-sized file', () => {
    for (const len of [1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 1000]) {
      const data = randomBytes(len)
      expect(bytesToHex(sha256Bytes(data)), `length ${len}`).toBe(createHash('sha256').update(data).digest('hex'))
    }
    const big = randomBytes(521_744)
    expect(bytesToHex(sha256Bytes(big))).toBe(createHash('sha256').update(big).digest('hex'))
  })
  it('falls back when Web Crypto refuses', async () => {
    const refusing = { digest: () => Promise.reject(new Error('insecure')) }
    expect(await sha256Hex(new TextEncoder().encode('abc'), refusing)).toBe(ABC)
  })
  it('reads a picked file and changes with a single byte', async () => {
    const bytes = new TextEncoder().encode('%PDF-1.7\n…\n%%EOF\n')
    const original = await sha256OfFile(new Blob([bytes]))
    const edited = bytes.slice()
    edited[10] = edited[10]! ^ 1
    expect(original).toBe(createHash('sha256').update(bytes).digest('hex'))
    expect(await sha256OfFile(new Blob([edited]))).not.toBe(original)
  })
})

describe('proof numbers and periods', () => {
  it('normalises typed or pasted numbers', () => {
    expect(normalizeProofNumber(' zm2026db1dse9869 ')).toBe('ZM2026DB1DSE9869')
    expect(normalizeProofNumber('ZM2026 DB1D SE9869')).toBe('ZM2026DB1DSE9869')
    expect(normalizeProofNumber('http://127.0.0.1:8080/verify/proofs/ZM2026DB1DSE9869?x=1')).toBe('ZM2026DB1DSE9869')
    expect(normalizeProofNumber('../../etc')).toBe('')
    expect(normalizeProofNumber('')).toBe('')
    expect(normalizeProofNumber(undefined)).toBe('')
  })
  it('builds the public and the owner’s paths', () => {
    expect(verifyPath('ZM2026DB1DSE9869')).toBe('/verify/proofs/ZM2026DB1DSE9869')
    expect(myProofPdfPath('ZM2026DB1DSE9869')).toBe('/api/v1/me/proofs/ZM2026DB1DSE9869/pdf')
    expect(myProofPdfPath('a/b')).toBe('/api/v1/me/proofs/a%2Fb/pdf')
  })
  it('says which period a proof covers', () => {
    setLocale('zh-CN')
    const words = { all: t('proof.periodAll'), since: t('proof.periodSince'), until: t('proof.periodUntil'), range: t('proof.periodRange') }
    expect(proofPeriodText(null, null, words)).toBe('全部服务时长')
    expect(proofPeriodText('2026-01-01', '2026-03-31', words)).toBe('2026-01-01 至 2026-03-31')
    expect(proofPeriodText('2026-01-01', null, words)).toBe('2026-01-01 起')
    expect(proofPeriodText(null, '2026-03-31', words)).toBe('截至 2026-03-31')
  })
  it('checks a requested range before sending it', () => {
    expect(checkProofRange('2026-01-01', '2026-03-31', '2026-11-29')).toBe('')
    expect(checkProofRange('2026-01-01', '2026-01-01', '2026-11-29')).toBe('')
    expect(checkProofRange('', '2026-03-31', '2026-11-29')).toBe('required')
    expect(checkProofRange('2026-04-01', '2026-03-31', '2026-11-29')).toBe('endsBeforeStart')
    expect(checkProofRange('2026-01-01', '2026-12-01', '2026-11-29')).toBe('inFuture')
  })
  it('labels the statuses as the list shows them', () => {
    setLocale('zh-CN')
    expect(proofStatusLabel('genuine')).toBe('有效')
    expect(proofStatusLabel('superseded')).toBe('已替换')
    expect(proofStatusLabel('revoked')).toBe('已撤销')
    expect(proofStatusTagType('genuine')).toBe('success')
    expect(proofStatusTagType('revoked')).toBe('danger')
    expect(t('verify.fileGenuine')).toBe('文件与平台出具的原件一致')
    expect(t('verify.fileNotGenuine')).toBe('该文件不是平台出具的原件，或已被修改')
  })
})

describe('file check request', () => {
  it('asks GET /proof-files/{sha256} and surfaces the 404 code', async () => {
    const calls: string[] = []
    configureHttp({
      fetch: async (input) => {
        calls.push(String(input))
        return new Response(
          JSON.stringify({ status: 404, code: 'proof_file_not_genuine', detail: '该文件不是平台出具的证明原件，或已被修改' }),
          { status: 404, headers: { 'Content-Type': 'application/problem+json' } },
        )
      },
    })
    const err = await verifyProofFile(EMPTY).catch((e: unknown) => e)
    expect(calls).toEqual([`/api/v1/proof-files/${EMPTY}`])
    expect(err).toMatchObject({ status: 404, code: 'proof_file_not_genuine' })
    configureHttp({ fetch: (...args) => globalThis.fetch(...args) })
  })
})

describe('the organisation’s proofs', () => {
  const proofs = [
    { number: 'ZM2026AAAA1111', status: 'genuine', volunteer_name: '林艳', volunteer_number: 'ZY202600000002' },
    { number: 'ZM2026BBBB2222', status: 'superseded', volunteer_name: '林艳', volunteer_number: 'ZY202600000002' },
    { number: 'ZM2026CCCC3333', status: 'revoked', volunteer_name: '刘艳', volunteer_number: 'ZY202600000003' },
    { number: 'ZM2026DDDD4444', status: 'genuine', volunteer_name: 'Li Ming', volunteer_number: 'ZY202600000009' },
  ]
  const numbers = (list: { number: string }[]) => list.map((p) => p.number)

  it('counts each status', () => {
    expect(proofCounts(proofs)).toEqual({ all: 4, genuine: 2, superseded: 1, revoked: 1 })
    expect(proofCounts([])).toEqual({ all: 0, genuine: 0, superseded: 0, revoked: 0 })
  })

  it('filters by status and finds by number, name or volunteer number', () => {
    expect(numbers(filterProofs(proofs, '', ''))).toEqual(numbers(proofs))
    expect(numbers(filterProofs(proofs, 'genuine', ''))).toEqual(['ZM2026AAAA1111', 'ZM2026DDDD4444'])
    expect(numbers(filterProofs(proofs, '', '林艳'))).toEqual(['ZM2026AAAA1111', 'ZM2026BBBB2222'])
    expect(numbers(filterProofs(proofs, 'genuine', '林艳'))).toEqual(['ZM2026AAAA1111'])
    expect(numbers(filterProofs(proofs, '', 'zy202600000003'))).toEqual(['ZM2026CCCC3333'])
    expect(numbers(filterProofs(proofs, '', ' zm2026 cccc '))).toEqual(['ZM2026CCCC3333'])
    expect(numbers(filterProofs(proofs, '', 'li ming'))).toEqual(['ZM2026DDDD4444'])
    // A pasted verification link finds its proof.
    expect(numbers(filterProofs(proofs, '', 'https://zy.example/verify/proofs/ZM2026BBBB2222'))).toEqual(['ZM2026BBBB2222'])
    expect(filterProofs(proofs, 'revoked', '林艳')).toEqual([])
  })

  it('words the period in the page’s language', () => {
    setLocale('zh-CN')
    expect(proofPeriodLabel(null, null)).toBe('全部服务时长')
    expect(proofPeriodLabel('2026-01-01', '2026-03-31')).toBe('2026-01-01 至 2026-03-31')
    setLocale('en')
    expect(proofPeriodLabel(null, null)).not.toBe('全部服务时长')
    setLocale('zh-CN')
  })

  it('lists them and revokes one with a reason', async () => {
    const calls: { url: string; method: string; body: string | null }[] = []
    configureHttp({
      fetch: async (input, init) => {
        calls.push({ url: String(input), method: init?.method ?? 'GET', body: (init?.body as string) ?? null })
        if ((init?.method ?? 'GET') === 'GET') {
          return new Response(JSON.stringify({ items: [{ number: 'ZM2026AAAA1111' }] }), { status: 200, headers: { 'Content-Type': 'application/json' } })
        }
        return new Response(
          JSON.stringify({ status: 409, code: 'proof_not_genuine', detail: '该证明已被替换或撤销' }),
          { status: 409, headers: { 'Content-Type': 'application/problem+json' } },
        )
      },
    })
    expect(await listOrganizationProofs(1)).toEqual([{ number: 'ZM2026AAAA1111' }])
    const err = await revokeProof('ZM2026AAAA1111', '时长记录有误').catch((e: unknown) => e)
    expect(err).toMatchObject({ status: 409, code: 'proof_not_genuine', detail: '该证明已被替换或撤销' })
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/v1/organizations/1/proofs',
      'POST /api/v1/proofs/ZM2026AAAA1111/revoke',
    ])
    expect(JSON.parse(calls[1]!.body!)).toEqual({ reason: '时长记录有误' })
    configureHttp({ fetch: (...args) => globalThis.fetch(...args) })
  })
})
