import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { deflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { dataCodewords, encodeQr, formatBits, qrPath, rawDataModules, rsDivisor, rsRemainder, type QrMatrix } from './qr'

describe('QR code encoder (level M)', () => {
  it('has the capacities of ISO/IEC 18004 table 7', () => {
    expect(rawDataModules(1)).toBe(208)
    expect(dataCodewords(1)).toBe(16)
    expect(dataCodewords(5)).toBe(86)
    expect(dataCodewords(10)).toBe(216)
    expect(dataCodewords(40)).toBe(2334) // 2331 bytes in byte mode (4 + 16 header bits)
  })
  it('computes the Reed–Solomon codewords of the standard’s example (“01234567”, 1-M)', () => {
    const data = [0x10, 0x20, 0x0c, 0x56, 0x61, 0x80, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11]
    expect(rsRemainder(data, rsDivisor(10))).toEqual([0xa5, 0x24, 0xd4, 0xc1, 0xed, 0x36, 0xc7, 0x87, 0x2c, 0x55])
  })
  it('writes the format bits of level M for each mask', () => {
    const want = ['101010000010010', '101000100100101', '101111001111100', '101101101001011', '100010111111001', '100000011001110', '100111110010111', '100101010100000']
    want.forEach((bits, mask) => expect(formatBits(mask).toString(2).padStart(15, '0')).toBe(bits))
  })
  it('picks the smallest version and draws the finder patterns', () => {
    const m = encodeQr('HELLO')!
    expect(m.version).toBe(1)
    expect(m.size).toBe(21)
    const at = (x: number, y: number) => m.dark[y * m.size + x]
    for (const [ox, oy] of [[0, 0], [14, 0], [0, 14]] as const) {
      expect(at(ox, oy)).toBe(true)
      expect(at(ox + 1, oy + 1)).toBe(false)
      expect(at(ox + 3, oy + 3)).toBe(true)
    }
    expect(at(8, m.size - 8)).toBe(true) // the dark module
    const url = encodeQr('https://zhiyuan.meizhou.gov.cn/verify/proofs/ZM2026DB1DSE9869')!
    expect(url.version).toBe(4)
    expect(encodeQr('x'.repeat(2331))!.version).toBe(40)
    expect(encodeQr('x'.repeat(2332))).toBeNull()
  })
  it('draws one square per dark module, inside the quiet zone', () => {
    const m: QrMatrix = { size: 2, version: 1, mask: 0, dark: [true, false, false, true] }
    expect(qrPath(m, 4)).toBe('M4 4h1v1h-1zM5 5h1v1h-1z')
  })
})

// A real decoder reads what we draw (zbarimg from zbar-tools, installed by scripts/install-deps.sh).
const hasZbar = spawnSync('zbarimg', ['--version']).status === 0

function crc32(buf: Buffer): number {
  let crc = 0xffffffff
  for (const b of buf) {
    let c = (crc ^ b) & 0xff
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    crc = (crc >>> 8) ^ c
  }
  return (crc ^ 0xffffffff) >>> 0
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}
/** A greyscale PNG of the symbol, 4 px per module, with the quiet zone. */
function png(m: QrMatrix, scale = 4, margin = 4): Buffer {
  const w = (m.size + 2 * margin) * scale
  const rows: Buffer[] = []
  for (let py = 0; py < w; py++) {
    const row = Buffer.alloc(w + 1)
    for (let px = 0; px < w; px++) {
      const x = Math.floor(px / scale) - margin
      const y = Math.floor(py / scale) - margin
      const dark = x >= 0 && y >= 0 && x < m.size && y < m.size && m.dark[y * m.size + x]
      row[px + 1] = dark ? 0 : 255
    }
    rows.push(row)
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0)
  ihdr.writeUInt32BE(w, 4)
  ihdr[8] = 8
  const sig = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10])
  return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))])
}

describe.skipIf(!hasZbar)('QR codes a real decoder reads', () => {
  it('round-trips verify links, Chinese text and long payloads across versions and masks', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'zy-qr-'))
    try {
      const texts = [
        'http://127.0.0.1:18080/verify/proofs/ZM2026DB1DSE9869',
        'https://zhiyuan.meizhou.gov.cn/verify/proofs/ZM2026ABCDEFGHIJ',
        '志愿服务记录证明 · 梅州',
        `https://example.org/${'ab1'.repeat(130)}`,
      ]
      for (const text of texts) {
        for (const mask of [undefined, 0, 1, 2, 3, 4, 5, 6, 7]) {
          const m = encodeQr(text, mask === undefined ? {} : { mask })!
          const file = path.join(dir, 'q.png')
          writeFileSync(file, png(m))
          const out = execFileSync('zbarimg', ['-q', '--raw', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
          expect(out.replace(/\n$/, ''), `version ${m.version}, mask ${m.mask}`).toBe(text)
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
