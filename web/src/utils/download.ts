// Downloads of the exports (CSV/XLSX): the file name the server gives in Content-Disposition.

const CONTROL = /[\u0000-\u001f\u007f]/g

/** Drops directories, control characters and leading dots, so the name is a plain file name. */
export function sanitizeFilename(name: string): string {
  const base = name.replace(CONTROL, '').split(/[\\/]/).pop() ?? ''
  const trimmed = base.trim().replace(/^\.+/, '')
  return trimmed
}

/** Splits `a=1; b="x;y"; c` on the semicolons outside quoted strings. */
function splitParams(header: string): string[] {
  const out: string[] = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < header.length; i++) {
    const c = header[i]!
    if (quoted && c === '\\' && i + 1 < header.length) {
      cur += c + header[i + 1]
      i++
      continue
    }
    if (c === '"') quoted = !quoted
    if (c === ';' && !quoted) {
      out.push(cur)
      cur = ''
    } else cur += c
  }
  out.push(cur)
  return out.map((p) => p.trim()).filter(Boolean)
}

function unquote(v: string): string {
  const s = v.trim()
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) return s.slice(1, -1).replace(/\\(.)/g, '$1')
  return s
}

/** RFC 5987 `UTF-8''%E8%80%83%E5%8B%A4.csv` → "考勤.csv"; null when not decodable. */
function decodeExtValue(v: string): string | null {
  const m = /^([\w!#$%&+^`{}~-]*)'[\w-]*'(.*)$/.exec(unquote(v))
  if (!m) return null
  const charset = m[1]!.toLowerCase()
  const value = m[2]!
  try {
    if (charset === 'utf-8' || charset === '') return decodeURIComponent(value)
    if (charset === 'iso-8859-1') return value.replace(/%([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
  } catch {
    return null
  }
  return null
}

/**
 * The file name of a `Content-Disposition` header (RFC 6266): `filename*` (RFC 5987, UTF-8) wins over
 * `filename`; quoted or token values; path parts are dropped. `fallback` when there is none.
 */
export function filenameFromDisposition(header: string | null | undefined, fallback: string): string {
  if (!header) return fallback
  let plain: string | null = null
  let extended: string | null = null
  for (const part of splitParams(header)) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    const key = part.slice(0, eq).trim().toLowerCase()
    const value = part.slice(eq + 1)
    if (key === 'filename*') extended = decodeExtValue(value) ?? extended
    else if (key === 'filename') plain = unquote(value)
  }
  for (const candidate of [extended, plain]) {
    if (candidate) {
      const clean = sanitizeFilename(candidate)
      if (clean) return clean
    }
  }
  return fallback
}

/** `/api/v1/activities/3/attendance.csv?x=1` → "attendance.csv" (the name to use when the header has none). */
export function filenameFromPath(path: string): string {
  const noQuery = path.split(/[?#]/)[0] ?? ''
  const last = noQuery.split('/').filter(Boolean).pop() ?? ''
  try {
    return sanitizeFilename(decodeURIComponent(last)) || 'download'
  } catch {
    return sanitizeFilename(last) || 'download'
  }
}
