// The one HTTP client of the web front end.
//
// - same-origin credentials (the zy_session cookie is HttpOnly; the browser sends it),
// - the X-CSRF-Token header (value of the zy_csrf cookie) on every write,
// - application/problem+json parsed into a typed ApiError,
// - a central 401 handler (installed by main.ts) that clears the session and goes to /login,
// - a landing page's first GET answered by the request the early script made (src/landing.ts, takeEarlyResponse).

import { EARLY_GLOBAL, type EarlyRequest } from '@/landing'

export const API_BASE = '/api/v1'
export const CSRF_COOKIE = 'zy_csrf'
export const CSRF_HEADER = 'X-CSRF-Token'

export interface FieldError {
  field: string
  code: string
  message: string
  /** The line of an uploaded file the error is about (status files of the bank console). */
  line?: number
}

export interface ProblemDocument {
  type?: string
  title?: string
  status?: number
  code?: string
  detail?: string
  request_id?: string
  errors?: FieldError[]
}

/** An error answered by the server (or a transport failure, status 0). */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly title: string
  readonly detail: string
  readonly type: string
  readonly requestId: string | undefined
  readonly errors: FieldError[]

  constructor(status: number, problem: ProblemDocument) {
    const detail = problem.detail ?? problem.title ?? ''
    super(detail || `HTTP ${status}`)
    this.name = 'ApiError'
    this.status = status
    this.code = problem.code ?? codeForStatus(status)
    this.title = problem.title ?? ''
    this.detail = detail
    this.type = problem.type ?? 'about:blank'
    this.requestId = problem.request_id
    this.errors = problem.errors ?? []
  }

  /** True when the top-level code or one of the field errors carries `code`. */
  has(code: string): boolean {
    return this.code === code || this.errors.some((e) => e.code === code)
  }

  /** The first field error for `field`, if any. */
  fieldError(field: string): FieldError | undefined {
    return this.errors.find((e) => e.field === field)
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError
}

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  422: 'validation_failed',
  423: 'account_locked',
  429: 'rate_limited',
  500: 'internal',
  502: 'bad_gateway',
  503: 'unavailable',
  504: 'gateway_timeout',
}

export function codeForStatus(status: number): string {
  if (status === 0) return 'network_error'
  return STATUS_CODES[status] ?? (status >= 500 ? 'internal' : `http_${status}`)
}

const GENERIC_DETAIL: Record<string, string> = {
  network_error: '网络连接失败，请检查网络后重试',
  unauthenticated: '请先登录',
  forbidden: '没有权限执行此操作',
  not_found: '未找到该内容',
  rate_limited: '操作过于频繁，请稍后再试',
  payload_too_large: '提交的内容过大',
}

function sanitizeFieldErrors(raw: unknown): FieldError[] {
  if (!Array.isArray(raw)) return []
  const out: FieldError[] = []
  for (const item of raw) {
    if (item && typeof item === 'object') {
      const o = item as Record<string, unknown>
      const fe: FieldError = {
        field: typeof o.field === 'string' ? o.field : '',
        code: typeof o.code === 'string' ? o.code : '',
        message: typeof o.message === 'string' ? o.message : '',
      }
      if (typeof o.line === 'number' && Number.isInteger(o.line)) fe.line = o.line
      out.push(fe)
    }
  }
  return out
}

/** Turns a parsed JSON body into a ProblemDocument, ignoring members of the wrong type. */
export function toProblem(body: unknown): ProblemDocument {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return {}
  const o = body as Record<string, unknown>
  const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined)
  return {
    type: str('type'),
    title: str('title'),
    status: typeof o.status === 'number' ? o.status : undefined,
    code: str('code'),
    detail: str('detail'),
    request_id: str('request_id'),
    errors: sanitizeFieldErrors(o.errors),
  }
}

function isJsonType(contentType: string | null): boolean {
  if (!contentType) return false
  const mime = contentType.split(';')[0]!.trim().toLowerCase()
  return mime === 'application/json' || mime === 'application/problem+json' || mime.endsWith('+json')
}

/** Builds the ApiError for a non-2xx response. Never throws. */
export async function parseProblem(res: Response): Promise<ApiError> {
  let problem: ProblemDocument = {}
  if (isJsonType(res.headers.get('content-type'))) {
    try {
      problem = toProblem(await res.json())
    } catch {
      problem = {}
    }
  }
  const code = problem.code ?? codeForStatus(res.status)
  if (!problem.detail && !problem.title) {
    problem.detail = GENERIC_DETAIL[code] ?? `服务器错误（${res.status}），请稍后再试`
  }
  return new ApiError(res.status, { ...problem, code })
}

export function networkError(cause: unknown): ApiError {
  const err = new ApiError(0, { code: 'network_error', detail: GENERIC_DETAIL.network_error })
  ;(err as { cause?: unknown }).cause = cause
  return err
}

/** Reads one cookie from a `document.cookie`-style string. */
export function readCookie(cookieString: string, name: string): string | undefined {
  for (const part of cookieString.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() === name) {
      const raw = part.slice(eq + 1).trim()
      try {
        return decodeURIComponent(raw)
      } catch {
        return raw
      }
    }
  }
  return undefined
}

export type QueryValue = string | number | boolean | null | undefined
export type Query = Record<string, QueryValue>

export function buildQuery(query?: Query): string {
  if (!query) return ''
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue
    params.append(k, String(v))
  }
  const s = params.toString()
  return s ? `?${s}` : ''
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
const WRITE_METHODS: ReadonlySet<Method> = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export interface RequestOptions {
  method?: Method
  query?: Query
  body?: unknown
  /** A body sent as it is (an uploaded file) instead of JSON; `contentType` names it. */
  rawBody?: Blob | string
  contentType?: string
  signal?: AbortSignal
  /** Do not run the central 401 handler (used for the session probe and the log-in itself). */
  skipAuthRedirect?: boolean
}

interface HttpConfig {
  fetch: typeof fetch
  cookies: () => string
  onUnauthorized: ((err: ApiError) => void) | null
}

const config: HttpConfig = {
  fetch: (...args) => globalThis.fetch(...args),
  cookies: () => (typeof document !== 'undefined' ? document.cookie : ''),
  onUnauthorized: null,
}

// The CSRF token returned by the last log-in: used if the cookie cannot be read.
let csrfFallback: string | undefined

export function rememberCsrfToken(token: string | undefined): void {
  csrfFallback = token
}

export function configureHttp(options: Partial<HttpConfig>): void {
  Object.assign(config, options)
}

export function csrfToken(): string | undefined {
  return readCookie(config.cookies(), CSRF_COOKIE) ?? csrfFallback
}

/** How old an early request may be when taken (a page opened seconds ago; an older one is asked again). */
const EARLY_FRESH_MS = 10_000

/**
 * The response of the early script's request for `url` (a GET), once, if it was asked within the last few seconds:
 * the first page of a landing page's data, already on its way when the page's code asks for it.
 */
export function takeEarlyResponse(url: string): Promise<Response> | null {
  if (typeof window === 'undefined') return null
  const holder = window as unknown as Record<string, EarlyRequest | undefined>
  const early = holder[EARLY_GLOBAL]
  if (!early || early.url !== url) return null
  holder[EARLY_GLOBAL] = undefined
  return Date.now() - early.at <= EARLY_FRESH_MS ? early.response : null
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET'
  const headers: Record<string, string> = { Accept: 'application/json' }
  let body: Blob | string | undefined
  if (options.rawBody !== undefined) {
    headers['Content-Type'] = options.contentType ?? 'application/octet-stream'
    body = options.rawBody
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  if (WRITE_METHODS.has(method)) {
    const token = csrfToken()
    if (token) headers[CSRF_HEADER] = token
  }
  const url = (path.startsWith('/') ? path : `${API_BASE}/${path}`) + buildQuery(options.query)

  let res: Response
  try {
    const early = method === 'GET' && !options.signal ? takeEarlyResponse(url) : null
    res = await (early ??
      config.fetch(url, {
        method,
        headers,
        body,
        credentials: 'same-origin',
        signal: options.signal,
      }))
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw networkError(e)
  }

  if (!res.ok) {
    const err = await parseProblem(res)
    if (res.status === 401 && !options.skipAuthRedirect && config.onUnauthorized) {
      config.onUnauthorized(err)
    }
    throw err
  }
  if (res.status === 204 || res.headers.get('content-length') === '0') {
    return undefined as T
  }
  const text = await res.text()
  if (!text) return undefined as T
  try {
    return JSON.parse(text) as T
  } catch {
    throw new ApiError(res.status, { code: 'bad_response', detail: '服务器返回了无法识别的数据' })
  }
}

/** A file answered by the server (exports): the bytes and the headers that name them. */
export interface FileResponse {
  blob: Blob
  /** The raw `Content-Disposition` header, or null. */
  disposition: string | null
  contentType: string
}

/**
 * GET a file (CSV/XLSX exports) with the session cookie. Errors are parsed like `request` (problem+json →
 * ApiError, central 401 handler), so a refusal shows the server's Chinese reason.
 */
export async function requestFile(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<FileResponse> {
  const url = (path.startsWith('/') ? path : `${API_BASE}/${path}`) + buildQuery(options.query)
  let res: Response
  try {
    res = await config.fetch(url, {
      method: 'GET',
      headers: { Accept: '*/*' },
      credentials: 'same-origin',
      signal: options.signal,
    })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw networkError(e)
  }
  if (!res.ok) {
    const err = await parseProblem(res)
    if (res.status === 401 && !options.skipAuthRedirect && config.onUnauthorized) config.onUnauthorized(err)
    throw err
  }
  return {
    blob: await res.blob(),
    disposition: res.headers.get('content-disposition'),
    contentType: res.headers.get('content-type') ?? 'application/octet-stream',
  }
}

export const http = {
  get: <T>(path: string, query?: Query, opts: Omit<RequestOptions, 'method' | 'query'> = {}) =>
    request<T>(path, { ...opts, method: 'GET', query }),
  post: <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    request<T>(path, { ...opts, method: 'POST', body }),
  put: <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    request<T>(path, { ...opts, method: 'PUT', body }),
  patch: <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    request<T>(path, { ...opts, method: 'PATCH', body }),
  del: <T>(path: string, opts: Omit<RequestOptions, 'method'> = {}) =>
    request<T>(path, { ...opts, method: 'DELETE' }),
}

/** `/api/v1/...` path helper with segment encoding. */
export function apiPath(...segments: (string | number)[]): string {
  return `${API_BASE}/${segments.map((s) => encodeURIComponent(String(s))).join('/')}`
}
