// A small QR Code encoder (ISO/IEC 18004, byte mode, error correction level M — the level of the server's
// PDF and check-in codes), after Project Nayuki's reference design. Used to show a proof's verify link as a
// QR code on the volunteer's page; the server draws the one printed on the PDF.

export interface QrMatrix {
  /** Modules per side (21 for version 1, +4 per version). */
  size: number
  version: number
  mask: number
  /** Row-major: `dark[y * size + x]`. */
  dark: boolean[]
}

// Level M, indexed by version (index 0 unused).
// prettier-ignore
const ECC_PER_BLOCK_M = [-1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
  26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28]
// prettier-ignore
const BLOCKS_M = [-1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21,
  23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49]
/** Format bits of level M (L=1, M=0, Q=3, H=2). */
const ECL_M_BITS = 0

const bit = (x: number, i: number) => ((x >>> i) & 1) !== 0

/** Data + ECC modules of a version (everything but the function patterns). */
export function rawDataModules(ver: number): number {
  let result = (16 * ver + 128) * ver + 64
  if (ver >= 2) {
    const numAlign = Math.floor(ver / 7) + 2
    result -= (25 * numAlign - 10) * numAlign - 55
    if (ver >= 7) result -= 36
  }
  return result
}

/** Data codewords of a version at level M (16 for version 1, 216 for version 10). */
export function dataCodewords(ver: number): number {
  return Math.floor(rawDataModules(ver) / 8) - ECC_PER_BLOCK_M[ver]! * BLOCKS_M[ver]!
}

/** GF(2^8) product modulo x^8 + x^4 + x^3 + x^2 + 1. */
function gfMul(x: number, y: number): number {
  let z = 0
  for (let i = 7; i >= 0; i--) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d)
    z ^= ((y >>> i) & 1) * x
  }
  return z & 0xff
}

/** The Reed–Solomon generator polynomial of `degree` (leading 1 dropped). */
export function rsDivisor(degree: number): number[] {
  const result: number[] = new Array(degree).fill(0)
  result[degree - 1] = 1
  let root = 1
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      result[j] = gfMul(result[j]!, root)
      if (j + 1 < degree) result[j]! ^= result[j + 1]!
    }
    root = gfMul(root, 0x02)
  }
  return result
}

/** The error correction codewords of `data`. */
export function rsRemainder(data: readonly number[], divisor: readonly number[]): number[] {
  const result: number[] = divisor.map(() => 0)
  for (const b of data) {
    const factor = b ^ result.shift()!
    result.push(0)
    divisor.forEach((coef, i) => (result[i]! ^= gfMul(coef, factor)))
  }
  return result
}

function utf8(text: string): number[] {
  return Array.from(new TextEncoder().encode(text))
}

/** Byte-mode segment, terminator and padding → the data codewords of `ver`. */
function dataCodewordsOf(bytes: readonly number[], ver: number): number[] {
  const capacityBits = dataCodewords(ver) * 8
  const bits: number[] = []
  const push = (val: number, len: number) => {
    for (let i = len - 1; i >= 0; i--) bits.push((val >>> i) & 1)
  }
  push(0b0100, 4)
  push(bytes.length, ver <= 9 ? 8 : 16)
  for (const b of bytes) push(b, 8)
  push(0, Math.min(4, capacityBits - bits.length))
  push(0, (8 - (bits.length % 8)) % 8)
  for (let pad = 0xec; bits.length < capacityBits; pad ^= 0xec ^ 0x11) push(pad, 8)
  const out: number[] = []
  for (let i = 0; i < bits.length; i += 8) {
    let v = 0
    for (let j = 0; j < 8; j++) v = (v << 1) | bits[i + j]!
    out.push(v)
  }
  return out
}

/** Splits into blocks, appends each block's ECC and interleaves. */
function withEcc(data: readonly number[], ver: number): number[] {
  const numBlocks = BLOCKS_M[ver]!
  const eccLen = ECC_PER_BLOCK_M[ver]!
  const rawCodewords = Math.floor(rawDataModules(ver) / 8)
  const numShort = numBlocks - (rawCodewords % numBlocks)
  const shortLen = Math.floor(rawCodewords / numBlocks)
  const divisor = rsDivisor(eccLen)
  const blocks: number[][] = []
  for (let i = 0, k = 0; i < numBlocks; i++) {
    const dat = data.slice(k, k + shortLen - eccLen + (i < numShort ? 0 : 1))
    k += dat.length
    const ecc = rsRemainder(dat, divisor)
    if (i < numShort) dat.push(0)
    blocks.push(dat.concat(ecc))
  }
  const result: number[] = []
  for (let i = 0; i < blocks[0]!.length; i++) {
    blocks.forEach((block, j) => {
      if (i !== shortLen - eccLen || j >= numShort) result.push(block[i]!)
    })
  }
  return result
}

function alignmentPositions(ver: number, size: number): number[] {
  if (ver === 1) return []
  const numAlign = Math.floor(ver / 7) + 2
  const step = ver === 32 ? 26 : Math.ceil((ver * 4 + 4) / (numAlign * 2 - 2)) * 2
  const result = [6]
  for (let pos = size - 7; result.length < numAlign; pos -= step) result.splice(1, 0, pos)
  return result
}

/** The 15 format bits (level M, `mask`), BCH-protected and XOR-masked. */
export function formatBits(mask: number): number {
  const data = (ECL_M_BITS << 3) | mask
  let rem = data
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537)
  return ((data << 10) | rem) ^ 0x5412
}

class Grid {
  readonly dark: boolean[]
  readonly fn: boolean[]
  constructor(readonly size: number) {
    this.dark = new Array(size * size).fill(false)
    this.fn = new Array(size * size).fill(false)
  }
  clone(): Grid {
    const g = new Grid(this.size)
    for (let i = 0; i < this.dark.length; i++) {
      g.dark[i] = this.dark[i]!
      g.fn[i] = this.fn[i]!
    }
    return g
  }
  setFn(x: number, y: number, dark: boolean) {
    this.dark[y * this.size + x] = dark
    this.fn[y * this.size + x] = true
  }
}

function drawFormat(g: Grid, mask: number) {
  const bits = formatBits(mask)
  const n = g.size
  for (let i = 0; i <= 5; i++) g.setFn(8, i, bit(bits, i))
  g.setFn(8, 7, bit(bits, 6))
  g.setFn(8, 8, bit(bits, 7))
  g.setFn(7, 8, bit(bits, 8))
  for (let i = 9; i < 15; i++) g.setFn(14 - i, 8, bit(bits, i))
  for (let i = 0; i < 8; i++) g.setFn(n - 1 - i, 8, bit(bits, i))
  for (let i = 8; i < 15; i++) g.setFn(8, n - 15 + i, bit(bits, i))
  g.setFn(8, n - 8, true) // the dark module
}

function drawFunctionPatterns(g: Grid, ver: number) {
  const n = g.size
  for (let i = 0; i < n; i++) {
    g.setFn(6, i, i % 2 === 0)
    g.setFn(i, 6, i % 2 === 0)
  }
  const finder = (cx: number, cy: number) => {
    for (let dy = -4; dy <= 4; dy++) {
      for (let dx = -4; dx <= 4; dx++) {
        const d = Math.max(Math.abs(dx), Math.abs(dy))
        const x = cx + dx
        const y = cy + dy
        if (x >= 0 && x < n && y >= 0 && y < n) g.setFn(x, y, d !== 2 && d !== 4)
      }
    }
  }
  finder(3, 3)
  finder(n - 4, 3)
  finder(3, n - 4)
  const align = alignmentPositions(ver, n)
  const last = align.length - 1
  align.forEach((ax, i) => {
    align.forEach((ay, j) => {
      if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) return
      for (let dy = -2; dy <= 2; dy++)
        for (let dx = -2; dx <= 2; dx++) g.setFn(ax + dx, ay + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1)
    })
  })
  drawFormat(g, 0) // reserved now, the real bits once the mask is chosen
  if (ver >= 7) {
    let rem = ver
    for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25)
    const bits = (ver << 12) | rem
    for (let i = 0; i < 18; i++) {
      const a = n - 11 + (i % 3)
      const b = Math.floor(i / 3)
      g.setFn(a, b, bit(bits, i))
      g.setFn(b, a, bit(bits, i))
    }
  }
}

function drawCodewords(g: Grid, data: readonly number[]) {
  const n = g.size
  let i = 0
  for (let right = n - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5
    for (let vert = 0; vert < n; vert++) {
      for (let j = 0; j < 2; j++) {
        const x = right - j
        const upward = ((right + 1) & 2) === 0
        const y = upward ? n - 1 - vert : vert
        if (!g.fn[y * n + x] && i < data.length * 8) {
          g.dark[y * n + x] = bit(data[i >>> 3]!, 7 - (i & 7))
          i++
        }
      }
    }
  }
}

const MASKS: ((x: number, y: number) => boolean)[] = [
  (x, y) => (x + y) % 2 === 0,
  (_x, y) => y % 2 === 0,
  (x) => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
]

function applyMask(g: Grid, mask: number) {
  const n = g.size
  const f = MASKS[mask]!
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) if (!g.fn[y * n + x] && f(x, y)) g.dark[y * n + x] = !g.dark[y * n + x]
}

const FINDER_LIKE = [
  [true, false, true, true, true, false, true, false, false, false, false],
  [false, false, false, false, true, false, true, true, true, false, true],
]

/** The penalty score of ISO/IEC 18004 §7.8.3 (lower is easier to scan). */
export function penalty(dark: readonly boolean[], n: number): number {
  let score = 0
  const at = (x: number, y: number) => dark[y * n + x]!
  for (const horizontal of [true, false]) {
    for (let a = 0; a < n; a++) {
      const line: boolean[] = []
      for (let b = 0; b < n; b++) line.push(horizontal ? at(b, a) : at(a, b))
      let run = 1
      for (let b = 1; b <= n; b++) {
        if (b < n && line[b] === line[b - 1]) run++
        else {
          if (run >= 5) score += 3 + (run - 5)
          run = 1
        }
      }
      for (let b = 0; b + 11 <= n; b++)
        for (const pat of FINDER_LIKE) if (pat.every((v, k) => line[b + k] === v)) score += 40
    }
  }
  for (let y = 0; y + 1 < n; y++)
    for (let x = 0; x + 1 < n; x++) {
      const c = at(x, y)
      if (c === at(x + 1, y) && c === at(x, y + 1) && c === at(x + 1, y + 1)) score += 3
    }
  const darkCount = dark.reduce((s, d) => s + (d ? 1 : 0), 0)
  const total = n * n
  score += Math.floor(Math.abs(darkCount * 20 - total * 10) / total) * 10
  return score
}

/** Encodes `text` (UTF-8, byte mode, level M) in the smallest version that holds it; null when too long. */
export function encodeQr(text: string, options: { mask?: number } = {}): QrMatrix | null {
  const bytes = utf8(text)
  let ver = 1
  for (; ver <= 40; ver++) {
    const needed = 4 + (ver <= 9 ? 8 : 16) + bytes.length * 8
    if (needed <= dataCodewords(ver) * 8) break
  }
  if (ver > 40) return null
  const size = ver * 4 + 17
  const base = new Grid(size)
  drawFunctionPatterns(base, ver)
  drawCodewords(base, withEcc(dataCodewordsOf(bytes, ver), ver))
  let best: { mask: number; dark: boolean[]; score: number } | null = null
  const masks = options.mask !== undefined ? [options.mask] : [0, 1, 2, 3, 4, 5, 6, 7]
  for (const mask of masks) {
    const g = base.clone()
    applyMask(g, mask)
    drawFormat(g, mask)
    const score = penalty(g.dark, size)
    if (!best || score < best.score) best = { mask, dark: g.dark, score }
  }
  return { size, version: ver, mask: best!.mask, dark: best!.dark }
}

/** An SVG path (`M x y h1v1h-1z` per dark module) offset by a quiet zone of `margin` modules. */
export function qrPath(m: QrMatrix, margin = 4): string {
  let d = ''
  for (let y = 0; y < m.size; y++)
    for (let x = 0; x < m.size; x++) if (m.dark[y * m.size + x]) d += `M${x + margin} ${y + margin}h1v1h-1z`
  return d
}
